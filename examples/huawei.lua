-- examples/huawei.lua — the whole news extraction on one article: entities by label,
-- quotes with their speakers, acronyms, dates resolved against the article's date, and
-- quantities; printed as a report and written as JSON.
--   lua5.4 examples/huawei.lua [ARTICLE [JSON_OUT [DATE]]]
-- (`make demo` runs it on examples/huawei-5g.txt, dated 2019-02-05.)
local glean = require "glean"
local json = require "glean.json"

local path = arg[1] or "examples/huawei-5g.txt"
local json_out = arg[2]
local date = arg[3] or "2019-02-05"
local text = assert(io.open(path, "rb")):read("a")

local nlp = glean.new()
local doc = nlp:parse(text, { id = path:match("([^/]+)$"), date = date })

-- Order matters a little: entities first (quotes resolve speakers to them, acronyms
-- give their label to the short form), then the rest.
local entities = glean.extract.entities(doc)
local acronyms = glean.extract.acronyms(doc)
local quotes = glean.extract.quotes(doc)
local dates = glean.extract.dates(doc)
local quantities = glean.extract.quantities(doc)

local out = {}
local function say(fmt, ...) out[#out + 1] = fmt:format(...) end
local function one_line(s, max)
  s = s:gsub("%s+", " ")
  if utf8.len(s) > max then s = s:sub(1, utf8.offset(s, max - 1) - 1) .. "…" end
  return s
end

say("%s: %d bytes, %d tokens, %d sentences, dated %s", doc.meta.id, #doc.text, #doc,
  #doc.sents, date)

-- entities grouped by label, most frequent first
say("")
say("Entities (%d)", #doc.ents)
local by = {}
for _, e in ipairs(doc.ents) do
  by[e.label] = by[e.label] or {}
  by[e.label][e.text] = (by[e.label][e.text] or 0) + 1
end
for _, label in ipairs { "PERSON", "ORG", "GPE", "LOC", "NORP", "DATE" } do
  if by[label] then
    local items = {}
    for t, c in pairs(by[label]) do items[#items + 1] = { t, c } end
    table.sort(items, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    local parts = {}
    for _, it in ipairs(items) do parts[#parts + 1] = it[2] > 1 and (it[1] .. " ×" .. it[2]) or it[1] end
    say("  %-7s %s", label, table.concat(parts, ", "))
  end
end

say("")
say("Quotes (%d)", #quotes)
for i, q in ipairs(quotes) do
  say("  %d. “%s”", i, one_line(q.text, 70))
  say("     — %s%s%s", q.speaker and q.speaker.text or "(speaker unknown)",
    q.cue and (" (" .. q.cue .. ")") or "",
    q.resolved and (" = " .. q.resolved.text) or "")
end

say("")
say("Acronyms (%d)", #acronyms)
for _, a in ipairs(acronyms) do say("  %-6s = %s", a.short, a.long) end

say("")
say("Dates (%d, resolved against %s)", #dates, date)
for _, d in ipairs(dates) do
  -- one day (value), or the first and last day of a week, month or year (from, to)
  local when = d.value or (d.from and d.from .. " to " .. d.to) or "-"
  say("  %-22s %-24s %s", one_line(d.span.text, 22), when, d.kind)
end

say("")
say("Quantities (%d)", #quantities)
for _, q in ipairs(quantities) do
  say("  %-22s %-8s %s%s", one_line(q.span.text, 22), q.kind, tostring(q.value),
    q.unit and (" " .. q.unit) or "")
end

io.write(table.concat(out, "\n"), "\n")

-- The same as JSON: 0-based, end-exclusive byte offsets, like every glean JSON output.
if json_out then
  local function span(s)
    if not s then return nil end
    return { text = s.text, label = s.label, start = s.start - 1, ["end"] = s.stop, source = s.source }
  end
  local rec = { id = doc.meta.id, date = date, entities = json.array(), quotes = json.array(),
    acronyms = json.array(), dates = json.array(), quantities = json.array() }
  for _, e in ipairs(doc.ents) do rec.entities[#rec.entities + 1] = span(e) end
  for _, q in ipairs(quotes) do
    rec.quotes[#rec.quotes + 1] = { text = q.text, span = span(q.span), speaker = span(q.speaker), cue = q.cue,
      resolved = span(q.resolved) }
  end
  for _, a in ipairs(acronyms) do
    rec.acronyms[#rec.acronyms + 1] = { short = a.short, long = a.long,
      short_span = span(a.short_span), long_span = span(a.long_span) }
  end
  for _, d in ipairs(dates) do
    rec.dates[#rec.dates + 1] = { span = span(d.span), value = d.value, from = d.from,
      to = d.to, kind = d.kind }
  end
  for _, q in ipairs(quantities) do
    rec.quantities[#rec.quantities + 1] = { span = span(q.span), kind = q.kind, value = q.value, unit = q.unit }
  end
  local f = assert(io.open(json_out, "wb"))
  f:write(json.encode(rec), "\n")
  f:close()
  io.write(("\nJSON written to %s\n"):format(json_out))
end
return { entities = entities, quotes = quotes, acronyms = acronyms, dates = dates, quantities = quantities }
