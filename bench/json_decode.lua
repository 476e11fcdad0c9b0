--- bench/json_decode.lua — a small JSON decoder (objects, arrays, strings, numbers,
-- literals) for the benchmark report: glean.json only encodes, and the report reads the
-- JSON lines the benchmark tools print.
local lib = require "bench.lib"

local JSON_ESC = { n = "\n", t = "\t", r = "\r", b = "\b", f = "\f", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }
local function decode(s)
  local pos = 1
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local value
  local function str()
    local out, stop = lib.unescape(s, JSON_ESC, pos + 1, '"')
    if stop > #s then error("unterminated string") end
    pos = stop + 1
    return out
  end
  -- Reads the comma-separated items of an object or array up to `close`.
  local function items(close, item)
    pos = pos + 1
    ws()
    if s:sub(pos, pos) == close then pos = pos + 1 return end
    while true do
      item()
      ws()
      local d = s:sub(pos, pos)
      pos = pos + 1
      if d == close then return end
      assert(d == ",", "',' expected")
    end
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      local t = {}
      items("}", function()
        ws()
        local k = str()
        ws()
        assert(s:sub(pos, pos) == ":", "':' expected")
        pos = pos + 1
        t[k] = value()
      end)
      return t
    elseif c == "[" then
      local t = {}
      items("]", function() t[#t + 1] = value() end)
      return t
    elseif c == '"' then
      return str()
    elseif s:sub(pos, pos + 3) == "true" then pos = pos + 4 return true
    elseif s:sub(pos, pos + 4) == "false" then pos = pos + 5 return false
    elseif s:sub(pos, pos + 3) == "null" then pos = pos + 4 return nil
    else
      local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      assert(num and #num > 0, "bad JSON at " .. pos)
      pos = pos + #num
      return tonumber(num)
    end
  end
  return value()
end

return decode
