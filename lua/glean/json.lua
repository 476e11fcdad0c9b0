--- A small JSON encoder (output only). Invalid UTF-8 in strings is written as U+FFFD,
-- so the output is always valid JSON. Tables marked with json.array() are arrays even
-- when empty; other tables are arrays when they have a sequence part.
local core = require "glean.core"

local json = {}
local array_mt = { __name = "json.array" }

function json.array(t) return setmetatable(t or {}, array_mt) end

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function fix_utf8(s)
  local ok, bad = core.utf8_valid(s)
  if ok then return s end
  local out, i = {}, 1
  while not ok do
    out[#out + 1] = s:sub(i, i + bad - 2)
    out[#out + 1] = "\u{FFFD}"
    s = s:sub(i + bad)
    i = 1
    ok, bad = core.utf8_valid(s)
  end
  out[#out + 1] = s
  return table.concat(out)
end

local function encode_string(s)
  s = fix_utf8(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or ("\\u%04x"):format(c:byte())
  end) .. '"'
end

local encode

local function encode_table(t, out, depth)
  if depth > 100 then error("json: tables nested too deeply (or a cycle)", 0) end
  local n = #t
  if getmetatable(t) == array_mt or n > 0 then
    out[#out + 1] = "["
    for i = 1, n do
      if i > 1 then out[#out + 1] = "," end
      encode(t[i], out, depth + 1)
    end
    out[#out + 1] = "]"
    return
  end
  local keys = {}
  for k in pairs(t) do
    if type(k) ~= "string" then error("json: object keys must be strings", 0) end
    keys[#keys + 1] = k
  end
  table.sort(keys)
  out[#out + 1] = "{"
  for i, k in ipairs(keys) do
    if i > 1 then out[#out + 1] = "," end
    out[#out + 1] = encode_string(k)
    out[#out + 1] = ":"
    encode(t[k], out, depth + 1)
  end
  out[#out + 1] = "}"
end

encode = function(v, out, depth)
  local ty = type(v)
  if ty == "string" then
    out[#out + 1] = encode_string(v)
  elseif ty == "number" then
    if v ~= v or v == math.huge or v == -math.huge then
      error("json: cannot encode NaN or infinity", 0)
    end
    out[#out + 1] = math.type(v) == "integer" and tostring(v) or ("%.17g"):format(v)
  elseif ty == "boolean" then
    out[#out + 1] = tostring(v)
  elseif v == nil then
    out[#out + 1] = "null"
  elseif ty == "table" then
    encode_table(v, out, depth)
  else
    error("json: cannot encode a " .. ty, 0)
  end
end

--- Encodes a Lua value as a JSON string.
function json.encode(v)
  local out = {}
  encode(v, out, 0)
  return table.concat(out)
end

return json
