-- bench_memory.lua — memory of ONE parsed document through the Lua API.
--
-- Reads the corpus file, joins --copies K copies of it with "\n\n\n" into one string,
-- warms the nlp up by parsing every document of the file once (so its lexicon and chunk
-- cache are already grown: what the big parse adds is the document's own memory), then
-- measures, with the text already in memory (it is not counted):
--   parse   local doc = nlp:parse(text)
--   use     doc.sents (one span table per sentence, kept on the doc) and one pass over
--           doc:tokens() reading tok.text and tok.norm (garbage, collected afterwards)
-- as Lua heap growth (collectgarbage("count") after a full collection: the doc's token
-- and sentence arrays live in its userdata, so in the Lua heap) and RSS growth (VmRSS
-- and VmHWM from /proc/self/status; the peak is reset through /proc/self/clear_refs
-- before each step, so earlier peaks such as building the string do not hide it), each
-- per input byte. One JSON line on stdout, human-readable text on stderr.
--
-- Usage (from the repo root):
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/?.so;;" \
--     lua5.4 bench/bench_memory.lua --file F [--copies K]
local ROOT = ((arg and arg[0] or "bench/bench_memory.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local glean = require "glean"

local USAGE = "usage: bench_memory.lua --file F [--copies K]"
local args = lib.options(arg, { valued = { "file", "copies" }, ints = { "copies" },
  required = { "file" }, defaults = { copies = 1 }, usage = USAGE })
if args.copies < 1 then
  io.stderr:write(USAGE, "\n")
  os.exit(2)
end

--- A "Key:   123 kB" line of /proc/self/status in kB (nil off Linux).
local function status_kb(key)
  local s = lib.read_file("/proc/self/status")
  return s and tonumber(s:match(key .. ":%s*(%d+)"))
end

--- Resets VmHWM to the current RSS (Linux >= 4.0); true when it worked.
local function reset_peak()
  local f = io.open("/proc/self/clear_refs", "w")
  if not f then return false end
  local ok = f:write("5")
  return f:close() and ok ~= nil
end

--- Lua heap in bytes after a full collection.
local function heap()
  collectgarbage("collect")
  collectgarbage("collect")
  return collectgarbage("count") * 1024
end

local corpus = assert(lib.read_file(args.file))
local nlp = glean.new()

-- Warm-up: every document of the file once; the docs become garbage.
local rss_init = status_kb("VmRSS")
for _, d in ipairs(lib.split_docs(corpus)) do nlp:parse(d) end
local warm_types = nlp:type_count()

local text
do
  local parts = {}
  for j = 1, args.copies do parts[j] = corpus end
  text = table.concat(parts, "\n\n\n")
end
local bytes = #text

-- Before: the text, the corpus and the warm nlp are in memory.
local heap0 = heap()
local rss_warm = status_kb("VmRSS")
local reset = reset_peak()
local rss0, hwm0 = status_kb("VmRSS"), status_kb("VmHWM")

local doc = nlp:parse(text)
local hwm1 = status_kb("VmHWM")
local heap1 = heap()
local rss1 = status_kb("VmRSS")
if reset then reset_peak() end

local sents = doc.sents
local ntoks, chk = 0, 0
for tok in doc:tokens() do
  ntoks = ntoks + 1
  chk = chk + #tok.text + #tok.norm
end
local hwm2 = status_kb("VmHWM")
local heap2 = heap()
local rss2 = status_kb("VmRSS")

-- Without the peak reset, the baseline is the peak before the parse.
local base = reset and rss0 or hwm0
local peak = math.max(hwm1 or 0, hwm2 or 0)
local function per_byte(b) return b and b / bytes end
local function kb_growth(after, before) return after and before and (after - before) * 1024 end
local fields = {
  { "tool", "glean-lua-memory" }, { "input", args.file }, { "copies", args.copies },
  { "bytes", bytes }, { "tokens", #doc }, { "sentences", #sents }, { "tokens_iterated", ntoks },
  { "chars_read", chk }, { "types", nlp:type_count() }, { "types_warm", warm_types },
  { "lua_heap_before", math.floor(heap0) },
  { "lua_heap_parse", math.floor(heap1 - heap0) }, { "lua_heap_growth", math.floor(heap2 - heap0) },
  { "lua_heap_parse_per_byte", (heap1 - heap0) / bytes },
  { "lua_heap_per_byte", (heap2 - heap0) / bytes },
  { "lua_heap_per_token", (heap2 - heap0) / #doc },
  { "hwm_reset", reset }, { "rss_before_kb", rss0 }, { "hwm_before_kb", hwm0 },
  { "rss_after_parse_kb", rss1 }, { "rss_after_kb", rss2 }, { "peak_rss_kb", peak },
  { "warmup_rss_kb", rss_warm and rss_init and rss_warm - rss_init },
  { "peak_rss_growth_parse_per_byte", per_byte(kb_growth(hwm1, base)) },
  { "peak_rss_growth_per_byte", per_byte(kb_growth(peak, base)) },
  { "rss_growth_parse_per_byte", per_byte(kb_growth(rss1, rss0)) },
  { "rss_growth_per_byte", per_byte(kb_growth(rss2, rss0)) },
}
for i = #fields, 1, -1 do -- off Linux the RSS figures are nil: leave them out
  if fields[i][2] == nil then table.remove(fields, i) end
end
io.stdout:write(lib.json_line(fields) .. "\n")
io.stdout:flush()
io.stderr:write(("glean Lua memory, %d copies = %d bytes, %d tokens, %d sentences\n"
  .. "  Lua heap growth: %.3f bytes per input byte after nlp:parse, %.3f with doc.sents "
  .. "(%.1f bytes per token)\n"
  .. "  peak RSS growth: %.3f per input byte in nlp:parse, %.3f overall (peak reset: %s); "
  .. "RSS after: %.3f per input byte\n")
  :format(args.copies, bytes, #doc, #sents, (heap1 - heap0) / bytes, (heap2 - heap0) / bytes,
    (heap2 - heap0) / #doc, per_byte(kb_growth(hwm1, base)) or 0 / 0,
    per_byte(kb_growth(peak, base)) or 0 / 0, tostring(reset),
    per_byte(kb_growth(rss2, rss0)) or 0 / 0))
