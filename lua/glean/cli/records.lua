--- The records that `glean tokens|sents|ents` write: one JSON object per document on one
-- line, keys in a fixed order, offsets as JSON wants them (0-based, end-exclusive; bytes
-- in start/end, code points in char_start/char_end). Also the TSV form of tokens.
--
--   tokens: {"id":…,"tokens":[{"text":…,"start":…,"end":…,"char_start":…,"char_end":…},…]}
--   sents:  {"id":…,"sentences":[{"text":…,"start":…,"end":…,"char_start":…,"char_end":…},…]}
--   ents:   {"id":…,"ents":[{"text":…,"label":…,"id":…,"source":…,"start":…,"end":…,
--            "char_start":…,"char_end":…},…]}   ("id" only when the entry has one)
local core = require "glean.core"
local json = require "glean.json"

local M = {}

local find, gsub, format, concat = string.find, string.gsub, string.format, table.concat
local utf8_valid = core.utf8_valid

local ESC = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
for b = 0, 31 do
  local c = string.char(b)
  ESC[c] = ESC[c] or format("\\u%04x", b)
end
ESC["\127"] = "\\u007f"

-- Each invalid byte becomes U+FFFD (as glean.json does).
local function fix_utf8(s)
  local out, ok, bad = {}, utf8_valid(s)
  while not ok do
    out[#out + 1] = s:sub(1, bad - 1)
    out[#out + 1] = "\u{FFFD}"
    s = s:sub(bad + 1)
    ok, bad = utf8_valid(s)
  end
  out[#out + 1] = s
  return concat(out)
end

--- A JSON string literal. Invalid UTF-8 (only possible with invalid="replace") becomes
-- U+FFFD so that every line stays valid JSON.
local function jstr(s)
  if not utf8_valid(s) then s = fix_utf8(s) end
  if find(s, '[%c"\\]') then s = gsub(s, '[%c"\\]', ESC) end
  return '"' .. s .. '"'
end
M.string = jstr

--- A JSON value for a document id (string, integer or other number).
function M.id(v)
  if type(v) == "string" then return jstr(v) end
  if math.type(v) == "float" and math.tointeger(v) then return tostring(math.tointeger(v)) end
  return json.encode(v)
end

local sub = string.sub

-- Offsets as strings, made once: Lua's integer-to-string goes through snprintf, which
-- was a third of the time of writing tokens. Larger offsets are converted as they come.
local NUM
local function numbers()
  NUM = {}
  for i = 0, 16383 do NUM[i] = tostring(i) end
  return NUM
end

--- {"id":…,"tokens":[…]}
function M.tokens(doc, idjson)
  local text, n = doc.text, #doc
  local parts = {}
  local offsets, char_offsets = doc._offsets, doc._char_offsets
  local valid = utf8_valid(text) -- else (invalid="replace") each token is checked
  local NUM = NUM or numbers()
  for i = 1, n do
    local s, e = offsets(doc, i)
    local cs, ce = char_offsets(doc, i)
    local t = sub(text, s, e)
    if not valid and not utf8_valid(t) then t = fix_utf8(t) end
    if find(t, '[%c"\\]') then t = gsub(t, '[%c"\\]', ESC) end
    parts[i] = '{"text":"' .. t .. '","start":' .. (NUM[s - 1] or s - 1) .. ',"end":' .. (NUM[e] or e)
      .. ',"char_start":' .. (NUM[cs] or cs) .. ',"char_end":' .. (NUM[ce] or ce) .. "}"
  end
  return '{"id":' .. idjson .. ',"tokens":[' .. concat(parts, ",") .. "]}\n"
end

local function tsv_field(s)
  if not utf8_valid(s) then s = fix_utf8(s) end
  if find(s, "[\t\n\r\\]") then
    s = gsub(s, "[\t\n\r\\]", { ["\t"] = "\\t", ["\n"] = "\\n", ["\r"] = "\\r", ["\\"] = "\\\\" })
  end
  return s
end
M.tsv_field = tsv_field

--- One line per token: id, i (1-based), start, end, char_start, char_end, text
-- (tab, newline, carriage return and backslash escaped as \t \n \r \\).
M.TSV_HEADER = "id\ti\tstart\tend\tchar_start\tchar_end\ttext\n"
function M.tokens_tsv(doc, id)
  local text, n = doc.text, #doc
  local idf = tsv_field(tostring(id))
  local parts = {}
  local offsets, char_offsets = doc._offsets, doc._char_offsets
  for i = 1, n do
    local s, e = offsets(doc, i)
    local cs, ce = char_offsets(doc, i)
    parts[i] = format("%s\t%d\t%d\t%d\t%d\t%d\t%s\n", idf, i, s - 1, e, cs, ce,
      tsv_field(text:sub(s, e)))
  end
  return concat(parts)
end

local SPAN = '{"text":%s,"start":%d,"end":%d,"char_start":%d,"char_end":%d}'

--- {"id":…,"sentences":[…]}
function M.sents(doc, idjson)
  local text, parts = doc.text, {}
  for k = 1, doc:sent_count() do
    local first, last = doc:_sent(k)
    local s = doc:_offsets(first)
    local _, e = doc:_offsets(last)
    local cs = doc:_char_offsets(first)
    local _, ce = doc:_char_offsets(last)
    parts[k] = format(SPAN, jstr(text:sub(s, e)), s - 1, e, cs, ce)
  end
  return '{"id":' .. idjson .. ',"sentences":[' .. concat(parts, ",") .. "]}\n"
end

--- One entity span as a JSON object.
function M.ent(doc, span)
  local cs = doc:_char_offsets(span.first)
  local _, ce = doc:_char_offsets(span.last)
  local parts = { '{"text":', jstr(span.text), ',"label":', jstr(span.label or "") }
  if span.id ~= nil then parts[#parts + 1] = ',"id":' .. jstr(tostring(span.id)) end
  if span.source ~= nil then parts[#parts + 1] = ',"source":' .. jstr(tostring(span.source)) end
  parts[#parts + 1] = format(',"start":%d,"end":%d,"char_start":%d,"char_end":%d}',
    span.start - 1, span.stop, cs, ce)
  return concat(parts)
end

--- {"id":…,"ents":[…]}
function M.ents(doc, idjson)
  local parts = {}
  for k, span in ipairs(doc.ents) do parts[k] = M.ent(doc, span) end
  return '{"id":' .. idjson .. ',"ents":[' .. concat(parts, ",") .. "]}\n"
end

return M
