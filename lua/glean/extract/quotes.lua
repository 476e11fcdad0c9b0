--- glean.extract.quotes(doc [, opts]) -> direct quotations with their speakers.
--
--   local quotes = glean.extract.quotes(doc)
--   for _, q in ipairs(quotes) do print(q.kind, q.text, q.speaker and q.speaker.text, q.cue) end
--
-- Each quote is a table:
--   text      the words inside the quotation marks (the parts of a quote that runs over
--             paragraphs are joined with "\n\n", or " " when the text had run them
--             into one line, without the re-opening marks)
--   span      the span from the opening to the closing mark (marks included)
--   inner     the span of the words inside (first paragraph's first word to the last word)
--   open, close   the marks themselves ("“" and "”", "\"" and "\"", "«" and "»", ...)
--   parts     how many paragraphs the quote runs over (1 for most); a paragraph that
--             was run into the previous one (`… got. "As a result …`) counts too
--   kind      "statement" or "phrase" (see below)
--   speaker   span or nil; `cue` the cue word ("said", "told", "according to", ...);
--             `cue_span`; `attribution` says how the speaker was found: "after" (a cue
--             right after the closing mark: “…,” the official said / said the official,
--             or later in the quote's sentence), "before" (a cue earlier in the quote's
--             sentence: X said: “…”, or the previous clause of `… in Munich: “…”`),
--             "reported" (a statement with no cue that opens a sentence, after
--             reported speech in one of the two sentences before it and after the
--             previous quote: `Jacques Barrot … said that the changes were necessary.
--             “The boom in air travel …”`), "previous" (else such a statement takes the
--             speaker of the quote before it, in the same or the previous paragraph)
--   pronoun   true when the speaker is a pronoun (he, she, they, ...); `resolved` is then
--             the most recent named speaker before it (a span) or nil
--   resolved  also for a definite description (`the official`, `the U.S. official`):
--             the earlier, fuller noun phrase with the same head word, introduced by
--             a/an (`a U.S. State Department official`) or else longer, or nil
--
-- Quotation marks. Typographic pairs (“…” ‘…’ «…» „…“ ‚…‘) pair by their shape. Straight
-- marks (" and ') pair by position inside a paragraph: a mark with white space (or the
-- paragraph start, a bracket, a dash) before it and a word after it opens, one glued
-- to the word before closes; a straight ' only opens before a word and only closes
-- when one is open, so that the apostrophe in "players' union" is never a quote. A
-- quotation nested in another one is part of it, not a quote of its own. A paragraph
-- that opens a quote without closing it continues in the next paragraph when that
-- paragraph starts with an opening mark (news style); an unclosed quote that does not
-- continue is dropped.
--
-- Statements and phrases. A "phrase" is a short quoted expression inside a sentence
-- of the writer's (Washington is using “multiple tracks”, the U.S. official said): at
-- most six words, no sentence punctuation inside, not opening its sentence. It is still
-- a quotation of somebody's words, so it is returned, kind = "phrase", and it gets a
-- speaker the same way (here: the U.S. official). Scripts that want whole statements
-- keep kind == "statement"; opts.phrases = false leaves phrases out.
--
-- Speakers. Token-pattern rules (glean.rules) find the quotation marks and the cues
-- (said, says, told, added, stated, warned, explained, ..., according to); the noun
-- phrase of a cue is read from the cue outwards in Lua, only for the cues next to a
-- quote: its subject before it (skipping has/also, a relative clause between commas,
-- a bracketed short form, a role or a name in apposition), else its object after it
-- (said the official; not for told, asked, urged, whose object is the listener; not a
-- noun phrase followed by a verb or `that`: said many dancers were …). The first cue
-- after the closing mark wins when its noun phrase (or the cue itself) follows the mark
-- and its comma directly; else the nearest cue in the quote's sentence(s); else the
-- reported speech just before it; else the previous quote's speaker. The speaker span is the entity of doc.ents (PERSON, ORG, NORP, GPE) that
-- ends the noun phrase when there is one (run glean.extract.entities first for the best
-- results), else the proper-name run that ends it without titles ("Chancellor Angela
-- Merkel" -> "Angela Merkel", "the daily Handelsblatt" -> "Handelsblatt"), else the
-- noun phrase with its determiner and complement ("a U.S. State Department official",
-- "a spokeswoman for the RAD"). Indirect speech (the paper said the plan ...) is not a
-- quote.
--
-- opts: phrases (boolean, default true), nlp (the doc's nlp; by default the one that
-- parsed the doc).
--
-- Two extractors, one behaviour. This file, quote_marks.lua and quote_speakers.lua are
-- written in Lua, to be read and copied; the same extractor exists in C
-- (csrc/glean_quotes*.c), which is what `glean.extract.quotes` runs: in Lua it costs
-- several times what 20 MB/s of news allows. `require("glean.extract.quotes").extract_lua`
-- runs the Lua one; the specs and `make eval` check that both give the same quotes, with
-- the same fields and spans (change one, change the other). The C finds the marks and
-- the cues from bits per token type instead of the rule set below, with the same matches:
-- a word added to CUES or to quote_speakers.lua's sets reaches it (it is handed the lists),
-- a new test in the Lua must be written there too.
local glean = require "glean"
local options = require "glean.options"
local quote_marks = require "glean.extract.quote_marks"
local speakers = require "glean.extract.quote_speakers"
local columns = require "glean.columns"
local Span = require "glean.span"
local core = require "glean.core"

local paragraph_breaks, collect_marks = quote_marks.paragraph_breaks, quote_marks.collect_marks
local pair_marks, SPACE = quote_marks.pair_marks, quote_marks.SPACE
local speaker_of_cue, antecedent, span_of = speakers.speaker_of_cue, speakers.antecedent,
  speakers.span_of
local norm, tok_text, has, GENERIC = speakers.norm, speakers.tok_text, speakers.has,
  speakers.GENERIC
local SENT_START = columns.SENT_START

local M = {}

---------------------------------------------------------------- word lists

local CUES = { "said", "says", "say", "told", "tells", "added", "adds", "stated", "states",
  "warned", "warns", "explained", "explains", "insisted", "insists", "argued", "argues",
  "noted", "notes", "claimed", "claims", "admitted", "admits", "asked", "asks", "replied",
  "replies", "wrote", "writes", "commented", "comments", "continued", "continues",
  "agreed", "agrees", "acknowledged", "suggested", "suggests", "declared", "announced",
  "confirmed", "confirms", "stressed", "stresses", "urged", "urges", "recalled",
  "conceded", "concedes", "maintained", "maintains", "observed", "remarked", "responded",
  "revealed", "predicted", "predicts", "cautioned", "complained", "joked", "boasted",
  "believes", "thinks", "reckons", "reckoned", "laughed", "recounted", "declares" }

---------------------------------------------------------------- the rules

local function set(words)
  return "{" .. table.concat(words, " ") .. "}"
end

local function build_rules(nlp)
  local r = glean.rules(nlp)
  -- the quotation marks themselves
  r:add("mark", "<quote>")
  -- the cues: said, says, told, ..., according to. Which noun phrase is the speaker (the
  -- subject before the cue or the object after it) is decided in Lua, from the cue
  -- outwards, only for the cues next to a quote; a rule with the noun phrase in it
  -- (`who:(!{...}){1,8} cue`) says the same but runs 8 threads at every token.
  r:add("cue", set(CUES) .. " | according to")
  return r
end

local MARK, CUE = 1, 2            -- the rules' numbers, as rules:_match_flat gives them

local rules_for = require("glean.extract.per_nlp")(build_rules)

local function classify(C, text, q, o, c)
  if q.parts > 1 or c.i - o.i - 1 > 6 then return "statement" end
  -- sentence punctuation inside (“… this.” or “… ,”): a statement
  if text:sub(o.stop + 1, c.start - 1):find("[%.!%?;:,]") then return "statement" end
  -- a quote that opens its sentence or follows a colon is a statement
  local p = o.start - 1
  while p > 0 and SPACE[text:byte(p)] do p = p - 1 end
  if p == 0 or text:byte(p) == 58 then return "statement" end
  if has(C, o.i, SENT_START) then return "statement" end
  return "phrase"
end

---------------------------------------------------------------- the extractor

local OPTIONS = { phrases = "boolean", nlp = "userdata" }

-- The quote records of the paired marks; `inside` lists their token ranges.
local function make_quotes(doc, C, text, found, breaks)
  local quotes, inside = {}, {}
  -- the sentence of a token, for tokens asked in text order: a walk along the sentences'
  -- first tokens (a search would be one per mark)
  local firsts, si = columns.sent_firsts(C, doc), 1
  local function sentence(i)
    while firsts[si + 1] and firsts[si + 1] <= i do si = si + 1 end
    return si
  end
  for _, f in ipairs(found) do
    local o, c = f.mark, f.close
    if c.i - o.i >= 2 then
      local pieces = {}
      for k, part in ipairs(f.parts) do
        local om = part.open_mark
        local stop = part.close_mark and part.close_mark.start - 1 or part.stop_at
          or (breaks[om.para] or #text + 1) - 1
        if k > 1 then pieces[#pieces + 1] = part.inline and " " or "\n\n" end
        local a = text:find("%S", om.stop + 1) or stop + 1
        while stop >= a and SPACE[text:byte(stop)] do stop = stop - 1 end
        pieces[#pieces + 1] = text:sub(a, stop)
      end
      local q = { span = span_of(doc, C, o.i, c.i, "QUOTE", "quotes"),
        inner = span_of(doc, C, o.i + 1, c.i - 1, nil, "quotes"),
        text = table.concat(pieces), open = o.ch, close = c.ch,
        parts = #f.parts }
      q.kind = classify(C, text, q, o, c)
      quotes[#quotes + 1] = q
      -- bookkeeping for attribution, removed before returning
      inside[#inside + 1] = { o.i, c.i }
      q._para_open, q._para_close = o.para, c.para
      q._sent_open, q._sent_close = sentence(o.i), sentence(c.i)
    end
  end
  return quotes, inside
end

--- quotes(doc [, opts]) -> array of quotes in text order (see the header): the Lua
-- reference (the C twin is M.extract).
local function extract_lua(doc, opts)
  opts = options.check("quotes", opts, OPTIONS, 2)
  local text = doc.text
  -- no quotation mark at all: nothing to do (the common case is cheap)
  if not text:find("[\"'\226\194]") then return {} end
  -- the matches as flat rule, first, last triples (rules:_match_flat): a quotation mark
  -- or a cue every few dozen tokens, and most cues are never looked at again
  local flat, nmatches = rules_for(doc, opts)._core:_match_flat(doc, nil, false, nil)
  local C = columns.of(doc)
  local breaks = paragraph_breaks(text)
  local quotes, inside = make_quotes(doc, C, text,
    pair_marks(collect_marks(C, text, flat, nmatches, MARK, breaks), text), breaks)
  if #quotes == 0 then return quotes end

  -- the cues outside the quotes (both lists are in text order), with their speakers
  -- worked out on first use
  local cues, known, ends = {}, {}, { doc = doc }
  local descriptions = { heads = {}, searches = 0 }   -- antecedent's index (quote_speakers)
  local ri = 1
  for k = 1, 3 * nmatches, 3 do
    if flat[k] == CUE then
      local i = flat[k + 1]
      while ri <= #inside and inside[ri][2] <= i do ri = ri + 1 end
      local r = inside[ri]
      if not (r and r[1] < i) then cues[#cues + 1] = { first = i, last = flat[k + 2] } end
    end
  end
  local sents = {}
  local function sent_at(k)
    local n = sents[k]
    if not n then n = columns.sent_of(C, doc, cues[k].first) sents[k] = n end
    return n
  end
  local function speaker_at(k)
    local s = known[k]
    if s == nil then
      s = speaker_of_cue(doc, C, ends, cues[k]) or false
      if s then s.sent = sent_at(k) end
      known[k] = s
    end
    return s or nil
  end

  -- right after the closing mark: “…,” the official said / “…,” said the official /
  -- “…”, according to the paper. The noun phrase (or the cue) must follow the mark and
  -- its comma directly, in the same sentence.
  local after = {}
  local ci = 1
  for _, q in ipairs(quotes) do
    local c = q.span.last
    while ci <= #cues and cues[ci].first <= c do ci = ci + 1 end
    -- only the first cue after the mark can be its attribution
    if ci <= #cues and cues[ci].first <= c + 12 then
      local s = speaker_at(ci)
      local start = c + 1
      if tok_text(C, start) == "," then start = start + 1 end
      if s and (s.np_first == start or cues[ci].first == start)
          and not has(C, start, SENT_START) and s.sent == columns.sent_of(C, doc, c) then
        s.attribution = "after"
        after[q] = s
      end
    end
  end

  local out, prev, last_named, lo, rp = {}, nil, nil, 1, 0
  for _, q in ipairs(quotes) do
    local s = after[q]
    if not s then
      -- the nearest cue in the quote's own sentence(s), before or after it
      local best, best_d
      while lo <= #cues and cues[lo].first <= q.span.first - 60 do lo = lo + 1 end
      for k = lo, #cues do
        local pos = cues[k].first
        if pos > q.span.last + 40 then break end
        if pos > q.span.first - 60 then
          local d = pos < q.span.first and q.span.first - pos or pos - q.span.last
          local sent = (d > 0 and (not best or d < best_d)) and sent_at(k)
          if sent and sent >= q._sent_open and sent <= q._sent_close then
            local g = speaker_at(k)
            if g then
              g.pos = pos
              best, best_d = g, d
            end
          end
        end
      end
      if best then
        s = { speaker = best.speaker, cue = best.cue, cue_span = best.cue_span,
          pronoun = best.pronoun, attribution = best.pos < q.span.first and "before" or "after" }
      end
    end
    -- reported speech right before a statement with no cue of its own: `Jacques Barrot
    -- … said that the changes were necessary. “The boom in air travel …”`: the last cue
    -- before the quote, after the previous quote, in one of the two sentences before it
    -- (a generic `they say` or `you say` names nobody: the cue before it is tried)
    while rp < #cues and cues[rp + 1].first < q.span.first do rp = rp + 1 end
    if not s and q.kind == "statement" and has(C, q.span.first, SENT_START) then
      local k = rp
      -- (the previous quote's own cue is that quote's: `“…,” Chepkemei said. “…”` is
      -- "previous")
      while k > 0 and not (prev and (cues[k].first <= prev.span.last
          or (prev.cue_span and prev.cue_span.first == cues[k].first))) do
        local sent = sent_at(k)
        if sent >= q._sent_open or sent < q._sent_open - 2 then break end
        local g = speaker_at(k)
        if g and not (g.pronoun and GENERIC[norm(C, g.speaker.first)]) then
          s = { speaker = g.speaker, cue = g.cue, cue_span = g.cue_span, pronoun = g.pronoun,
            attribution = "reported" }
          break
        end
        k = k - 1
      end
    end
    if not s and prev and prev.speaker and q.kind == "statement" and has(C, q.span.first, SENT_START)
        and (prev._para_close == q._para_open or prev._para_close == q._para_open - 1) then
      s = { speaker = prev.speaker, cue = prev.cue, cue_span = prev.cue_span,
        pronoun = prev.pronoun, resolved = prev.resolved, attribution = "previous" }
    end
    if s then
      q.speaker, q.cue, q.cue_span, q.attribution = s.speaker, s.cue, s.cue_span, s.attribution
      if s.pronoun then
        q.pronoun, q.resolved = true, s.resolved or last_named
      else
        last_named = s.speaker
        q.resolved = antecedent(doc, C, descriptions, s.speaker)
      end
    end
    prev = q
    if opts.phrases ~= false or q.kind ~= "phrase" then out[#out + 1] = q end
  end
  for _, q in ipairs(quotes) do
    q._para_open, q._para_close, q._sent_open, q._sent_close = nil, nil, nil, nil
  end
  return out
end

-- The C twin is handed the word lists once per nlp (the per-type bits it keeps are per
-- lexicon): the cues here and quote_speakers.lua's sets.
local function build_quoter(nlp)
  local words = { cue = CUES }
  for name, list in pairs(speakers.WORDS) do words[name] = list end
  return core.quoter_new(nlp, words)
end

local quoter_for = require("glean.extract.per_nlp")(build_quoter)

local function extract_c(doc, opts)
  opts = options.check("quotes", opts, OPTIONS, 2)
  -- (a text with no quotation mark costs one pass over its tokens in C: no test here)
  return quoter_for(doc, opts):_run(doc, opts.phrases ~= false, Span)
end

-- (tail calls: errors raised at level 3 inside the two name the caller's line)
function M.extract(doc, opts) return extract_c(doc, opts) end
function M.extract_lua(doc, opts) return extract_lua(doc, opts) end

return M