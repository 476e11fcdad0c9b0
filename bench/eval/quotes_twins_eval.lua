--- quotes_twins_eval.lua: the quotes extractor's C twin (what glean.extract.quotes runs)
-- against its Lua reference (require("glean.extract.quotes").extract_lua) on whole
-- corpora: every BBC News article of ../shared/data/bbc-news and every document of
-- CoNLL-2003 train and dev (rebuilt as conll_eval.lua rebuilds them), each after
-- glean.extract.entities (the speakers read doc.ents). Both must give the same quotes:
-- every field, every span field, and the same sharing of span tables (a speaker that is
-- an entity is that entity's table; quotes that share a cue share its spans).
--
--   lua5.4 bench/eval/quotes_twins_eval.lua [--data DIR] [--errors]
--
-- DIR defaults to ../shared/data. Prints the documents and quotes compared and the
-- documents that differ (with --errors, the first 20 differences), and exits 1 when any
-- does; skipped (exit 0) without the data.
local root = ((arg and arg[0] or "bench/eval/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local opts = require("bench.eval.args").parse_gold("quotes_twins_eval", arg, nil)
local data = opts.data or (root .. "/../shared/data")
if not lib.exists(data .. "/bbc-news") and not lib.exists(data .. "/conll2003-en") then
  print(("quotes_twins_eval: skipped (no %s)"):format(opts.data or "../shared/data"))
  os.exit(0)
end
package.path = package.path .. (";%s/lua/?.lua;%s/lua/?/init.lua"):format(root, root)
package.cpath = package.cpath .. (";%s/build/?.so"):format(root)
local glean = require "glean"
local E = require "glean.extract.entities"
local Q = require "glean.extract.quotes"
local twins = require "spec.quotes_twins"

local function texts_of_bbc(dir)
  local out = {}
  local p = io.popen(("find %q -name '*.txt' | sort"):format(dir))
  for path in p:lines() do
    local t = lib.read_file(path)
    if t and utf8.len(t) then out[#out + 1] = t end
  end
  p:close()
  return out
end

local corpora = {}
if lib.exists(data .. "/bbc-news") then
  corpora[#corpora + 1] = { "BBC News", texts_of_bbc(data .. "/bbc-news") }
end
for _, f in ipairs({ "train.txt", "valid.txt" }) do
  local path = data .. "/conll2003-en/" .. f
  if lib.exists(path) then
    local texts = {}
    for i, d in ipairs(require("bench.eval.conll").read(path)) do texts[i] = d.text end
    corpora[#corpora + 1] = { "CoNLL-2003 " .. f, texts }
  end
end

local nlp = glean.new()
local failed, shown = 0, 0
for _, corpus in ipairs(corpora) do
  local name, texts = corpus[1], corpus[2]
  local ndiff, nquotes, nspeakers = 0, 0, 0
  for k, text in ipairs(texts) do
    local d1, d2 = nlp:parse(text), nlp:parse(text)
    E.extract(d1)
    E.extract(d2)
    local a, b = Q.extract(d1), Q.extract_lua(d2)
    nquotes = nquotes + #a
    for _, q in ipairs(a) do if q.speaker then nspeakers = nspeakers + 1 end end
    local diff = twins.first_difference(d1, a, d2, b)
    if not diff then diff = twins.first_difference(d1, Q.extract(d1, { phrases = false }),
        d2, Q.extract_lua(d2, { phrases = false })) end
    if diff then
      ndiff = ndiff + 1
      if opts.errors and shown < 20 then
        shown = shown + 1
        print(("  %s document %d: %s"):format(name, k, diff))
      end
    end
  end
  print(("quotes_twins_eval: %s: %d documents, %d quotes (%d with a speaker), %d documents differ")
    :format(name, #texts, nquotes, nspeakers, ndiff))
  failed = failed + ndiff
end
if failed > 0 then os.exit(1) end
