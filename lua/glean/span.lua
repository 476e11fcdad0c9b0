--- Spans: a run of tokens of one doc (sentences, entities, matches).
-- Fields: doc, first, last (token indices), start, stop (1-based inclusive bytes),
-- label, id, source, and anything an extractor adds. `span.text` is computed on read.
local Span = {}
local methods = {}

Span.__index = function(self, key)
  if key == "text" then
    return rawget(self, "doc").text:sub(rawget(self, "start"), rawget(self, "stop"))
  end
  return methods[key]
end

Span.__len = function(self) return self.last - self.first + 1 end
Span.__tostring = function(self) return self.text end
Span.__eq = function(a, b)
  return a.doc == b.doc and a.first == b.first and a.last == b.last and a.label == b.label
end

--- Iterates over the span's tokens.
function methods:tokens()
  local doc, i, last = self.doc, self.first - 1, self.last
  return function()
    i = i + 1
    if i <= last then return doc[i] end
  end
end

--- A new span over tokens first..last of doc; `fields` (optional) are copied in.
function Span.new(doc, first, last, label, fields)
  local start = doc:_offsets(first)
  local _, stop = doc:_offsets(last)
  local s = { doc = doc, first = first, last = last, start = start, stop = stop, label = label }
  if fields then
    for k, v in pairs(fields) do
      if s[k] == nil then s[k] = v end
    end
  end
  return setmetatable(s, Span)
end

function Span.is_span(x) return getmetatable(x) == Span end

--- Span.by_last(spans, keep) -> table: last token index -> array of the spans (in their
-- order) that end there and for which keep(span) is true. For look-ups of "the entity
-- that ends this noun phrase" without walking every span each time.
function Span.by_last(spans, keep)
  local ends = {}
  for _, s in ipairs(spans) do
    if keep(s) then
      local list = ends[s.last]
      if list then list[#list + 1] = s else ends[s.last] = { s } end
    end
  end
  return ends
end

Span.methods = methods
return Span
