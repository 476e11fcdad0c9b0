--- Doc methods written in Lua, added to the C Doc type's method table.
-- The C side owns tokens and sentences; spans, entities and serialisation live here.
local core = require "glean.core"
local Span = require "glean.span"
local options = require "glean.options"
local json = require "glean.json"
local sort = require "glean.sort"
local new_table = core.new_table

local Doc, getters = core.Doc, core.DocGetters

local FLAGS = { "is_alpha", "is_digit", "is_punct", "is_space", "is_title", "is_upper",
  "is_lower", "is_quote", "is_bracket", "is_currency", "is_stop", "like_num", "like_url",
  "like_email", "is_sent_start" }

--- doc.sents: the sentences as spans (built on first use, then kept).
function getters.sents(doc)
  local sents = {}
  for k = 1, doc:sent_count() do
    local first, last = doc:_sent(k)
    sents[k] = Span.new(doc, first, last, nil, { source = "sentences" })
  end
  doc.sents = sents
  return sents
end

--- doc.nlp: the nlp that parsed the doc (extractors build their rules for it).
function getters.nlp(doc)
  return debug.getuservalue(doc, 2)
end

function getters.ents(doc)
  local ents = {}
  doc.ents = ents
  return ents
end

function getters.data(doc)
  local data = {}
  doc.data = data
  return data
end

--- Iterates over the tokens.
function Doc:tokens()
  local i, n = 0, #self
  return function()
    i = i + 1
    if i <= n then return self[i] end
  end
end

--- Iterates over the sentences (spans).
function Doc:sentences()
  local sents, i = self.sents, 0
  return function()
    i = i + 1
    return sents[i]
  end
end

local function check_index(doc, fname, i, argn)
  if math.type(i) ~= "integer" then
    error(("bad argument #%d to '%s' (token index expected, got %s)")
      :format(argn, fname, math.type(i) or type(i)), 3)
  end
  if i < 1 or i > #doc then
    error(("bad argument #%d to '%s' (token index %d out of range 1..%d)")
      :format(argn, fname, i, #doc), 3)
  end
end

--- doc:span(first, last [, label]) -> span over tokens first..last.
function Doc:span(first, last, label)
  check_index(self, "span", first, 1)
  check_index(self, "span", last, 2)
  if last < first then error("bad argument #2 to 'span' (last < first)", 2) end
  if label ~= nil and type(label) ~= "string" then
    error("bad argument #3 to 'span' (label must be a string)", 2)
  end
  return Span.new(self, first, last, label)
end

--- doc:char_span(start, stop [, label]) -> span, or nil when the byte offsets
-- (1-based, inclusive) do not fall on token boundaries.
function Doc:char_span(start, stop, label)
  if math.type(start) ~= "integer" or math.type(stop) ~= "integer" then
    error("bad arguments to 'char_span' (two integer byte offsets expected)", 2)
  end
  local first, last = self:_char_span(start, stop)
  if not first then return nil end
  return Span.new(self, first, last, label)
end

-- doc:_merge_ents(incoming [, ents]): add_ents without overwrite, for spans already in
-- text order (earlier, then longer first) and ents (default doc.ents) in text order. A
-- new span is kept unless it starts inside the last kept new one (which reaches
-- furthest) or overlaps the first old entity that does not end before it. Sets doc.ents
-- and returns the count kept; when none is kept (a re-run: the spans are entities
-- already) doc.ents stays and nothing is allocated.
function Doc:_merge_ents(incoming, ents)
  ents = ents or self.ents
  local out, nout, reach, k, copied, nents, added = nil, 0, 0, 1, 1, #ents, 0
  for _, s in ipairs(incoming) do
    local first = s.first
    if first > reach then
      while k <= nents and ents[k].last < first do k = k + 1 end
      local e = ents[k]
      if not (e and e.first <= s.last) then
        out = out or {}
        for j = copied, k - 1 do   -- the old entities that end before it
          nout = nout + 1
          out[nout] = ents[j]
        end
        copied = k
        nout = nout + 1
        out[nout] = s
        reach = s.last
        added = added + 1
      end
    end
  end
  if added == 0 then return 0 end
  table.move(ents, copied, nents, nout + 1, out)
  self.ents = out
  return added
end

--- doc:add_ents(spans [, {overwrite=false}]) merges entity spans into doc.ents, which
-- stays sorted and free of overlaps. Existing entities win conflicts unless overwrite
-- (then they give way to the new span). Among the new spans, earlier and then longer
-- ones are taken first, and a new span never replaces another new one. Returns the
-- number of spans added. Linear: one merge of two lists in text order (overwrite: one
-- owner per token covered).
function Doc:add_ents(spans, opts)
  opts = options.check("add_ents", opts, { overwrite = "boolean" }, 2)
  if type(spans) ~= "table" then error("bad argument #1 to 'add_ents' (array of spans expected)", 2) end
  local incoming, keys, packable = new_table(#spans), new_table(#spans), true
  for i, s in ipairs(spans) do
    if not Span.is_span(s) or s.doc ~= self then
      error(("add_ents: item %d is not a span of this doc"):format(i), 2)
    end
    incoming[i] = s
    local len = s.last - s.first
    if len > 1023 or s.first >= (1 << 32) then packable = false end
    keys[i] = (s.first << 10) | (1023 - len)
  end
  if packable and #incoming <= sort.MAX_ITEMS then
    sort.by_keys(incoming, keys)   -- one integer key per span: no comparator calls
  else
    table.sort(incoming, function(a, b)
      if a.first ~= b.first then return a.first < b.first end
      return a.last > b.last
    end)
  end
  local ents = self.ents
  if not sort.in_text_order(ents) then   -- assigned by hand: sort a copy
    ents = sort.by_first(table.move(ents, 1, #ents, 1, {}))
  end
  if not opts.overwrite then return self:_merge_ents(incoming, ents) end
  -- overwrite: the old entities under a kept new span give way
  local owner, new, removed = {}, {}, {}   -- token -> entity; new spans; given-way spans
  for _, e in ipairs(ents) do
    for i = e.first, e.last do owner[i] = e end
  end
  local added = 0
  for _, s in ipairs(incoming) do
    local clash_new = false
    for i = s.first, s.last do
      local o = owner[i]
      if o and new[o] then clash_new = true break end
    end
    if not clash_new then
      for i = s.first, s.last do
        local o = owner[i]
        if o and not removed[o] then
          removed[o] = true
          for j = o.first, o.last do owner[j] = nil end
        end
      end
      for i = s.first, s.last do owner[i] = s end
      new[s] = true
      added = added + 1
    end
  end
  if added == 0 then return 0 end
  -- both lists are in text order and no two kept spans overlap: merge them
  local out, k = {}, 1
  for _, s in ipairs(incoming) do
    if new[s] then
      while ents[k] and (removed[ents[k]] or ents[k].first < s.first) do
        if not removed[ents[k]] then out[#out + 1] = ents[k] end
        k = k + 1
      end
      out[#out + 1] = s
    end
  end
  for j = k, #ents do
    if not removed[ents[j]] then out[#out + 1] = ents[j] end
  end
  self.ents = out
  return added
end

local function span_record(doc, s, as_json)
  local cs = select(1, doc:_char_offsets(s.first))
  local ce = select(2, doc:_char_offsets(s.last))
  local r = { text = s.text, label = s.label, id = s.id, source = s.source, entry = s.entry,
    first = s.first, last = s.last }
  if as_json then
    r.start, r["end"], r.char_start, r.char_end = s.start - 1, s.stop, cs, ce
  else
    r.start, r.stop, r.char_start, r.char_stop = s.start, s.stop, cs + 1, ce
  end
  return r
end

local function build(doc, as_json)
  local tokens = json.array()
  for i = 1, #doc do
    local t = doc[i]
    local cs, ce = doc:_char_offsets(i)
    local flags = json.array()
    for _, f in ipairs(FLAGS) do
      if t[f] then flags[#flags + 1] = f end
    end
    local r = { i = i, text = t.text, norm = t.norm, lower = t.lower, shape = t.shape,
      space_after = t.space_after, sent = t.sent, flags = flags }
    if as_json then
      r.start, r["end"], r.char_start, r.char_end = t.start - 1, t.stop, cs, ce
    else
      r.start, r.stop, r.char_start, r.char_stop = t.start, t.stop, cs + 1, ce
    end
    tokens[i] = r
  end
  local sents, ents = json.array(), json.array()
  for k, s in ipairs(doc.sents) do sents[k] = span_record(doc, s, as_json) end
  for k, s in ipairs(doc.ents) do ents[k] = span_record(doc, s, as_json) end
  return { text = doc.text, tokens = tokens, sentences = sents, ents = ents,
    meta = doc.meta, data = rawequal(doc.data, nil) and nil or doc.data }
end

--- doc:to_table() -> a plain table: text, tokens, sentences, ents, meta, data.
-- Offsets follow Lua's conventions (1-based, inclusive): start/stop in bytes,
-- char_start/char_stop in code points.
function Doc:to_table() return build(self, false) end

--- doc:to_json() -> a JSON string. Offsets follow JSON conventions: 0-based,
-- end-exclusive `start`/`end` in bytes and `char_start`/`char_end` in code points.
function Doc:to_json() return json.encode(build(self, true)) end

--- token:nbor([k]) -> the token k positions away (default 1), or nil.
function core.Token:nbor(k)
  local doc = self.doc
  return doc[self.i + (k or 1)]
end

return Doc
