-- bench_gazetteer.lua — gazetteer matching through glean's Lua API.
--
-- Opens a compiled gazetteer (written by glean_bench_gazetteer --mode build) with
-- glean.gazetteer.open(path, {nlp = nlp}), loads the corpus (documents separated by
-- "\n\n\n", like the peers; not timed), then times --runs passes of each of:
--   parse+match  nlp:parse(text) + gaz:match(doc) per document: the whole path a user
--                calls (spans are built for every match)
--   match        gaz:match(doc) over documents parsed beforehand (untimed)
--   columns      nlp:parse(text) + gaz:match(doc, {columns=true}) per document: the same
--                matches as parallel arrays, no table per match
--   parse        nlp:parse(text) alone
--   span floor   as many span tables per document as gaz:match returned, built by
--                Lua's table constructor: parse + floor bound the whole path from Lua
-- MB/s counts the whole corpus file (separators included), 1 MB = 10^6 bytes; also the
-- open time, the match count, and peak RSS (VmHWM, before the columns, parse and floor passes). A
-- full garbage collection runs before each pass (not timed). Wall clock: luasocket's
-- socket.gettime() when installed, else os.clock() (CPU time). One JSON line on stdout.
--
-- Usage (from the repo root):
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/?.so;;" \
--     lua5.4 bench/bench_gazetteer.lua --gaz F --file CORPUS [--runs N] [--size NAME]
local ROOT = ((arg and arg[0] or "bench/bench_gazetteer.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local glean = require "glean"

local args = lib.options(arg, { valued = { "gaz", "file", "runs", "size" }, ints = { "runs" },
  required = { "gaz", "file" }, defaults = { runs = 5, size = "" },
  usage = "usage: bench_gazetteer.lua --gaz F --file CORPUS [--runs N] [--size NAME]" })

local clock, clock_name = os.clock, "os.clock (CPU time)"
do
  local ok, socket = pcall(require, "socket")
  if ok and type(socket) == "table" and socket.gettime then
    clock, clock_name = socket.gettime, "socket.gettime (wall)"
  end
end


local text = assert(lib.read_file(args.file))
local docs, bytes = lib.split_docs(text), #text
text = nil

local nlp = glean.new { invalid = "replace" }
local t0 = clock()
local gaz, msg = glean.gazetteer.open(args.gaz, { nlp = nlp })
local open_s = clock() - t0
if not gaz then
  io.stderr:write("bench_gazetteer.lua: " .. tostring(msg) .. "\n")
  os.exit(1)
end

local function timed(fn)
  local times = lib.timed(args.runs, clock, fn)
  return times, lib.median(times)
end

-- parse + match per document
local nmatch_both = 0
local tboth, mboth = timed(function()
  local n = 0
  for i = 1, #docs do
    n = n + #gaz:match(nlp:parse(docs[i]))
  end
  nmatch_both = n
end)

-- match alone over documents parsed beforehand
local parsed = {}
for i = 1, #docs do parsed[i] = nlp:parse(docs[i]) end
local nmatch = 0
local tmatch, mmatch = timed(function()
  local n = 0
  for i = 1, #parsed do n = n + #gaz:match(parsed[i]) end
  nmatch = n
end)

local peak_rss_kb = lib.peak_rss_kb() -- of the user's path, before the passes below

-- parse + match per document, the matches as columns (gaz:match(doc, {columns=true})):
-- the same matches, a Lua array per field instead of a table per match
local ncolumns = 0
local COLUMNS = { columns = true }
local tcols, mcols = timed(function()
  local n = 0
  for i = 1, #docs do
    n = n + gaz:match(nlp:parse(docs[i]), COLUMNS).n
  end
  ncolumns = n
end)

-- nlp:parse alone, and the floor of the span tables: the same number of spans per document,
-- each a table of the same eight fields with the span metatable, made by Lua's table
-- constructor (no glean call). parse + floor bounds what the whole path can reach from Lua
-- while gaz:match returns one table per match.
local tparse, mparse = timed(function()
  for i = 1, #docs do nlp:parse(docs[i]) end
end)
local per_doc = {}
for i = 1, #parsed do per_doc[i] = #gaz:match(parsed[i]) end
local Span = require "glean.span"
local tfloor, mfloor = timed(function()
  for i = 1, #parsed do
    local doc, spans = parsed[i], {}
    for k = 1, per_doc[i] do
      spans[k] = setmetatable({ doc = doc, first = k, last = k, start = k, stop = k + 1,
        entry = k, label = "TERM", source = "gazetteer" }, Span)
    end
  end
end)

local fields = {
  { "tool", "glean-lua-gaz-parse-match" }, { "size", args.size }, { "input", args.file },
  { "entries", #gaz }, { "docs", #docs }, { "bytes", bytes }, { "runs", args.runs },
  { "clock", clock_name }, { "open_s", open_s },
  { "matches", nmatch_both }, { "matches_match_only", nmatch },
  { "median_s", mboth }, { "first_s", tboth[1] }, { "MBps", bytes / mboth / 1e6 },
  { "MBps_first", bytes / tboth[1] / 1e6 },
  { "match_median_s", mmatch }, { "MBps_match_only", bytes / mmatch / 1e6 },
  { "parse_median_s", mparse }, { "MBps_parse_only", bytes / mparse / 1e6 },
  { "span_floor_median_s", mfloor }, { "MBps_span_floor", bytes / mfloor / 1e6 },
  { "MBps_parse_plus_floor", bytes / (mparse + mfloor) / 1e6 },
  { "columns_median_s", mcols }, { "MBps_columns", bytes / mcols / 1e6 },
  { "matches_columns", ncolumns }, { "times_columns_s", lib.round6(tcols) },
  { "peak_rss_kb", peak_rss_kb },
  { "times_s", lib.round6(tboth) }, { "times_match_s", lib.round6(tmatch) },
}
io.stdout:write(lib.json_line(fields) .. "\n")
io.stderr:write(("glean Lua gazetteer %s (%d entries, opened in %.2f ms): nlp:parse + gaz:match "
  .. "%.1f MB/s (first %.1f), gaz:match alone %.1f MB/s; %d matches; clock %s\n"
  .. "  nlp:parse alone %.1f MB/s; the span tables alone (plain Lua) %.1f ms a pass, so "
  .. "parse + span tables bound the path at %.1f MB/s\n"
  .. "  nlp:parse + gaz:match(doc, {columns=true}) %.1f MB/s (%d matches)\n")
  :format(args.size, #gaz, open_s * 1e3, bytes / mboth / 1e6, bytes / tboth[1] / 1e6,
    bytes / mmatch / 1e6, nmatch_both, clock_name, bytes / mparse / 1e6, mfloor * 1e3,
    bytes / (mparse + mfloor) / 1e6, bytes / mcols / 1e6, ncolumns))
