-- examples/gazetteer.lua — entities from a phrase list, with their offsets.
--   lua5.4 examples/gazetteer.lua [ARTICLE] [LIST.tsv]
-- (`make demo` runs it on examples/huawei-5g.txt with examples/huawei-world.tsv.)
local glean = require "glean"

local article = arg[1] or "examples/huawei-5g.txt"
local list = arg[2] or "examples/huawei-world.tsv"
local text = assert(io.open(article, "rb")):read("a")

local nlp = glean.new()
local gaz = glean.gazetteer { nlp = nlp, name = "huawei-world" }
assert(gaz:load_tsv(list))
-- Short all-capital names are added as exact entries, so the pronoun "us" is not the
-- United States and "bsi" in lower case is not the agency.
gaz:add("US", "GPE", "Q30", { exact = true })
gaz:add("U.S.", "GPE", "Q30", { exact = true })
gaz:add("BSI", "ORG", "Q490481", { exact = true })

local doc = nlp:parse(text)
local n = gaz:annotate(doc)

local tty = os.getenv("NO_COLOR") == nil and os.execute("test -t 1") == true
local function bold(s) return tty and ("\27[1m" .. s .. "\27[0m") or s end

print()
print(bold(("Entities from the gazetteer (%d entries, %d matches in %d tokens)"):format(#gaz, n, #doc)))
print(("%-8s %-11s %-26s %-10s %s"):format("label", "bytes", "text", "id", "sentence"))
for _, e in ipairs(doc.ents) do
  print(("%-8s %-11s %-26s %-10s %d"):format(e.label, e.start .. "-" .. e.stop, e.text,
    e.id or "", doc[e.first].sent))
end

-- The same entities grouped by label, with counts.
local by = {}
for _, e in ipairs(doc.ents) do
  by[e.label] = by[e.label] or {}
  by[e.label][e.text] = (by[e.label][e.text] or 0) + 1
end
print()
for _, label in ipairs { "ORG", "GPE", "LOC", "PERSON", "NORP" } do
  if by[label] then
    local items = {}
    for t, c in pairs(by[label]) do items[#items + 1] = { t, c } end
    table.sort(items, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    local parts = {}
    for _, it in ipairs(items) do parts[#parts + 1] = it[2] > 1 and (it[1] .. " ×" .. it[2]) or it[1] end
    print(("%-7s %s"):format(label, table.concat(parts, ", ")))
  end
end
