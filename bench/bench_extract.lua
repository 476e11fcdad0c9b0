-- bench/bench_extract.lua — the full news extraction from Lua over a corpus: nlp:parse,
-- then glean.extract.entities, acronyms, quotes, dates and quantities on every article.
--   lua5.4 bench/bench_extract.lua --file CORPUS [--runs N]
-- CORPUS is the peers' BBC file (articles separated by blank-line triples, as
-- bench/lib.lua's split_docs reads it). Prints one JSON line: MB/s (median of N), and
-- per extractor; a summary on stderr.
package.path = "lua/?.lua;lua/?/init.lua;bench/?.lua;" .. package.path
local lib = require "lib"
local glean = require "glean"

local args = lib.options(arg, { valued = { "file", "runs" }, ints = { "runs" },
  required = { "file" }, defaults = { runs = 3 }, usage = "usage: bench_extract.lua --file CORPUS [--runs N]" })
local file, runs = args.file, args.runs

local texts, bytes = {}, 0
local data = assert(io.open(file, "rb")):read("a")
for _, t in ipairs(lib.split_docs(data)) do
  if utf8.len(t) then texts[#texts + 1] = t; bytes = bytes + #t end
end

local nlp = glean.new()
local STAGES = { "entities", "acronyms", "quotes", "dates", "quantities" }
-- warm up: the built-in gazetteers and rules compile once per nlp
glean.extract.entities(nlp:parse(texts[1]))

local function run_once()
  local per = {}
  for _, s in ipairs(STAGES) do per[s] = 0 end
  local counts = {}
  local t0 = os.clock()
  local parse = 0
  for _, t in ipairs(texts) do
    local a = os.clock()
    local doc = nlp:parse(t)
    parse = parse + os.clock() - a
    for _, s in ipairs(STAGES) do
      local b = os.clock()
      local r = glean.extract[s](doc)
      per[s] = per[s] + os.clock() - b
      counts[s] = (counts[s] or 0) + #r
    end
  end
  return os.clock() - t0, parse, per, counts
end

local totals, parses, pers, counts = {}, {}, {}, nil
for r = 1, runs do
  local t, p, per, c = run_once()
  totals[r], parses[r], pers[r], counts = t, p, per, c
end
local med = lib.median(totals)
-- the issue's set (entities, quotes, acronyms, dates) and all five, parse excluded
local four, five = {}, {}
for r = 1, runs do
  local p = pers[r]
  four[r] = p.entities + p.quotes + p.acronyms + p.dates
  five[r] = four[r] + p.quantities
end
local out = { tool = "glean-lua-extract", docs = #texts, bytes = bytes, runs = runs,
  median_s = med, MBps = bytes / med / 1e6, parse_MBps = bytes / lib.median(parses) / 1e6,
  four_MBps = bytes / lib.median(four) / 1e6, five_MBps = bytes / lib.median(five) / 1e6,
  counts = counts, stage_MBps = {}, clock = "os.clock (CPU time)" }
for _, s in ipairs(STAGES) do
  local xs = {}
  for r = 1, runs do xs[r] = pers[r][s] end
  out.stage_MBps[s] = bytes / lib.median(xs) / 1e6
end
print(require("glean.json").encode(out))
io.stderr:write(("glean extraction (entities, acronyms, quotes, dates, quantities): %.1f MB/s "
  .. "over %d docs, %.1f MB with parsing (parse alone %.1f MB/s); entities+quotes+acronyms+dates "
  .. "%.1f MB/s, all five %.1f MB/s\n"):format(out.MBps, #texts, bytes / 1e6, out.parse_MBps,
  out.four_MBps, out.five_MBps))
for _, s in ipairs(STAGES) do
  io.stderr:write(("  %-10s %7.1f MB/s  %d results\n"):format(s, out.stage_MBps[s], counts[s]))
end
