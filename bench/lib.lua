-- bench/lib.lua — small helpers shared by the benchmark and evaluation scripts
-- (bench/report.lua, bench/bench_tokenize.lua, bench/bench_gazetteer.lua,
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

return M
