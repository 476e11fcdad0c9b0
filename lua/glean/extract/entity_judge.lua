--- glean.extract.entity_judge — the candidates of the news recognizer
-- (glean.extract.entities, whose header says how it decides): the built-in lists'
-- matches, the rules' matches, and the capitalised runs that nothing else explained,
-- judged with what the document says (its line starts, the names it has already seen).
local columns = require "glean.columns"
local new_table = require("glean.core").new_table

local LISTS = "glean.extract.lists."

local M = {}

local function set_of(words, transform)
  local s = {}
  for _, w in ipairs(words) do s[transform and transform(w) or w] = true end
  return s
end

local function split_words(blocks)
  local out = {}
  for _, block in ipairs(blocks) do
    for w in block:gmatch("%S+") do out[#out + 1] = w end
  end
  return out
end

------------------------------------------------------------------------ the lists

-- Capitalised words treated specially (lists/words.lua): first names that are everyday
-- words (`Will`, `May`), words that begin sentences and no names (`The`, `However`),
-- words that can begin a name but are none alone (`Federal`), common acronyms (`CEO`).
local WORDS = require(LISTS .. "words")
local WEAK_FIRST = set_of(WORDS.weak_first)
local LEADING = set_of(WORDS.leading)
local NOT_ALONE = set_of(WORDS.not_alone)
local COMMON_ACRONYMS = set_of(WORDS.common_acronyms)
local NOT_PERSON_LAST = set_of(WORDS.not_person_last)

-- Words that join the parts of a name (`Secretary of State for Trade and Industry`).
local CONNECTOR_WORDS = { "of", "for", "and", "the", "&" }
local CONNECTORS = set_of(CONNECTOR_WORDS)

local SAINT_WORDS = { "St", "St.", "Saint", "San", "Santa", "Sao", "São", "Ste", "Sainte" }
local SAINT = set_of(SAINT_WORDS)

local NOT_NAMES = {}
for w in pairs(LEADING) do NOT_NAMES[w] = true end
for w in pairs(NOT_ALONE) do NOT_NAMES[w] = true end

-- Token flags, read from the doc's columns (glean.columns): table reads, without a Token
-- or a C call per look-up, keep the per-candidate work small.
local IS_TITLE, IS_UPPER, IS_LOWER, IS_STOP, SENT_START = columns.IS_TITLE,
  columns.IS_UPPER, columns.IS_LOWER, columns.IS_STOP, columns.SENT_START

-- How much each source is trusted when two spans of the same length overlap.
local STRENGTH = { list = 10, rule = 0, doc = -5, run = -10 }

local function entry_info(cache, gaz, e)
  local info = cache[e]
  if not info then
    local x = gaz:entry(e)
    info = { x.label, "list:" .. (x.id or "builtin") }
    cache[e] = info
  end
  return info
end

--- The tokens that start a sentence or a line (tables and headlines have no full
-- stops), as a set of token indices: from the doc's sentences and its line breaks, the
-- same as the rules' `^^` (a newline, a carriage return, U+2028 or U+2029), without
-- visiting every token. Most texts break lines with newlines only: then one search per
-- newline and one for the word after it, which also steps over blank lines.
local function line_starts(doc, C)
  local set = columns.per_token(C)
  set[1] = true
  for k = 1, doc:sent_count() do set[doc:_sent(k)] = true end
  local text, find, byte = doc.text, string.find, string.byte
  local pos = 1
  if not find(text, "\r", 1, true)
      and not (find(text, "\226\128", 1, true) and find(text, "\226\128[\168\169]")) then
    while true do
      local nl = find(text, "\n", pos, true)
      if not nl then break end
      local j = find(text, "%S", nl + 1)
      if not j then break end
      local t = columns.token_at(C, j)
      if t then set[t] = true end
      pos = j + 1
    end
    return set
  end
  while true do
    local a = find(text, "[\n\r\226]", pos)
    if not a then break end
    pos = a + 1
    local b2, b3 = byte(text, a + 1, a + 2)
    if byte(text, a) ~= 226 or (b2 == 128 and (b3 == 168 or b3 == 169)) then
      local t = columns.token_after(C, a)
      if t then set[t] = true end
    end
  end
  return set
end

--- Known names from the built-in lists, and first names where no known name is.
local function list_candidates(doc, m, C, starts)
  -- a list entry only counts written with a capital (`China`, not `china`): the
  -- gazetteer keeps only those matches
  local found = m.known:_find(doc, false, nil, true)
  local cands = new_table(#found // 3)
  for k = 1, #found, 3 do
    local info = entry_info(m.known_entries, m.known, found[k + 2])
    cands[#cands + 1] = { first = found[k], last = found[k + 1], label = info[1],
      source = info[2], strength = STRENGTH.list }
  end
  -- A one-word GeoNames city right next to another capitalised word that no list knows
  -- (`Duffy Waldorf`, `Conchita Martinez`, `Mother Teresa`) is more likely part of a
  -- name: leave that run to the rules and the run judge. Not across a line break: a
  -- table's `CHICAGO 8 Florida 3` comes after its heading `National League`.
  local known_at = columns.per_token(C)
  for _, c in ipairs(cands) do
    for i = c.first, c.last do known_at[i] = true end
  end
  local ntoks, flags = C.n, C.flags
  local function bare_capital(i)
    if i < 1 or i > ntoks or known_at[i] then return false end
    local f = flags[i]
    return f & IS_TITLE ~= 0 and f & (IS_STOP | SENT_START) == 0
  end
  local kept = new_table(#cands)
  for _, c in ipairs(cands) do
    local lone_city = c.label == "CITY" and c.first == c.last
    if not (lone_city and ((bare_capital(c.first - 1) and not starts[c.first]) or
        (bare_capital(c.last + 1) and not starts[c.last + 1]
          and flags[c.first] & SENT_START == 0))) then
      kept[#kept + 1] = c
    end
  end
  cands = kept
  if not m.first then return cands end
  local at = columns.per_token(C)
  for _, c in ipairs(cands) do
    for i = c.first, c.last do at[i] = c end
  end
  local firsts = m.first:_find(doc, false, nil, true)
  for k = 1, #firsts, 3 do
    local first, last = firsts[k], firsts[k + 1]
    local clash = at[first]
    if first > 1 and SAINT[C.text[C.type[first - 1]]] then
      -- `St Etienne`, `San Jose`: a place or a club named after a saint, not a person
    elseif not clash then
      cands[#cands + 1] = { first = first, last = last, label = "FIRST",
        source = "list:first_names", strength = STRENGTH.list }
    elseif clash.first == clash.last and clash.label ~= "NORP" and last < ntoks
        and C.text[C.type[last + 1]]:match("^%u%l") then
      -- `Jordan Henderson`, `Georgia Brown`: a place that is also a first name, before
      -- a capitalised word, is the first name
      clash.label, clash.source = "FIRST", "list:first_names"
    end
  end
  return cands
end

--- Leading words that cannot start a name (`The`, `But`, a title) are dropped from
-- tokens first..last: returns the new first (> last when nothing is left).
local function trimmed(C, first, last, m)
  local titles, types, texts, lowers, flags = m.titles, C.type, C.text, C.lower, C.flags
  while first <= last do
    local t = types[first]
    if LEADING[texts[t]] or titles[lowers[t]] or flags[first] & IS_STOP ~= 0 then
      first = first + 1
    else
      break
    end
  end
  return first
end

local function person_tail(C, last)
  return NOT_PERSON_LAST[C.text[C.type[last]]]
end

-- Whether the capitalised words from token i on (at most 6) end in such a word.
local function starts_non_person(C, i)
  local last
  while i <= C.n and C.flags[i] & IS_TITLE ~= 0 and (not last or i - last < 6) do
    last = i
    i = i + 1
  end
  return last ~= nil and person_tail(C, last)
end

local function trim(C, c, m)
  c.first = trimmed(C, c.first, c.last, m)
  return c.first <= c.last
end

--- Rule matches as candidates; capitalised runs are returned apart to be judged later,
-- as flat first, last, kind triples (kind RUN or UPPER). `working` is the flat first,
-- last, label triples of the entities the rules see; the matches come back flat too
-- (rules:_match_flat): tens of thousands per MB of news, most of them runs.
local function rule_candidates(doc, m, working, C, starts)
  local flat, n = m.rules._core:_match_flat(doc, working, false, nil)
  local country = columns.per_token(C)   -- national teams in results stay places
  local listed = columns.per_token(C)    -- first -> last of the entities the rules saw
  local in_listed = columns.per_token(C) -- their tokens
  for i = 1, #working, 3 do
    if working[i + 2] == "COUNTRY" then country[working[i]] = working[i + 1] end
    listed[working[i]] = working[i + 1]
    for t = working[i], working[i + 1] do in_listed[t] = true end
  end
  local cands, runs, nruns = {}, new_table(3 * n), 0
  local infos = m.rule_info
  local k = 1
  for _ = 1, n do
    local info = infos[flat[k]]
    local first, last = flat[k + 1], flat[k + 2]
    local caps = k + 3                    -- capture c is at caps + 2(c - 1)
    k = caps + 2 * info.ncaps
    if info.run then                      -- most matches: a run is the whole match
      -- a run goes on over a line break or into the next sentence (`Valencia ⏎⏎
      -- Claudio Ranieri`): its pieces are judged apart
      for i = first + 1, last do
        if starts[i] then
          runs[nruns + 1], runs[nruns + 2], runs[nruns + 3] = first, i - 1, info.label
          nruns = nruns + 3
          first = i
        end
      end
      runs[nruns + 1], runs[nruns + 2], runs[nruns + 3] = first, last, info.label
      nruns = nruns + 3
      goto next_match
    end
    for g = 1, 2 do
      local cap = g == 1 and info.ent or info.ent2
      local f, l = first, last
      if cap then
        f, l = flat[caps + 2 * (cap - 1)], flat[caps + 2 * cap - 1]
      elseif g == 2 then
        break
      end
      -- the words before a capture are its evidence (`Chancellor` in `Chancellor Angela
      -- Merkel`): none on the line before (`... as Tory MP ⏎⏎ Tory MP Jonathan Sayeed`),
      -- and no title that is part of a listed name (`General Motors Europe`)
      if cap and f > first then
        for i = first, f - 1 do
          if starts[i + 1] or (info.title and in_listed[i]) then f = 0 break end
        end
      end
      if f > 0 then
        -- a match over a line break or a sentence start keeps one side: the last for
        -- head-final names (`Leicester ⏎⏎ National League`), else the first
        for i = f + 1, l do
          if starts[i] then
            if info.head_last then f = i else l = i - 1 break end
          end
        end
      end
      if f > 0 and not (info.teams and country[f] == l) then
        local c = { first = f, last = l, label = info.label, source = info.source,
          strength = STRENGTH.rule + info.priority }
        -- `The Ministry` -> `Ministry`, but a whole listed name stays (`New York`); a
        -- person's name does not end in an organisation's or an event's word (`Hans
        -- Christian Andersen School`, `Hans Christian Andersen Award`)
        if (info.label == "DATE" or listed[f] == l or trim(C, c, m))
            and not (info.label == "PERSON" and person_tail(C, c.last)) then
          -- the title right before the name, once trimmed (`minister Baroness Scotland`)
          if info.written and c.first > 1 and info.written[C.text[C.type[c.first - 1]]] then
            c.strength = STRENGTH.rule + info.written_priority
          end
          cands[#cands + 1] = c
        end
      end
    end
    ::next_match::
  end
  return cands, runs
end

--- The keys under which later mentions of an entity are recognised:
-- PERSON `Angela Merkel` -> `merkel`; ORG `Huawei Technologies Co.` -> `huawei
-- technologies co.`, `huawei technologies`, `huawei`.
local MAX_ALIAS_WORDS = 8

local function remember(C, c, aliases)
  local words, types, lowers = {}, C.type, C.lower
  for i = c.first, c.last do words[#words + 1] = lowers[types[i]] end
  local full = table.concat(words, " ")
  if not aliases[full] then aliases[full] = c.label end
  if c.label == "PERSON" and #words >= 2 then
    local surname = words[#words]
    if not aliases[surname] then aliases[surname] = "PERSON" end
  elseif c.label == "ORG" and #words >= 2 and not NOT_NAMES[C.text[types[c.first]]] then
    -- prefixes of at most MAX_ALIAS_WORDS words: a run of thousands of capitalised
    -- words before `Agency` costs linear time, not the square of its length
    for n = math.min(#words - 1, MAX_ALIAS_WORDS), 1, -1 do
      local prefix = table.concat(words, " ", 1, n)
      if aliases[prefix] == nil then aliases[prefix] = "ORG" end
    end
  end
end

--- Judges the capitalised runs nothing else explained (flat first, last, kind triples).
local function run_entities(doc, m, runs, taken, aliases, C, starts)
  local out = {}
  local types, texts, lowers, flags = C.type, C.text, C.lower, C.flags
  -- capitalised words seen inside sentences: evidence for the same word at a sentence
  -- start (built on first need: most runs never ask)
  local seen_mid
  local function mid_sentence(key)
    if not seen_mid then
      seen_mid = {}
      for k = 1, #runs, 3 do
        local f = runs[k]
        if runs[k + 2] == "RUN" and not starts[f] then
          seen_mid[lowers[types[f]]] = true
        end
      end
    end
    return seen_mid[key]
  end
  -- whether the document has the word `key` (lower case) as a token of its own
  -- (`suprnova.org` is no `suprnova`): a search of the text, then the token there. Most
  -- names are never written in lower case, so a search reads the whole text: once the
  -- searches have read it 16 times over, the doc's token texts are made a set and
  -- asked instead (a search per question was quadratic in a long document; the set
  -- costs more than the few searches of an article)
  local text, scanned, written = doc.text, 0, nil
  local function written_lower(key)
    if written then return written[key] == true end
    if scanned > 16 * #text then
      written = {}
      for i = 1, C.n do written[texts[types[i]]] = true end
      return written[key] == true
    end
    local pos = 1
    while true do
      local a, b = text:find(key, pos, true)
      if not a then
        scanned = scanned + #text - pos + 1
        return false
      end
      local t = columns.token_at(C, a)
      if t and C.start[t] == a and texts[types[t]] == key then
        scanned = scanned + b - pos + 1
        return true
      end
      pos = b + 1
    end
  end
  local function tail_of_unexplained(i)
    local j = i - 1
    while j > 1 and i - j <= 3 and CONNECTORS[lowers[types[j]]] and flags[j] & IS_LOWER ~= 0 do
      j = j - 1
    end
    return j >= 1 and j < i and not taken[j] and flags[j] & IS_TITLE ~= 0
      and (j == i - 1 or not (starts[j] or starts[j + 1]))
  end
  local ntoks, heads = C.n, m.heads
  for k = 1, #runs, 3 do
    local first, last, kind = runs[k], runs[k + 1], runs[k + 2]
    local free = true
    for i = first, last do
      if taken[i] then free = false break end
    end
    if free then first = trimmed(C, first, last, m) end
    if free and first <= last then
      local t = types[first]
      local first_text, key = texts[t], lowers[t]
      local last_text = first_text
      local n = last - first + 1
      if n > 1 then
        local words = { key }
        for i = first + 1, last do
          t = types[i]
          words[#words + 1] = lowers[t]
        end
        last_text = texts[t]
        key = table.concat(words, " ")
      end
      local label, source = aliases[key], "doc:alias"
      if not label and kind == "RUN" and first_text:match("^%a") then
        if heads[last_text] then
          label, source = "ORG", "run:head"
        elseif n >= 2 and n <= 4 then
          label, source = "PERSON", "run:name"
          -- a name does not end in a bare letter (`Group B`, `Serie A`, `World War I`, the
          -- `W D L` over a table); one can begin with one (`J Robinson` in a line-up);
          -- nor in the word of an event, a law or a role (`Hutton Inquiry`)
          if last_text:find("^%u$") or NOT_PERSON_LAST[last_text] then label = nil end
        elseif n == 1 and #first_text > 1 and not NOT_NAMES[first_text]   -- `group C`: no name
            and (not starts[first] or mid_sentence(key))
            -- not the tail of a longer capitalised run that was split (`5G Mobile Network`),
            -- nor of a name that nothing explained, over of/for/and/the (`Secretary of
            -- State for Trade`, `British Chambers of Commerce`; not `Smith of Reuters`)
            and not tail_of_unexplained(first)
            -- no common acronym (`Q1`, `UV`), and no word the document also writes in
            -- lower case (`Match` ... `the match`: a heading, a list's item)
            and not COMMON_ACRONYMS[first_text] and not written_lower(key) then
          label, source = "ORG", "run:single"
        end
      elseif not label and kind == "UPPER" and n == 1 then
        -- an acronym inside a sentence that is not all capitals (`BSI`, `NATO`)
        if #first_text >= 2 and #first_text <= 5 and not COMMON_ACRONYMS[first_text]
            and first_text:find("%u.*%u")          -- two letters at least: not `I.`
            and not starts[first]
            and not (first > 1 and flags[first - 1] & IS_UPPER ~= 0)
            and not (last < ntoks and flags[last + 1] & IS_UPPER ~= 0)
            -- the short form of a common noun (`220 kilovolt (KV)`, `cash reserve ratio
            -- (CRR)`) names no organisation
            and not (first > 2 and texts[types[first - 1]] == "("
              and flags[first - 2] & IS_LOWER ~= 0) then
          label, source = "ORG", "run:acronym"
        end
      end
      if label then
        local r = { first = first, last = last, label = label, source = source,
          strength = STRENGTH.run }
        for i = first, last do taken[i] = r end
        out[#out + 1] = r
      end
    end
  end
  return out
end

--- The same judge in C (csrc/glean_recognize.c) for model m of nlp: the word sets
-- above and what the judge knows of each rule (entity_rules.lua), handed over once.
function M.recognizer(nlp, m)
  local people, orgs = require(LISTS .. "people"), require(LISTS .. "orgs")
  local lowered = {}
  for i, t in ipairs(people.titles) do lowered[i] = t:lower() end
  local infos = {}
  for i, x in ipairs(m.rule_info or {}) do
    infos[i] = { label = x.label, name = x.name, priority = x.priority, ent = x.ent,
      ent2 = x.ent2, teams = x.teams, head_last = x.head_last, title = x.title,
      written_priority = x.written_priority }
  end
  return require("glean.core").recognizer_new(nlp, m.known, m.first,
    m.rules and m.rules._core or nil, infos, {
      weak_first = WORDS.weak_first, leading = WORDS.leading, not_alone = WORDS.not_alone,
      common_acronym = WORDS.common_acronyms, not_person_last = WORDS.not_person_last,
      connector = CONNECTOR_WORDS, saint = SAINT_WORDS, title = lowered,
      head = orgs.heads, written_title = people.titles })
end

M.set_of, M.split_words, M.STRENGTH = set_of, split_words, STRENGTH
M.WEAK_FIRST, M.NOT_NAMES = WEAK_FIRST, NOT_NAMES
M.line_starts, M.list_candidates, M.rule_candidates = line_starts, list_candidates, rule_candidates
M.trim, M.remember, M.run_entities, M.starts_non_person = trim, remember, run_entities,
  starts_non_person
return M
