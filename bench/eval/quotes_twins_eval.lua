--- quotes_twins_eval.lua: the quotes extractor's C twin (what glean.extract.quotes runs)
-- against its Lua reference (require("glean.extract.quotes").extract_lua) on whole
-- corpora (bench/eval/twins.lua: every BBC News article and the CoNLL-2003 train and dev
-- texts), each after glean.extract.entities (the speakers read doc.ents). Both must give
-- the same quotes: every field, every span field, and the same sharing of span tables (a
-- speaker that is an entity is that entity's table; quotes that share a cue share its
-- spans), with phrases and without (spec/quotes_twins.lua compares them).
--
--   lua5.4 bench/eval/quotes_twins_eval.lua [--data DIR] [--errors]
local root = ((arg and arg[0] or "bench/eval/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local twins = require "bench.eval.twins"
local compare_quotes = require "spec.quotes_twins"

local function compare(opts)
  return function(nlp, text)
    local E, Q = require "glean.extract.entities", require "glean.extract.quotes"
    local d1, d2 = nlp:parse(text), nlp:parse(text)
    E.extract(d1)
    E.extract(d2)
    local a, b = Q.extract(d1, opts), Q.extract_lua(d2, opts)
    return compare_quotes.first_difference(d1, a, d2, b), #a
  end
end

twins.run("quotes_twins_eval", arg, {
  variants = { { name = "with phrases", compare = compare(nil) },
    { name = "statements only", compare = compare({ phrases = false }) } },
})
