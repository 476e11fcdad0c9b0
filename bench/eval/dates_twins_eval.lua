--- dates_twins_eval.lua: the date extractor's C twin (what glean.extract.dates runs)
-- against its Lua reference (require("glean.extract.dates").extract_lua) on whole
-- corpora: every BBC News article of ../shared/data/bbc-news and every document of
-- CoNLL-2003 train and dev, after glean.extract.entities, with a reference date (the BBC
-- articles are of 2004-2005, CoNLL's of 1996), with meta.date and without any. Both must
-- give the same records (every field) and leave the same doc.ents.
--
--   lua5.4 bench/eval/dates_twins_eval.lua [--data DIR] [--errors]
local root = ((arg and arg[0] or "bench/eval/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local twins = require "bench.eval.twins"

local function dump(records)
  local out = {}
  for i, r in ipairs(records) do
    local s = r.span
    out[i] = table.concat({ s.first, s.last, s.start, s.stop, tostring(s.label), tostring(s.source),
      r.kind, tostring(r.value), tostring(r.from), tostring(r.to), tostring(r.prep),
      tostring(r.tense) }, " ")
  end
  return out
end

twins.run("dates_twins_eval", arg, {
  module = require "glean.extract.dates",
  dump = dump,
  variants = {
    { name = "date 2005-02-15", opts = function() return { date = "2005-02-15" } end },
    { name = "meta.date 1996-08-30", opts = function(doc) doc.meta = { date = "1996-08-30" } end },
    { name = "no date", opts = nil },
    { name = "date 2004-12-31, annotate false", opts = function() return { date = "2004-12-31", annotate = false } end },
  },
})
