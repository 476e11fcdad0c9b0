--- bench/eval/twins.lua — what the twins evaluations share (dates_twins_eval.lua,
-- acronyms_twins_eval.lua): the corpora they read and the loop that compares an
-- extractor's C twin (extract) with its Lua reference (extract_lua) on every document.
--   local twins = require("bench.eval.twins")
--   twins.run(name, arg, { variants = {...}, dump = function(results) ... end, module = M })
-- Each variant is { name =, opts = function(doc) -> opts }; entities are extracted first
-- on each doc (glean.extract.entities), as the news pipeline runs them. Prints per
-- corpus and variant the documents, results and documents that differ (with --errors,
-- the first 20 differences), and exits 1 when any does; skipped (exit 0) without data.
local M = {}

local root = ((arg and arg[0] or "bench/eval/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
package.path = package.path .. (";%s/lua/?.lua;%s/lua/?/init.lua"):format(root, root)
package.cpath = package.cpath .. (";%s/build/?.so"):format(root)
local lib = require "bench.lib"

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

--- The corpora under data: { {name, texts}, ... } (BBC News, CoNLL-2003 train and dev).
function M.corpora(data)
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
  return corpora
end

-- doc.ents as lines (offsets, label, source).
local function dump_ents(ents)
  local out = {}
  for i, s in ipairs(ents) do
    out[i] = table.concat({ s.first, s.last, s.start, s.stop, tostring(s.label), tostring(s.source) }, " ")
  end
  return out
end

--- The first difference between the two twins on one text (nil when none), and the
-- number of results.
function M.compare(nlp, E, mod, dump, text, opts_of)
  local d1, d2 = nlp:parse(text), nlp:parse(text)
  E.extract(d1)
  E.extract(d2)
  local a = dump(mod.extract(d1, opts_of and opts_of(d1) or nil))
  local b = dump(mod.extract_lua(d2, opts_of and opts_of(d2) or nil))
  local ea, eb = dump_ents(d1.ents), dump_ents(d2.ents)
  for i = 1, math.max(#a, #b) do
    if a[i] ~= b[i] then return ("result %d: C %s, Lua %s"):format(i, tostring(a[i]), tostring(b[i])), #a end
  end
  for i = 1, math.max(#ea, #eb) do
    if ea[i] ~= eb[i] then return ("doc.ents %d: C %s, Lua %s"):format(i, tostring(ea[i]), tostring(eb[i])), #a end
  end
  return nil, #a
end

function M.run(name, argv, spec)
  local opts = require("bench.eval.args").parse_gold(name, argv, nil)
  local data = opts.data or (root .. "/../shared/data")
  if not lib.exists(data .. "/bbc-news") and not lib.exists(data .. "/conll2003-en") then
    print(("%s: skipped (no %s)"):format(name, opts.data or "../shared/data"))
    os.exit(0)
  end
  local glean = require "glean"
  local E = require "glean.extract.entities"
  local nlp = glean.new()
  local failed, shown = 0, 0
  for _, corpus in ipairs(M.corpora(data)) do
    local cname, texts = corpus[1], corpus[2]
    for _, v in ipairs(spec.variants) do
      local ndiff, nres = 0, 0
      for k, text in ipairs(texts) do
        local diff, n = M.compare(nlp, E, spec.module, spec.dump, text, v.opts)
        nres = nres + n
        if diff then
          ndiff = ndiff + 1
          if opts.errors and shown < 20 then
            shown = shown + 1
            print(("  %s (%s) document %d: %s"):format(cname, v.name, k, diff))
          end
        end
      end
      print(("%s: %s, %s: %d documents, %d results, %d documents differ")
        :format(name, cname, v.name, #texts, nres, ndiff))
      failed = failed + ndiff
    end
  end
  if failed > 0 then os.exit(1) end
end

return M
