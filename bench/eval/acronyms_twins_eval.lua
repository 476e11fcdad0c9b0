--- acronyms_twins_eval.lua: the acronym extractor's C twin (what glean.extract.acronyms
-- runs) against its Lua reference (require("glean.extract.acronyms").extract_lua) on
-- whole corpora: every BBC News article of ../shared/data/bbc-news and every document of
-- CoNLL-2003 train and dev, after glean.extract.entities, annotating doc.ents and not.
-- Both must give the same definitions (every field) and leave the same doc.ents.
--
--   lua5.4 bench/eval/acronyms_twins_eval.lua [--data DIR] [--errors]
local root = ((arg and arg[0] or "bench/eval/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local twins = require "bench.eval.twins"

local function span(s)
  return table.concat({ s.first, s.last, s.start, s.stop, tostring(s.label), tostring(s.source) }, ",")
end

local function dump(defs)
  local out = {}
  for i, r in ipairs(defs) do
    out[i] = table.concat({ r.short, r.long, span(r.short_span), span(r.long_span), r.form,
      r.method, tostring(r.label) }, " | ")
  end
  return out
end

twins.run("acronyms_twins_eval", arg, {
  module = require "glean.extract.acronyms",
  dump = dump,
  variants = {
    { name = "annotate", opts = nil },
    { name = "annotate false", opts = function() return { annotate = false } end },
  },
})
