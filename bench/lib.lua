-- bench/lib.lua — small helpers shared by the benchmark and evaluation scripts
-- (bench/report.lua, bench/bench_tokenize.lua, bench/bench_gazetteer.lua, bench/bench_rules.lua,
-- bench/eval/ud_eval.lua and bench/eval/conllu.lua).
--
-- A script finds it from its own path, so it runs from any directory:
--   local ROOT = ((arg and arg[0] or "bench/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
--   package.path = ROOT .. "/?.lua;" .. package.path
--   local lib = require "bench.lib"
-- (one more "/.." for a script in bench/eval/).
local M = {}

--- The whole content of the file at `path`, or nil and io.open's message.
function M.read_file(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s = f:read("a")
  f:close()
  return s
end

--- True when `path` can be opened for reading.
function M.exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

--- Median of an array of numbers (nil when it is empty); `t` is left as it is.
function M.median(t)
  local c = {}
  for i, v in ipairs(t) do c[i] = v end
  table.sort(c)
  local n = #c
  if n == 0 then return nil end
  if n % 2 == 1 then return c[(n + 1) // 2] end
  return (c[n // 2] + c[n // 2 + 1]) / 2
end

--- The documents of a corpus file's text: the parts between "\n\n\n" separators (as the
-- peers and glean_bench_* --file split it; the last part keeps any trailing newline).
function M.split_docs(text)
  local docs, pos = {}, 1
  while true do
    local a = text:find("\n\n\n", pos, true)
    if not a then
      docs[#docs + 1] = text:sub(pos)
      return docs
    end
    docs[#docs + 1] = text:sub(pos, a - 1)
    pos = a + 3
  end
end

--- Length of `s` in code points; an error when `s` is not valid UTF-8.
function M.ulen(s)
  local n = utf8.len(s)
  if not n then error("invalid UTF-8 in data: " .. s) end
  return n
end

--- Decodes backslash escapes in `s` from byte `i` (default 1): a backslash followed by
-- a key of `simple` becomes that key's value, `\uXXXX` becomes U+XXXX (UTF-8), and any
-- other backslash is kept as it is. Stops at the first unescaped byte equal to `stop`
-- (when given). Returns the decoded text and the position where it stopped (the `stop`
-- byte, or #s + 1).
function M.unescape(s, simple, i, stop)
  local out = {}
  i = i or 1
  while i <= #s do
    local c = s:sub(i, i)
    if c == stop then break end
    local nx = c == "\\" and s:sub(i + 1, i + 1)
    local hex = nx == "u" and s:match("^%x%x%x%x", i + 2)
    if hex then
      out[#out + 1] = utf8.char(tonumber(hex, 16))
      i = i + 6
    elseif nx and simple[nx] then
      out[#out + 1] = simple[nx]
      i = i + 2
    else
      out[#out + 1] = c
      i = i + 1
    end
  end
  return table.concat(out), i
end

--- Peak resident set of this process in kB (VmHWM), or nil off Linux.
function M.peak_rss_kb()
  local s = M.read_file("/proc/self/status")
  return s and tonumber(s:match("VmHWM:%s*(%d+)"))
end

local function json_value(v)
  if type(v) == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
  elseif type(v) == "table" then
    local parts = {}
    for i, x in ipairs(v) do parts[i] = json_value(x) end
    return "[" .. table.concat(parts, ",") .. "]"
  elseif math.type(v) == "float" then
    return string.format("%.6g", v)
  end
  return tostring(v)
end

--- One JSON object from ordered {key, value} pairs (strings, numbers, arrays).
function M.json_line(fields)
  local parts = {}
  for _, kv in ipairs(fields) do parts[#parts + 1] = json_value(kv[1]) .. ":" .. json_value(kv[2]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

--- Runs fn `runs` times after a full collection each; returns the times in seconds.
function M.timed(runs, clock, fn)
  local times = {}
  for r = 1, runs do
    collectgarbage("collect")
    local t0 = clock()
    fn()
    times[r] = clock() - t0
  end
  return times
end

--- A deterministic pseudo-random generator (64-bit LCG, Knuth's MMIX constants; the
-- same sequence on every platform and Lua 5.4 build, unlike math.random's seeding).
-- rng(n) returns an integer in 1..n; rng() a float in [0, 1).
function M.rng(seed)
  local x = math.tointeger(seed) or 1
  return function(n)
    x = x * 6364136223846793005 + 1442695040888963407
    local r = (x >> 11) & ((1 << 53) - 1)  -- the high 53 bits
    if n then return r % n + 1 end
    return r / (1 << 53)
  end
end

--- Real English word lists, most frequent first: WordNet's sense-tagged frequencies
-- (`dir`/cntlist.rev, default /usr/share/wordnet, package wordnet-base) summed per lemma
-- and part of speech. Returns { noun = {...}, verb = {...}, adj = {...}, adv = {...},
-- phrase = {...} (multi-word lemmas, words joined by one space) }, source; only lemmas
-- made of lowercase ASCII letters (and spaces) are kept, ties sorted by name. Without
-- WordNet, falls back to `words` (default /usr/share/dict/words): every list then holds
-- the file's lowercase ASCII words in file order, phrases are pairs of them, and the
-- result has ranked = false (true with WordNet).
-- Returns nil and a message when neither file is readable.
function M.word_lists(dir, words)
  dir = dir or "/usr/share/wordnet"
  local POS = { ["1"] = "noun", ["2"] = "verb", ["3"] = "adj", ["4"] = "adv", ["5"] = "adj" }
  local f = io.open(dir .. "/cntlist.rev", "rb")
  if f then
    local counts = { noun = {}, verb = {}, adj = {}, adv = {}, phrase = {} }
    for line in f:lines() do
      local lemma, ss, cnt = line:match("^([^%%]+)%%(%d)%S*%s+%d+%s+(%d+)")
      if lemma and POS[ss] then
        local key = lemma:find("_", 1, true) and "phrase" or POS[ss]
        lemma = lemma:gsub("_", " ")
        if lemma:match("^[a-z][a-z ]*[a-z]$") and not lemma:find("  ", 1, true) then
          local c = counts[key]
          c[lemma] = (c[lemma] or 0) + tonumber(cnt)
        end
      end
    end
    f:close()
    local lists = { ranked = true }
    for key, c in pairs(counts) do
      local l = {}
      for w in pairs(c) do l[#l + 1] = w end
      table.sort(l, function(a, b)
        if c[a] ~= c[b] then return c[a] > c[b] end
        return a < b
      end)
      lists[key] = l
    end
    return lists, dir .. "/cntlist.rev (WordNet sense-tag counts)"
  end
  words = words or "/usr/share/dict/words"
  local text = M.read_file(words)
  if not text then return nil, "neither " .. dir .. "/cntlist.rev nor " .. words .. " is readable" end
  local l = {}
  for w in text:gmatch("[^\n]+") do
    if w:match("^[a-z][a-z]+$") then l[#l + 1] = w end
  end
  local phrase = {}
  for i = 1, #l - 1, 2 do phrase[#phrase + 1] = l[i] .. " " .. l[i + 1] end
  return { noun = l, verb = l, adj = l, adv = l, phrase = phrase, ranked = false },
    words .. " (no frequencies)"
end

--- The times rounded to microseconds (for the JSON).
function M.round6(t)
  local o = {}
  for i, v in ipairs(t) do o[i] = math.floor(v * 1e6 + 0.5) / 1e6 end
  return o
end

--- The command line of a benchmark script: `--name value` for each name in `valued`,
-- `--name` alone for each in `flags` (true), a bare word as `positional` (when given),
-- `-` in names becomes `_` in keys; integers are converted for the names in `ints`.
-- Starts from `defaults`; `required` names must be there. Anything else prints `usage`
-- and exits 2.
function M.options(argv, spec)
  local function usage()
    io.stderr:write(spec.usage, "\n")
    os.exit(2)
  end
  local args = {}
  for k, v in pairs(spec.defaults or {}) do args[k] = v end
  local valued, flags = {}, {}
  for _, n in ipairs(spec.valued or {}) do valued["--" .. n] = n:gsub("-", "_") end
  for _, n in ipairs(spec.flags or {}) do flags["--" .. n] = n:gsub("-", "_") end
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if valued[a] and argv[i + 1] then
      args[valued[a]] = argv[i + 1]
      i = i + 2
    elseif flags[a] then
      args[flags[a]] = true
      i = i + 1
    elseif spec.positional and a:sub(1, 1) ~= "-" and args[spec.positional] == nil then
      args[spec.positional] = a
      i = i + 1
    else
      usage()
    end
  end
  for _, n in ipairs(spec.ints or {}) do
    local v = math.tointeger(tonumber(args[n]))
    if args[n] ~= nil and not v then usage() end
    args[n] = v
  end
  for _, n in ipairs(spec.required or {}) do
    if args[n] == nil then usage() end
  end
  return args
end

return M
