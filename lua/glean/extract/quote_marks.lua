--- glean.extract.quote_marks — where the quotation marks of a text are and how they pair
-- into quotes, for glean.extract.quotes (whose header states the conventions: typographic
-- pairs by shape, straight marks by position, nested quotes inside their quote, quotes
-- that run over paragraphs). Bytes only: this runs for every quotation mark and
-- apostrophe of the text.
local M = {}

-- Quotation marks: family ("d" double, "s" single) and role.
local TYPO_OPEN = { ["“"] = "”", ["‘"] = "’", ["«"] = "»", ["„"] = "“", ["‚"] = "‘",
  ["‹"] = "›" }
local FAMILY = { ["“"] = "d", ["”"] = "d", ["«"] = "d", ["»"] = "d", ["„"] = "d", ['"'] = "d",
  ["‘"] = "s", ["’"] = "s", ["‚"] = "s", ["‹"] = "s", ["›"] = "s", ["'"] = "s" }

-- Paragraph breaks: byte positions of blank-line runs, in order. (A plain search for
-- "\n" and a look at the bytes after it: a pattern search would try every position.)
local function paragraph_breaks(text)
  local breaks, pos, byte, find = {}, 1, string.byte, string.find
  while true do
    local a = find(text, "\n", pos, true)
    if not a then return breaks end
    local b = a + 1
    local c = byte(text, b)
    while c == 32 or c == 9 or c == 13 do b = b + 1 c = byte(text, b) end
    if c == 10 then
      breaks[#breaks + 1] = a
      while c == 10 or c == 32 or c == 9 or c == 13 do b = b + 1 c = byte(text, b) end
    end
    pos = b
  end
end

local SPACE = { [32] = true, [9] = true, [10] = true, [13] = true, [12] = true, [11] = true }
-- Bytes before an opening mark: ( [ { / -
local OPENERS = { [40] = true, [91] = true, [123] = true, [47] = true, [45] = true }

-- The marks of the doc with what their surroundings say about them (bytes only: this
-- runs for every quotation mark and apostrophe of the text). C: the doc's columns; flat,
-- nmatches: rules:_match_flat's matches, of which those of rule mark_rule are the marks.
local function collect_marks(C, text, flat, nmatches, mark_rule, breaks)
  local marks, byte = {}, string.byte
  local pk, nb = 1, #breaks
  local starts, types, texts = C.start, C.type, C.text
  for k = 1, 3 * nmatches, 3 do
    if flat[k] == mark_rule then
      local i = flat[k + 1]
      local s = starts[i]
      local e = s + #texts[types[i]] - 1
      while pk <= nb and breaks[pk] < s do pk = pk + 1 end
      local before = s > 1 and byte(text, s - 1) or 32
      local after = byte(text, e + 1) or 32
      local open_ctx = SPACE[before] or OPENERS[before]
        or (before == 148 or before == 147) and byte(text, s - 3) == 226  -- — –
      marks[#marks + 1] = { i = i, ch = texts[types[i]], start = s, stop = e, para = pk,
        open_ctx = open_ctx or false, close_ctx = not SPACE[before],
        word_after = not SPACE[after],
        letter_after = (after >= 48 and after <= 57) or (after >= 65 and after <= 90)
          or (after >= 97 and after <= 122) }
    end
  end
  return marks
end

-- Whether the mark at byte s starts its paragraph (only white space back to a newline).
local function at_line_start(text, s)
  local p = s - 1
  while p >= 1 do
    local c = text:byte(p)
    if c == 10 then return true end
    if c ~= 32 and c ~= 9 and c ~= 13 then return false end
    p = p - 1
  end
  return true
end

-- Whether mark mk can open a quote of its own.
local function can_open(mk)
  local ch = mk.ch
  if TYPO_OPEN[ch] then return true end
  if ch == '"' then return not (mk.close_ctx and not mk.open_ctx) end
  if ch == "'" then return mk.open_ctx and mk.word_after end
  return false
end

-- Whether mark mk re-opens the open quote: the quote's paragraph ended without a
-- closing mark and the next one starts with an opening mark, in a text whose paragraphs
-- were run together (`… got. "As a result …`): a mark of the same kind with a space
-- before it and a word after it.
local function reopens(om, mk)
  if om.ch == '"' then return mk.ch == '"' and mk.open_ctx and mk.word_after and not mk.close_ctx end
  if om.ch == "“" then return mk.ch == "“" end
  return false
end

-- Whether mark mk closes a quote opened by mark `om`.
local function closes(om, mk)
  local oc, ch = om.ch, mk.ch
  if oc == '"' then return ch == '"' or ch == "”" end
  if oc == "'" then return (ch == "'" or ch == "’") and mk.close_ctx and not mk.letter_after end
  if oc == "‘" then return ch == "’" and mk.close_ctx and not mk.letter_after end
  if oc == "“" then return ch == "”" or ch == '"' end
  return ch == TYPO_OPEN[oc]
end

-- Pairs the marks into quotes (top level only); see the header for the conventions.
-- Returns { {mark=, close=, parts={ {open_mark=, close_mark=}, ... }}, ... }.
local function pair_marks(marks, text)
  local quotes = {}
  local open, nested, pending, para
  for _, mk in ipairs(marks) do
    if mk.para ~= para then
      -- a new paragraph: a quote still open may continue here
      pending = open and open.para_last == para and open or nil
      open, nested, para = nil, nil, mk.para
      if pending and pending.para_last == mk.para - 1 and FAMILY[mk.ch] == pending.family
          and can_open(mk) and at_line_start(text, mk.start) then
        open, pending = pending, nil
        open.parts[#open.parts + 1] = { open_mark = mk }
        open.para_last = mk.para
        goto next_mark
      end
      pending = nil
    end
    if not FAMILY[mk.ch] then goto next_mark end
    if open then
      if nested then
        if closes(nested, mk) then
          nested = nil
        elseif closes(open.mark, mk) then
          nested = nil
          open.parts[#open.parts].close_mark, open.close = mk, mk
          quotes[#quotes + 1], open = open, nil
        end
      elseif reopens(open.mark, mk) then
        open.parts[#open.parts].stop_at = mk.start - 1
        open.parts[#open.parts + 1] = { open_mark = mk, inline = true }
      elseif closes(open.mark, mk) then
        open.parts[#open.parts].close_mark, open.close = mk, mk
        quotes[#quotes + 1], open = open, nil
      elseif FAMILY[mk.ch] ~= open.family and can_open(mk) and mk.ch ~= "’" then
        nested = mk
      end
    elseif can_open(mk) then
      open = { mark = mk, family = FAMILY[mk.ch], para_last = mk.para,
        parts = { { open_mark = mk } } }
    end
    ::next_mark::
  end
  return quotes
end

M.paragraph_breaks = paragraph_breaks
M.collect_marks = collect_marks
M.pair_marks = pair_marks
M.SPACE = SPACE
return M
