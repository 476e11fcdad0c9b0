--- glean.extract.quote_speakers — who said a quote, for glean.extract.quotes (whose header
-- states the conventions): the noun phrase of a cue verb, read from the cue outwards
-- over the doc's columns (subject before it, object after it), the entity or the name
-- that ends it, and the fuller earlier mention of a definite description.
local Span = require "glean.span"
local columns = require "glean.columns"

local M = {}

---------------------------------------------------------------- word lists

-- Cue verbs whose object is the listener, not the speaker (“…,” told the BBC: no).
local LISTENER_CUES = { told = true, tells = true, asked = true, asks = true, urged = true,
  urges = true }

-- Words that cannot be part of a speaker's noun phrase: verbs, conjunctions, relatives.
local BREAK = {}
for w in ([[is are was were be been being am has have had having will would could should
  may might must can shall do does did not n't that which who whom whose when where while
  because although though if as than then so but or nor however also yet still just only
  even already and also meanwhile separately instead now again too there here it's
  what why how whether according this these those]]):gmatch("%S+") do BREAK[w] = true end

-- Words after a noun phrase that make it the subject of a clause, not a speaker (said X
-- were …, said the survey showed that …).
local VERBS = {}
for w in ([[is are was were be been has have had will would could should may might must
  can shall do does did that]]):gmatch("%S+") do VERBS[w] = true end

-- Prepositions and time words end a noun phrase read forwards (said the official on
-- Tuesday); `of` does not (the head of the agency).
local PREP = {}
for w in ([[on in at for to from with by about after before during since until over under
  into onto against among between through via yesterday today tomorrow tonight last next
  earlier later recently when who which that afterwards outside inside]]):gmatch("%S+") do
  PREP[w] = true
end

local DET = {}
for w in ([[the a an his her their its our my your this that these those]]):gmatch("%S+") do
  DET[w] = true
end

local PRONOUNS = { he = true, she = true, they = true, we = true, i = true, it = true,
  you = true }
local GENERIC = { they = true, you = true, we = true }   -- `who they say they are`

-- Role words and honorifics left out of a speaker's name ("Chancellor Angela Merkel").
local TITLES = {}
for w in ([[mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady chancellor
  president minister prime secretary chairman chairwoman chief executive spokesman
  spokeswoman spokesperson director general governor senator sen. rep. representative
  mayor king queen prince princess pope judge justice professor commissioner ambassador
  captain coach manager boss chancellor deputy vice foreign home interior defence defense
  finance trade economy health culture state premier leader mp]]):gmatch("%S+") do
  TITLES[w] = true
end

local SPEAKER_LABELS = { PERSON = true, ORG = true, NORP = true, GPE = true }

---------------------------------------------------------------- helpers

-- Token i's strings and flags, from the doc's columns (glean.columns): table reads, not
-- a Token userdata and a C call per field.
local IS_PUNCT, IS_TITLE, IS_UPPER, IS_LOWER, IS_QUOTE = columns.IS_PUNCT, columns.IS_TITLE,
  columns.IS_UPPER, columns.IS_LOWER, columns.IS_QUOTE
local LIKE_NUM, SENT_START = columns.LIKE_NUM, columns.SENT_START

local function norm(C, i) return C.norm[C.type[i]] end
local function tok_text(C, i) return C.text[C.type[i]] end
local function has(C, i, flag) return C.flags[i] & flag ~= 0 end

-- A span of tokens first..last, its offsets read from the columns (Span.new asks the
-- doc for them: two C calls).
local function span_of(doc, C, first, last, label, source, rule)
  return setmetatable({ doc = doc, first = first, last = last, start = C.start[first],
    stop = columns.stop(C, last), label = label, source = source, rule = rule }, Span)
end

-- A capitalised word: `Merkel`, `BBC`, and names with a capital inside (`McConnell`,
-- `DiCaprio`), which are not title case.
local function is_titlecase(C, i)
  local f = C.flags[i]
  return f & IS_TITLE ~= 0 or (f & IS_UPPER ~= 0 and utf8.len(tok_text(C, i)) > 1)
    or (f & IS_LOWER == 0 and tok_text(C, i):find("^%u%l") ~= nil)
end

-- Auxiliaries and adverbs between a subject and its cue (the minister has also said).
local AUX = {}
for w in ([[has have had is was were are will would could can may might must shall should
  did does do also previously later earlier reportedly then once n't not just simply
  recently already often]]):gmatch("%S+") do AUX[w] = true end

-- A subject that ends in one of these is a time, not a speaker (… last year revealed).
local TIME_WORDS = {}
for w in ([[year years week weeks month months day days time times today yesterday
  night morning afternoon evening weekend decade century]]):gmatch("%S+") do TIME_WORDS[w] = true end

local CLAUSE_PUNCT = { [","] = true, [";"] = true, [":"] = true, ["("] = true, [")"] = true,
  ["-"] = true, ["—"] = true, ["–"] = true }

local function is_adverb(C, i)
  return has(C, i, IS_LOWER) and utf8.len(tok_text(C, i)) > 3 and norm(C, i):sub(-2) == "ly"
end

-- The entity that ends exactly at token `last` and starts at or after `first`. `ends`
-- is the call's { doc = doc } table: the speaker-like entities of doc.ents (PERSON, ORG,
-- NORP, GPE) by last token are made there on first need, so that no cue walks doc.ents.
local function is_speaker_entity(e) return SPEAKER_LABELS[e.label] ~= nil end

local function entity_ending(ends, first, last)
  local by_last = ends.by_last
  if not by_last then
    by_last = Span.by_last(ends.doc.ents, is_speaker_entity)
    ends.by_last = by_last
  end
  for _, e in ipairs(by_last[last] or {}) do
    if e.first >= first then return e end
  end
end

-- Whether token i is a hyphen written between the tokens around it (`Quillinan-Meiland`).
local function glued_hyphen(C, i)
  if i <= 1 or i >= C.n or tok_text(C, i) ~= "-" then return false end
  local s = C.start[i]
  return C.start[i + 1] == s + 1 and columns.stop(C, i - 1) == s - 1
end

-- The proper-name run that ends at `last` (not before `first`): capitalised words,
-- joined by and/of/for/& between capitalised words and by hyphens inside a word
-- (`Marja Quillinan-Meiland`), without leading titles.
local function name_run(C, first, last)
  local a = last
  -- `Chung Mong-koo`: a name may end in a lower-case part after a hyphen
  if a - 2 >= first and glued_hyphen(C, a - 1) and has(C, a, IS_LOWER) then a = a - 2 end
  if not is_titlecase(C, a) or TITLES[norm(C, a)] or DET[norm(C, a)] then return nil end
  while a > first do
    local n = norm(C, a - 1)
    if is_titlecase(C, a - 1) and not TITLES[n] and not DET[n] then
      a = a - 1
    elseif (n == "and" or n == "of" or n == "for" or n == "&" or (n == "-" and glued_hyphen(C, a - 1)))
        and a - 2 >= first and is_titlecase(C, a - 2) and not TITLES[norm(C, a - 2)] then
      a = a - 2
    else
      break
    end
  end
  return a
end

-- Chooses the speaker inside the noun phrase first..last (see the header).
local function speaker_in(doc, C, ends, first, last)
  -- a role with a complement (a spokeswoman for the RAD, one of their lawyers): all of it
  for k = first + 1, last - 1 do
    local n = norm(C, k)
    if (n == "of" or n == "for") and has(C, k - 1, IS_LOWER) then
      return span_of(doc, C, first, last, nil, "quotes")
    end
  end
  local ent = entity_ending(ends, first, last)
  if ent then return ent end
  local a = name_run(C, first, last)
  if a then return span_of(doc, C, a, last, nil, "quotes") end
  return span_of(doc, C, first, last, nil, "quotes")
end

-- First token of the clause that ends at b: back to a comma, bracket, colon, dash (not
-- a hyphen inside a word) or the sentence start, at most 16 tokens.
local function clause_start(C, b)
  local c = b
  while c > 1 and b - c < 16 and not has(C, c, SENT_START)
      and not (CLAUSE_PUNCT[tok_text(C, c - 1)] and not glued_hyphen(C, c - 1))
      and not has(C, c - 1, IS_QUOTE) do
    c = c - 1
  end
  return c
end

-- Whether the noun phrase that ends at token e reads as a role: it ends in a common noun
-- or opens with a determiner (`The chairman of the Federal Network Agency (FNA)`: a
-- bracketed short form at its end is passed over).
local function is_role(C, e)
  if tok_text(C, e) == ")" then
    local k = e - 1
    while k > 1 and e - k < 6 and tok_text(C, k) ~= "(" do k = k - 1 end
    if tok_text(C, k) ~= "(" or k < 2 then return false end
    e = k - 1
  end
  return has(C, e, IS_LOWER) or DET[norm(C, clause_start(C, e))] == true
end

-- The subject noun phrase of a cue verb at token `cue`: a, b (token range) or nil.
-- Skips auxiliaries (has also said), a relative clause or an age between commas
-- (X, who …, said; Smith, 45, said) and a bracketed short form (the Authority (QCA) said).
local function subject_np(C, cue)
  local b = cue - 1
  while b >= 1 and (AUX[norm(C, b)] or is_adverb(C, b)) and not has(C, b, SENT_START) do b = b - 1 end
  if b < 2 then return nil end
  if (norm(C, b) == "who" or norm(C, b) == "which") and tok_text(C, b - 1) == "," then
    b = b - 2  -- Professor Chris Woodhead, who has said …
    if b < 1 then return nil end   -- `, who said` at the text's start: no subject
  elseif tok_text(C, b) == "," then
    -- X, who has taught ballet for 48 years, told …   /   Smith, 45, said
    local c = clause_start(C, b - 1)
    local n = norm(C, c)
    if c > 2 and tok_text(C, c - 1) == "," and (n == "who" or n == "which" or (c == b - 1 and has(C, c, LIKE_NUM))) then
      b = c - 2
    elseif c > 2 and c < b and tok_text(C, c - 1) == "," then
      -- a role and a name in apposition, either way round: `The chairman of the MCB's
      -- committee, Sher Khan, said` (a role ending in a common noun or opening with a
      -- determiner, then only a name); `Charles Saumarez Smith, the gallery's director,
      -- said` (a role in lower case or with a determiner). Not `Mr Johnson, MP for
      -- Henley-on-Thames, Oxfordshire, said`.
      if is_role(C, c - 2) and name_run(C, c, b - 1) == c then
        return c, b - 1
      end
      if has(C, c, IS_LOWER) or DET[norm(C, c)] then
        local a = name_run(C, clause_start(C, c - 2), c - 2)
        if a then return a, c - 2 end
      end
      return nil
    else
      return nil
    end
  end
  if tok_text(C, b) == ")" then
    -- the Qualifications and Curriculum Authority (QCA) has said
    local k = b - 1
    while k > 1 and b - k < 6 and tok_text(C, k) ~= "(" do k = k - 1 end
    if tok_text(C, k) == "(" and k > 1 then b = k - 1 end
  end
  if TIME_WORDS[norm(C, b)] or has(C, b, IS_PUNCT) then return nil end
  local c = clause_start(C, b)
  local a, j = nil, b
  while j >= c do
    local n = norm(C, j)
    local joins_names = (n == "and" or n == "&" or n == "of") and j > c and a
      and is_titlecase(C, j - 1) and is_titlecase(C, j + 1)
    if (BREAK[n] and not joins_names) or is_adverb(C, j) then break end
    if PREP[n] and not ((n == "for" or n == "of") and a and (DET[norm(C, j + 1)] or is_titlecase(C, j + 1))) then break end
    a = j
    if DET[n] and not (j - 1 >= c and (norm(C, j - 1) == "of" or norm(C, j - 1) == "for")) then break end
    j = j - 1
  end
  if not a then return nil end
  return a, b
end

-- The object noun phrase after a cue ending at token `cue_last`: a, b or nil.
-- `said its chairman, Sir Anthony Greener`: a role followed by a name takes the name.
local function object_np(C, cue_last)
  local a = cue_last + 1
  local n_tok = C.n
  if a > n_tok then return nil end
  local b
  for j = a, math.min(n_tok, a + 9) do
    local n = norm(C, j)
    if (has(C, j, IS_PUNCT | IS_QUOTE) and not glued_hyphen(C, j)) or BREAK[n]
        or (j > a and has(C, j, SENT_START)) then break end
    if PREP[n] and not ((n == "of" or n == "for") and j > a) then break end
    b = j
  end
  if not b then return nil end
  while b > a and (norm(C, b) == "of" or norm(C, b) == "for" or DET[norm(C, b)]) do b = b - 1 end
  if PRONOUNS[norm(C, a)] or TIME_WORDS[norm(C, b)] then return nil end
  -- `said the official.` / `said Smith, who …`, not `said the move was …` nor `said
  -- many young dancers were …` (a verb after it: the subject of what was said)
  if b + 1 <= n_tok and (VERBS[norm(C, b + 1)] or not (has(C, b + 1, IS_PUNCT | IS_QUOTE | SENT_START)
      or BREAK[norm(C, b + 1)] or PREP[norm(C, b + 1)])) then
    return nil
  end
  -- an appositive name after a role
  if has(C, b, IS_LOWER) and b + 2 <= n_tok and tok_text(C, b + 1) == "," then
    local e = b + 2
    while e + 1 <= n_tok and e - b < 7 and is_titlecase(C, e + 1) do e = e + 1 end
    local r = is_titlecase(C, e) and name_run(C, b + 2, e)
    if r and (e == n_tok or has(C, e + 1, IS_PUNCT)) then return r, e end
  end
  return a, b
end

-- The occurrences of a head word, for antecedent: per call, the doc's tokens indexed by
-- text (made on first need: one pass; the head is written in lower case, and so must
-- its earlier mentions be: `President` in `The fact is that President` is none), and per
-- head word its occurrences in text order, each with the determiner a few tokens before
-- it (at most 6 back, not over a clause mark), and the nearest `a`/`an` one up to each,
-- so that a long text with many descriptions stays linear.
local MAX_TEXT_SEARCHES = 16   -- distinct heads searched in the text before an index

-- The token positions (after the first) where the doc writes `head` as a token: a plain
-- text search for the first few distinct heads of a call (most articles have one or two),
-- then one index of every token by text, so that many heads stay linear.
local function positions_of(C, text, index, head)
  local by_text = index.by_text
  if not by_text and index.searches < MAX_TEXT_SEARCHES then
    index.searches = index.searches + 1
    local list, pos = {}, 1
    while true do
      local a, b = text:find(head, pos, true)
      if not a then return list end
      local i = columns.token_at(C, a)
      if i and i > 1 and C.start[i] == a and C.text[C.type[i]] == head then list[#list + 1] = i end
      pos = b + 1
    end
  end
  if not by_text then
    by_text = {}
    -- the lists' lengths kept apart: `#list` on a list of 100,000 `the` is a search
    local types, texts, counts = C.type, C.text, {}
    for i = 2, C.n do
      local l = texts[types[i]]
      local list = by_text[l]
      if list then
        local n = counts[l] + 1
        list[n], counts[l] = i, n
      else
        by_text[l], counts[l] = { i }, 1
      end
    end
    index.by_text = by_text
  end
  return by_text[head] or {}
end

local function occurrences_of(C, text, index, head)
  local occ = index.heads[head]
  if occ then return occ end
  occ = { pos = {}, det = {}, the = {}, nearest_a = {}, longer = {} }
  local last_a
  for n, i in ipairs(positions_of(C, text, index, head)) do
    occ.pos[n] = i
    for k = i - 1, math.max(1, i - 6), -1 do
      local w = norm(C, k)
      if w == "a" or w == "an" then
        last_a = n
        occ.det[n] = k
        break
      elseif w == "the" then
        occ.det[n], occ.the[n] = k, true
        break
      elseif CLAUSE_PUNCT[tok_text(C, k)] or has(C, k, IS_QUOTE) or (has(C, k, IS_PUNCT) and tok_text(C, k) ~= ".") then
        break
      end
    end
    occ.nearest_a[n] = last_a
  end
  index.heads[head] = occ
  return occ
end

-- The nearest occurrence up to number j of `the` + more than `len` + 1 words, through
-- a table per length made on first need.
local function nearest_longer(occ, len, j)
  local t = occ.longer[len]
  if not t then
    t = {}
    local last
    for n = 1, #occ.pos do
      if occ.the[n] and occ.pos[n] - occ.det[n] > len then last = n end
      t[n] = last
    end
    occ.longer[len] = t
  end
  return t[j]
end

-- The earlier, fuller mention of a definite description (`the official`, `the U.S.
-- official`): the nearest noun phrase before it with the same head word that is
-- introduced by a/an (`a U.S. State Department official`), else the nearest longer one
-- with `the`; nil when the speaker is no such description or nothing fits. `index` is
-- the call's { heads = {}, searches = 0 } (occurrences_of keeps what it found there).
local function antecedent(doc, C, index, sp)
  local first, last = sp.first, sp.last
  if last <= first or norm(C, first) ~= "the" or not has(C, last, IS_LOWER) then return nil end
  local occ = occurrences_of(C, doc.text, index, C.text[C.type[last]])
  local pos = occ.pos
  local lo, hi = 0, #pos                -- the last occurrence before the description
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if pos[mid] < first then lo = mid else hi = mid - 1 end
  end
  if lo == 0 then return nil end
  local n = occ.nearest_a[lo] or nearest_longer(occ, last - first, lo)
  return n and span_of(doc, C, occ.det[n], pos[n], nil, "quotes") or nil
end

-- The speaker of a cue (a span of the "cue" rule), or nil: the subject noun phrase
-- before it, else (not for told, asked, urged: their object is the listener) the object
-- after it. Returns { speaker=, cue=, cue_span=, pronoun=, np_first=, np_last= }.
local function speaker_of_cue(doc, C, ends, cue)
  local according = cue.last > cue.first
  local a, b
  if not according then a, b = subject_np(C, cue.first) end
  if not a and (according or not LISTENER_CUES[norm(C, cue.first)]) then
    a, b = object_np(C, cue.last)
  end
  if not a or b < a then return nil end
  local sp = speaker_in(doc, C, ends, a, b)
  return { speaker = sp, cue = according and "according to" or tok_text(C, cue.first):lower(),
    cue_span = span_of(doc, C, cue.first, cue.last, nil, "rule:cue", "cue"),
    np_first = a, np_last = b,
    pronoun = sp.first == sp.last and PRONOUNS[norm(C, sp.first)] or nil }
end

-- The word sets as arrays, for the C twin (csrc/glean_quote_speakers.c), which is handed
-- them once per nlp by quotes.lua: every set is tested on a token's norm, CLAUSE_PUNCT on
-- its text.
local function words_of(set)
  local out = {}
  for w in pairs(set) do out[#out + 1] = w end
  table.sort(out)
  return out
end
M.WORDS = { listener_cue = words_of(LISTENER_CUES), ["break"] = words_of(BREAK),
  verb = words_of(VERBS), prep = words_of(PREP), det = words_of(DET),
  pronoun = words_of(PRONOUNS), generic = words_of(GENERIC), title = words_of(TITLES),
  aux = words_of(AUX), time_word = words_of(TIME_WORDS), clause_punct = words_of(CLAUSE_PUNCT) }

M.speaker_of_cue, M.antecedent, M.span_of = speaker_of_cue, antecedent, span_of
M.norm, M.tok_text, M.has, M.GENERIC = norm, tok_text, has, GENERIC
return M
