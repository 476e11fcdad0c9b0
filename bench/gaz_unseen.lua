-- bench/gaz_unseen.lua — the entries of a compiled gazetteer that match nowhere in a corpus.
--
-- Matches every document with {all = true} (every occurrence, overlaps included) and writes
-- the entries that never matched as TSV lines `phrase<TAB>label[<TAB>id]`. `make bench`
-- joins them to the 10k list to build the control list of the gazetteer section: nearly a
-- million entries whose only matches are the 10k list's, which tells what a list's size
-- costs the matcher apart from what its extra matches cost. One JSON line on stdout.
--
-- Usage (from the repo root):
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/?.so;;" \
--     lua5.4 bench/gaz_unseen.lua --gaz F --file CORPUS --out TSV
local ROOT = ((arg and arg[0] or "bench/gaz_unseen.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local glean = require "glean"

local args = lib.options(arg, { valued = { "gaz", "file", "out" },
  required = { "gaz", "file", "out" },
  usage = "usage: gaz_unseen.lua --gaz F --file CORPUS --out TSV" })

local nlp = glean.new { invalid = "replace" }  -- as glean_bench_gazetteer and bench_gazetteer.lua
local gaz, msg = glean.gazetteer.open(args.gaz, { nlp = nlp })
if not gaz then
  io.stderr:write("gaz_unseen.lua: " .. tostring(msg) .. "\n")
  os.exit(1)
end
local text = assert(lib.read_file(args.file))

local matched, nmatched = {}, 0
for _, d in ipairs(lib.split_docs(text)) do
  for _, span in ipairs(gaz:match(nlp:parse(d), { all = true })) do
    if not matched[span.entry] then
      matched[span.entry] = true
      nmatched = nmatched + 1
    end
  end
end

local out = assert(io.open(args.out, "w"))
local unseen = 0
for k = 1, #gaz do
  if not matched[k] then
    local e = gaz:entry(k)
    -- a phrase holds no tab or newline: load_tsv split it out of one TSV field
    out:write(e.phrase, "\t", e.label, e.id and ("\t" .. e.id) or "", "\n")
    unseen = unseen + 1
  end
end
assert(out:close())
io.stdout:write(lib.json_line { { "tool", "glean-gaz-unseen" }, { "gaz", args.gaz },
  { "entries", #gaz }, { "matched", nmatched }, { "unseen", unseen }, { "out", args.out } } .. "\n")
io.stderr:write(("gaz_unseen.lua: %d of %d entries never match %s; written to %s\n")
  :format(unseen, #gaz, args.file, args.out))
