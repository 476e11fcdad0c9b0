-- bench_tokenize.lua — throughput of glean through its Lua API.
--
-- Loads every document into memory first (not timed), then, with ONE nlp object:
--   parse      nlp:parse(text) per document (tokenize + sentences), --runs passes
--   normalize  glean.normalize(text, "casefold") per document (and "search")
--   iterate    (secondary) all tokens of all parsed documents, reading tok.text and
--              tok.norm, via doc:tokens()
-- Reports the first (cold) pass and the median of the passes, MB/s (1 MB = 10^6 bytes),
-- tokens/s and peak RSS (VmHWM from /proc/self/status). A full garbage collection runs
-- before each pass (not timed); the garbage a pass makes is collected inside it.
-- Wall clock: luasocket's socket.gettime() when installed, else os.clock() (CPU time).
-- One JSON line per measurement on stdout, human-readable text on stderr.
--
-- Usage (from the repo root):
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/?.so;;" \
--     lua5.4 bench/bench_tokenize.lua [DIR | --file F] [--runs N] [--limit-mb X]
--                                      [--only parse,normalize,iterate]
-- DIR defaults to ../shared/data/bbc-news (text files in topic subfolders, one document
-- each); --file F is one file of documents separated by "\n\n\n" (the peers' format;
-- MB/s then counts the whole file, separators included, as the peers do).
local ROOT = ((arg and arg[0] or "bench/bench_tokenize.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local glean = require "glean"

local args = lib.options(arg, { valued = { "file", "runs", "limit-mb", "only" },
  positional = "dir", ints = { "runs" }, defaults = { runs = 5, only = "parse,normalize,iterate" },
  usage = "usage: bench_tokenize.lua [DIR | --file F] [--runs N] [--limit-mb X] [--only parse,normalize,iterate]" })
local want = {}
for w in args.only:gmatch("[^,]+") do want[w] = true end

local clock, clock_name = os.clock, "os.clock (CPU time)"
do
  local ok, socket = pcall(require, "socket")
  if ok and type(socket) == "table" and socket.gettime then
    clock, clock_name = socket.gettime, "socket.gettime (wall)"
  end
end

local function read_file(path) return assert(lib.read_file(path)) end

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- Documents and the byte count MB/s is taken over.
local docs, bytes, source = {}, 0, nil
if args.file then
  source = args.file
  local text = read_file(args.file)
  local pos = 1
  while true do
    local a = text:find("\n\n\n", pos, true)
    if not a then
      docs[#docs + 1] = text:sub(pos)
      break
    end
    docs[#docs + 1] = text:sub(pos, a - 1)
    pos = a + 3
  end
  bytes = #text
else
  source = args.dir or "../shared/data/bbc-news"
  local p = assert(io.popen("find " .. shell_quote(source)
    .. " -mindepth 1 -maxdepth 2 -type f -name '*.txt' -print | LC_ALL=C sort"))
  for path in p:lines() do
    local t = read_file(path)
    docs[#docs + 1] = t
    bytes = bytes + #t
  end
  p:close()
end
if args.limit_mb then
  local lim, b, keep = tonumber(args.limit_mb) * 1e6, 0, {}
  for _, d in ipairs(docs) do
    if b + #d + 3 > lim and #keep > 0 then break end
    keep[#keep + 1] = d
    b = b + #d + 3
  end
  docs, bytes = keep, b - 3
end
if #docs == 0 then
  io.stderr:write("bench_tokenize.lua: no documents in " .. source .. "\n")
  os.exit(2)
end

local function emit(fields)
  io.stdout:write(lib.json_line(fields) .. "\n")
  io.stdout:flush()
end

-- Times fn() `runs` times; returns the times, first and median.
local function timed(fn)
  local times = lib.timed(args.runs, clock, fn)
  return times, times[1], lib.median(times)
end

-- The fields every measurement reports, then the pairs of `extra`.
local function base_fields(tool, first, med, times, extra)
  local f = {
    { "tool", tool }, { "input", source }, { "docs", #docs }, { "bytes", bytes },
    { "runs", args.runs }, { "clock", clock_name },
    { "first_s", first }, { "median_s", med },
    { "MBps", bytes / med / 1e6 }, { "MBps_first", bytes / first / 1e6 },
    { "times_s", lib.round6(times) },
  }
  for _, kv in ipairs(extra or {}) do f[#f + 1] = kv end
  return f
end

io.stderr:write(("loaded %d documents, %d bytes from %s; clock %s; %s\n")
  :format(#docs, bytes, source, clock_name, _VERSION))

local nlp = glean.new { invalid = "replace" }

if want.parse then
  local ntoks, nsents = 0, 0
  local times, first, med = timed(function()
    local nt, ns = 0, 0
    for i = 1, #docs do
      local doc = nlp:parse(docs[i])
      nt = nt + #doc
      ns = ns + doc:sent_count()
    end
    ntoks, nsents = nt, ns
  end)
  local hwm = lib.peak_rss_kb()
  emit(base_fields("glean-lua-parse", first, med, times, {
    { "tokens", ntoks }, { "sentences", nsents }, { "tokps", math.floor(ntoks / med + 0.5) },
    { "tokps_first", math.floor(ntoks / first + 0.5) }, { "types", nlp:type_count() },
    { "peak_rss_kb", hwm }, { "peak_rss_per_doc_byte", hwm and hwm * 1024 / bytes },
  }))
  io.stderr:write(("glean Lua nlp:parse, %d docs, %.2f MB, %d runs\n"
    .. "  first (cold) %.4f s = %7.1f MB/s\n"
    .. "  median       %.4f s = %7.1f MB/s, %.1f M tokens/s\n"
    .. "  tokens %d, sentences %d, peak RSS (VmHWM) %.1f MB\n")
    :format(#docs, bytes / 1e6, args.runs, first, bytes / first / 1e6, med, bytes / med / 1e6,
      ntoks / med / 1e6, ntoks, nsents, (hwm or 0) / 1024))
end

if want.normalize then
  for _, form in ipairs { "casefold", "search" } do
    local out_bytes = 0
    local normalize = glean.normalize
    -- glean.normalize(s, form) exactly; only a document with invalid UTF-8 (BBC
    -- sport/199.txt has one Latin-1 byte) gets the {invalid="replace"} option.
    local replace, invalid = { invalid = "replace" }, {}
    for i = 1, #docs do invalid[i] = not glean.utf8.valid(docs[i]) end
    local times, first, med = timed(function()
      local ob = 0
      for i = 1, #docs do
        if invalid[i] then
          ob = ob + #normalize(docs[i], form, replace)
        else
          ob = ob + #normalize(docs[i], form)
        end
      end
      out_bytes = ob
    end)
    emit(base_fields("glean-lua-normalize-" .. form, first, med, times, {
      { "out_bytes", out_bytes }, { "peak_rss_kb", lib.peak_rss_kb() },
    }))
    io.stderr:write(("glean Lua glean.normalize(s, %-10s first %7.1f MB/s, median %7.1f MB/s\n")
      :format('"' .. form .. '")', bytes / first / 1e6, bytes / med / 1e6))
  end
end

if want.iterate then
  -- Secondary: parse every document once (kept alive), then time reading tok.text and
  -- tok.norm of every token through doc:tokens().
  local parsed = {}
  for i = 1, #docs do parsed[i] = nlp:parse(docs[i]) end
  local ntoks, chk = 0, 0
  local times, first, med = timed(function()
    local n, c = 0, 0
    for i = 1, #parsed do
      for tok in parsed[i]:tokens() do
        local text, norm = tok.text, tok.norm
        c = c + #text + #norm
        n = n + 1
      end
    end
    ntoks, chk = n, c
  end)
  emit(base_fields("glean-lua-iterate-tokens", first, med, times, {
    { "tokens", ntoks }, { "tokps", math.floor(ntoks / med + 0.5) },
    { "tokps_first", math.floor(ntoks / first + 0.5) }, { "chars_read", chk },
    { "peak_rss_kb", lib.peak_rss_kb() },
  }))
  io.stderr:write(("glean Lua token iteration (tok.text + tok.norm): median %.2f M tokens/s "
    .. "(%.1f MB/s of text), first %.2f M tokens/s, peak RSS %.1f MB\n")
    :format(ntoks / med / 1e6, bytes / med / 1e6, ntoks / first / 1e6, (lib.peak_rss_kb() or 0) / 1024))
end
