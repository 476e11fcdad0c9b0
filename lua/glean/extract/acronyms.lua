--- glean.extract.acronyms(doc [, opts]) -> acronym definitions, in text order.
--
--   for _, a in ipairs(glean.extract.acronyms(doc)) do print(a.short, "=", a.long) end
--
-- Each result: short, long (strings), short_span, long_span (spans), form ("long (SHORT)"
-- or "SHORT (long)") and how the long form was found, `method`:
--   "initials" the words before the brackets start with the short form's letters, in
--              order, with and/of/the/for/& allowed between them (Arts Alliance Digital
--              Cinema (AADC)); tried first, because it picks whole names where the
--              letter match can stop inside one.
--   "letters"  Schwartz & Hearst (2003): every letter and digit of the short form, read
--              from the end, is found in the long form, the first one at the start of a
--              word; the long form has at most min(|short| + 5, 2 |short|) words. A digit
--              of the short form may also stand for a number word (G7 = Group of Seven).
--   "head"     the short form comes from another language, so its letters do not match
--              (the cyber defense agency (BSI)): the noun phrase before the brackets is
--              taken when it ends in an organisation head word (agency, office,
--              ministry, ...) or is a run of capitalised words.
-- Short forms: one token inside round brackets, optionally in quotation marks
-- (`("BSI")`), 2 to 10 characters, starting with a letter or digit, with at least two
-- capitals or digits and at least one letter (G7, 3GPP, BSI). A short form written as a
-- word, as the BBC writes the ones said as words (Nato, Alva: one capital, 3 to 10
-- letters), counts only after its long form and only by "initials", each initial on a
-- capitalised word (Association of Leading Visitor Attractions (Alva)): with fewer
-- letters to go by, anything looser takes a bracketed name for one.
--
-- The short form then names the same entity elsewhere: when doc.ents has an entity that
-- ends the long form (the Federal Network Agency (BNetzA)), every occurrence of the
-- short form in the document that does not overlap an entity is added to doc.ents with
-- that label (source "acronym"), the one in brackets included. opts.annotate = false
-- leaves doc.ents alone.
--
-- opts: annotate (boolean, default true), nlp (default: the nlp that parsed the doc).
local glean = require "glean"
local options = require "glean.options"
local Span = require "glean.span"
local columns = require "glean.columns"

local M = {}

-- Organisation head words for the "head" fallback.
local HEAD_WORDS, HEADS = {}, {}
for w in ([[agency office ministry department commission authority bureau institute
  council committee association federation union organisation organization regulator
  watchdog court bank party group company firm network service services board body
  foundation fund trust society centre center alliance forum league corporation
  administration programme program system index survey unit force police army]]):gmatch("%S+") do
  HEAD_WORDS[#HEAD_WORDS + 1] = w
  HEADS[w] = true
end

local SHORT = "/^[%w][%w%-&%.]*$/"

local function build_rules(nlp)
  local r = glean.rules(nlp)
  -- long form (SHORT) and long form ("SHORT")
  r:add("paren_short", "'(' <quote>? short:" .. SHORT .. " <quote>? ')'")
  -- SHORT (long form)
  r:add("short_paren", "short:" .. SHORT .. " '(' long:(!{')' '('}{1,12}) ')'")
  return r
end

local rules_for = require("glean.extract.per_nlp")(build_rules)

-- Whether s looks like a short form (see the header).
local function is_short(s)
  local n = #s
  if n < 2 or n > 10 or not s:find("%a") then return false end
  local _, caps = s:gsub("[%u%d]", "")
  if caps < 2 then return false end
  -- all-digit-and-dot things are numbers, lowercase-first words are words
  if s:find("^%l") or s:find("^%d+$") then return false end
  return true
end

-- Whether s is a short form written as a word (Nato, Alva; see the header).
local function is_word_short(s)
  return #s >= 3 and #s <= 10 and s:find("^%u%l+$") ~= nil
end

local NUMBER_WORDS = { ["1"] = "one", ["2"] = "two", ["3"] = "three", ["4"] = "four",
  ["5"] = "five", ["6"] = "six", ["7"] = "seven", ["8"] = "eight", ["9"] = "nine" }

local function is_alnum_byte(c) return c and ((c >= 48 and c <= 57) or (c >= 65 and c <= 90)
  or (c >= 97 and c <= 122) or c >= 128) end

-- Schwartz & Hearst's best long form: the byte offset in `long` where it starts, or nil.
-- `short` and `long` are lowercased; digits of `short` may be skipped when the long form
-- spells the number as a word.
local function sh_start(short, long)
  local si, li = #short, #long
  while si >= 1 do
    local c = short:byte(si)
    if not is_alnum_byte(c) then
      si = si - 1
    else
      local j = li
      while j >= 1 and (long:byte(j) ~= c or (si == 1 and j > 1 and is_alnum_byte(long:byte(j - 1)))) do
        j = j - 1
      end
      if j < 1 then
        local word = NUMBER_WORDS[string.char(c)]
        if not (word and long:find(word, 1, true)) then return nil end
        -- the number word stands for the digit; go on from where we were
      else
        li = j - 1
      end
      si = si - 1
    end
  end
  -- back to the start of the word
  local p = li + 1
  while p > 1 and is_alnum_byte(long:byte(p - 1)) do p = p - 1 end
  return p
end

local function words(s)
  local n = 0
  for _ in s:gmatch("[^%s%-]+") do n = n + 1 end
  return n
end

-- The token index of the first token at or after byte offset b, from first..last.
local function token_from(doc, b, first, last)
  for i = first, last do
    if doc[i].stop >= b then return i end
  end
end

-- Words that may sit between the initials of a long form (Food and Agriculture
-- Organisation = FAO).
local GLUE_WORDS = { "and", "of", "the", "for", "&", "in", "on", "de", "-" }
local GLUE = {}
for _, w in ipairs(GLUE_WORDS) do GLUE[w] = true end

-- The long form whose words' initials spell the short form, read backwards from token
-- `last` (Arts Alliance Digital Cinema = AADC, where Schwartz & Hearst would stop at
-- "Alliance"): the first token of the long form, or nil.
local function initials_start(doc, short, first, last)
  local si, j = #short, last
  while si >= 1 do
    local c = short:sub(si, si):lower()
    if not c:find("[%w]") then
      si = si - 1
    elseif j < first then
      return nil
    else
      local t = doc[j]
      local n = t.norm
      if n:sub(1, 1) == c or NUMBER_WORDS[c] == n then
        si, j = si - 1, j - 1
      elseif GLUE[n] and j < last then
        j = j - 1
      else
        return nil
      end
    end
  end
  if j + 1 > last then return nil end
  return j + 1
end

-- Whether the words first..last whose initials spell the short form are capitalised.
local function initials_capitalised(doc, first, last)
  for i = first, last do
    local t = doc[i]
    if not GLUE[t.norm] and not t.is_title then return false end
  end
  return true
end

-- Long form before the brackets: Schwartz & Hearst, else the noun-phrase fallback.
-- `word_short`: the short form is written as a word, only capitalised initials count.
local function long_before(doc, text, short, open_i, word_short)
  local sent = doc[open_i].sent
  local max_words = math.min(#short + 5, 2 * #short)
  -- tokens of the window: back to the sentence start, at most max_words words
  local first, nwords = open_i, 0
  while first > 1 and doc[first - 1].sent == sent and nwords < max_words do
    first = first - 1
    local t = doc[first]
    if t.text == "," or t.text == ";" or t.text == ":" or t.text == ")" or t.is_quote then
      first = first + 1
      break
    end
    if not t.is_punct then nwords = nwords + 1 end
  end
  local last = open_i - 1
  if last < first then return nil end
  local i = initials_start(doc, short, first, last)
  if word_short then
    if i and initials_capitalised(doc, i, last) then return i, last, "initials" end
    return nil
  end
  if i then return i, last, "initials" end
  local a, b = doc[first].start, doc[last].stop
  local window = text:sub(a, b)
  local p = sh_start(short:lower(), window:lower())
  if p then
    local i = token_from(doc, a + p - 1, first, last)
    -- no leading article, and the long form must be longer than the short one
    while i and i < last and (doc[i].norm == "the" or doc[i].norm == "a" or doc[i].norm == "an") do i = i + 1 end
    if i and doc[last].stop - doc[i].start + 1 > #short and words(text:sub(doc[i].start, b)) <= max_words
        and doc[i].text ~= short then
      return i, last, "letters"
    end
  end
  -- fallback: "the cyber defense agency (BSI)", "Bundesamt fur Sicherheit (BSI)"
  local head = doc[last]
  if HEADS[head.norm] then
    local i = last
    while i > first and not doc[i - 1].is_punct and not doc[i - 1].is_stop do i = i - 1 end
    if i < last then return i, last, "head" end
  end
  if head.is_title then
    local i = last
    while i > first and (doc[i - 1].is_title or ((doc[i - 1].norm == "of" or doc[i - 1].norm == "for"
        or doc[i - 1].norm == "and") and i - 2 >= first and doc[i - 2].is_title)) do
      i = i - 1
    end
    -- a foreign or reordered name keeps at least its first letter (Bundesamt ... (BSI))
    if i < last and not doc[i].is_sent_start and doc[i].norm:sub(1, 1) == short:sub(1, 1):lower() then
      return i, last, "head"
    end
  end
  return nil
end

-- Whether the long form inside brackets matches the short form before them.
local function long_inside(doc, text, short, first, last)
  local a, b = doc[first].start, doc[last].stop
  local p = sh_start(short:lower(), text:sub(a, b):lower())
  if not p then return nil end
  local i = token_from(doc, a + p - 1, first, last)
  if i and words(text:sub(doc[i].start, b)) <= math.min(#short + 5, 2 * #short)
      and b - doc[i].start + 1 > #short then
    return i, last
  end
end

-- The labelled entity that ends the long form (and starts in it, or one token before
-- it: `the` left out of the long form), if any; `ends`: Span.by_last of doc.ents.
local function long_entity(ends, long_span)
  for _, e in ipairs(ends[long_span.last] or {}) do
    if e.first >= long_span.first - 1 then return e end
  end
end

-- Every token of the doc that is one of the short forms of label_of (short form ->
-- label, `n` of them), as spans with that label: a plain text search per short form for
-- the few of an article, one pass over the tokens for many (linear either way).
local function occurrences(doc, label_of, n)
  local C = columns.of(doc)
  local types, texts, starts, spans = C.type, C.text, C.start, {}
  local function add(i, label)
    spans[#spans + 1] = setmetatable({ doc = doc, first = i, last = i, start = starts[i],
      stop = columns.stop(C, i), label = label, source = "acronym" }, Span)
  end
  if n > 8 then
    for i = 1, C.n do
      local label = label_of[texts[types[i]]]
      if label then add(i, label) end
    end
    return spans
  end
  local text = doc.text
  for short, label in pairs(label_of) do
    local pos = 1
    while true do
      local a, b = text:find(short, pos, true)
      if not a then break end
      local i = columns.token_at(C, a)
      if i and starts[i] == a and texts[types[i]] == short then add(i, label) end
      pos = b + 1
    end
  end
  return spans
end

local OPTIONS = { annotate = "boolean", nlp = "userdata" }

--- acronyms(doc [, opts]) -> { {short=, long=, short_span=, long_span=, form=, method=} }, in
-- Lua: the reference that the C twin (M.extract) must agree with.
function M.extract_lua(doc, opts)
  opts = options.check("acronyms", opts, OPTIONS, 2)
  local rules = rules_for(doc, opts)
  local text = doc.text
  local out = {}
  for _, m in ipairs(rules:match(doc)) do
    local sspan = m.groups.short
    local short = sspan.text
    local word_short = m.rule == "paren_short" and not is_short(short) and is_word_short(short)
    if word_short and m.first > 1 then
      -- most bracketed words are none (`(Reuters)`): the word before the bracket must
      -- begin with the short form's last letter before the long form is looked for
      local C = columns.of(doc)
      word_short = C.lower[C.type[m.first - 1]]:sub(1, 1) == short:sub(-1)
    end
    if is_short(short) or word_short then
      local r
      if m.rule == "paren_short" then
        local a, b, method = long_before(doc, text, short, m.first, word_short)
        if a then
          r = { form = "long (SHORT)", method = method, long_span = Span.new(doc, a, b, nil, { source = "acronyms" }) }
        end
      else
        local l = m.groups.long
        local a, b = long_inside(doc, text, short, l.first, l.last)
        if a then
          r = { form = "SHORT (long)", method = "letters", long_span = Span.new(doc, a, b, nil, { source = "acronyms" }) }
        end
      end
      if r then
        r.short, r.short_span, r.long = short, Span.new(doc, sspan.first, sspan.last, nil, { source = "acronyms" }), r.long_span.text
        out[#out + 1] = r
      end
    end
  end
  if opts.annotate ~= false and #out > 0 and #doc.ents > 0 then
    -- the labelled entities by last token, once per call: many definitions do not walk
    -- doc.ents each
    local ends = Span.by_last(doc.ents, function(e) return e.label ~= nil end)
    local label_of, n = {}, 0
    for _, r in ipairs(out) do
      local e = long_entity(ends, r.long_span)
      if e and not label_of[r.short] then   -- the first definition with an entity
        label_of[r.short], n = e.label, n + 1
        r.label = e.label
      end
    end
    if n > 0 then doc:add_ents(occurrences(doc, label_of, n)) end
  end
  return out
end

--- The same extractor in C (csrc/glean_acronyms.c, glean_acronyms_long.c,
-- glean_acronyms_label.c) for an nlp: the word sets, number words and SHORT above,
-- handed over once.
local twin_for = require("glean.extract.per_nlp")(function(nlp)
  return require("glean.core").acronyms_new(nlp, { heads = HEAD_WORDS, glue = GLUE_WORDS },
    NUMBER_WORDS, SHORT, Span)
end)

--- acronyms(doc [, opts]): what M.extract_lua gives, from the C twin.
function M.extract(doc, opts)
  opts = options.check("acronyms", opts, OPTIONS, 2)
  local twin = twin_for(doc, opts)
  local out, occurrences = twin:_run(doc, opts.annotate ~= false and doc.ents or nil)
  if occurrences then doc:add_ents(occurrences) end
  return out
end

return M
