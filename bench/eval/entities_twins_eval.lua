--- entities_twins_eval.lua: the entity recognizer's C judge (what glean.extract.entities
-- runs) against its Lua reference (require("glean.extract.entities").extract_lua) on
-- whole corpora (bench/eval/twins.lua: every BBC News article and the CoNLL-2003 train
-- and dev texts). Both must give the same entities (offsets, labels, sources) and leave
-- the same doc.ents.
--
--   lua5.4 bench/eval/entities_twins_eval.lua [--data DIR] [--errors]
local root = ((arg and arg[0] or "bench/eval/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local twins = require "bench.eval.twins"

local function dump(spans)
  local out = {}
  for i, s in ipairs(spans) do
    out[i] = table.concat({ s.first, s.last, s.start, s.stop, s.label, s.source }, " ")
  end
  return out
end

twins.run("entities_twins_eval", arg, {
  module = require "glean.extract.entities",
  dump = dump,
  entities_first = false,
  variants = { { name = "built-ins" }, { name = "PERSON and GPE only",
    opts = function() return { labels = { "PERSON", "GPE" } } end } },
})
