--- bench/eval/twins.lua — what the twins evaluations share (entities_, quotes_, dates_
-- and acronyms_twins_eval.lua): the corpora they read and the loop that compares an
-- extractor's C twin (extract) with its Lua reference (extract_lua) on every document.
--   local twins = require("bench.eval.twins")
--   twins.run(name, arg, { variants = {...}, dump = function(results) ... end, module = M })
-- Each variant is { name =, opts = function(doc) -> opts }; entities are extracted first
-- on each doc (glean.extract.entities), as the news pipeline runs them, unless
-- `entities_first = false`. A variant's `compare = function(nlp, text) ->
-- difference|nil, results` replaces the default comparison (results by `dump`, then
-- doc.ents). Prints
-- per corpus and variant the documents, results and documents that differ (with
-- --errors, the first 20 differences), and exits 1 when any does; skipped (exit 0)
-- without data.
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

--- The first difference between the two twins on one text (nil when none), and the
-- number of results (spec/twins.lua compares). E: the entity recognizer to run first,
-- or nil.
function M.compare(nlp, E, mod, dump, text, opts_of)
  return require("spec.twins").compare(text, { parser = nlp, mod = mod, dump = dump,
    opts_of = opts_of, prepare = E and E.extract or nil })
end

function M.run(name, argv, spec)
  local opts = require("bench.eval.args").parse_gold(name, argv, nil)
  local data = opts.data or (root .. "/../shared/data")
  if not lib.exists(data .. "/bbc-news") and not lib.exists(data .. "/conll2003-en") then
    print(("%s: skipped (no %s)"):format(name, opts.data or "../shared/data"))
    os.exit(0)
  end
  local glean = require "glean"
  local E = spec.entities_first ~= false and require "glean.extract.entities" or nil
  local nlp = glean.new()
  local failed, shown = 0, 0
  for _, corpus in ipairs(M.corpora(data)) do
    local cname, texts = corpus[1], corpus[2]
    for _, v in ipairs(spec.variants) do
      local ndiff, nres = 0, 0
      for k, text in ipairs(texts) do
        local diff, n
        if v.compare then
          diff, n = v.compare(nlp, text)
        else
          diff, n = M.compare(nlp, E, spec.module, spec.dump, text, v.opts)
        end
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
