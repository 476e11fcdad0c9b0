--- User scripts for `glean run SCRIPT.lua`.
-- The script is a Lua chunk run once per process (worker) with one argument, a context
-- table {glean=, nlp=, gazetteers=, args=}; it returns a function (doc, meta). That
-- function returns a record (a table with string keys), a list of records, or nil.
local json = require "glean.json"

local M = {}

--- load(path, ctx) -> fn | nil, message
function M.load(path, ctx)
  local chunk, err = loadfile(path, "t")
  if not chunk then return nil, err end
  local ok, fn = xpcall(chunk, debug.traceback, ctx)
  if not ok then return nil, path .. ": error while loading: " .. tostring(fn) end
  if type(fn) ~= "function" then
    return nil, ("%s: the script must return a function (doc, meta), not a %s"):format(path, type(fn))
  end
  return fn
end

-- A list of records: a table whose keys are 1..n (an empty table is an empty list).
local function is_list(t)
  if next(t) == nil then return true end
  if t[1] == nil then return false end
  local n = #t
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 or k > n then return false end
  end
  return true
end

local function with_id(rec, id)
  if rec.id ~= nil or id == nil then return rec end
  local copy = {}
  for k, v in pairs(rec) do copy[k] = v end
  copy.id = id
  return copy
end

--- encode(result, meta, add_id) -> JSON Lines text (possibly empty); raises on a result
-- that is not nil, a record or a list of records. Records without an `id` field get
-- meta.id unless add_id is false.
function M.encode(result, meta, add_id)
  if result == nil then return "" end
  if type(result) ~= "table" then
    error(("the function returned a %s (a table, a list of tables or nil expected)")
      :format(type(result)), 0)
  end
  local list = is_list(result) and result or { result }
  local out = {}
  for i, rec in ipairs(list) do
    if type(rec) ~= "table" then
      error(("record %d is a %s (records are tables with string keys)"):format(i, type(rec)), 0)
    end
    if add_id ~= false then rec = with_id(rec, meta.id) end
    out[i] = json.encode(rec) .. "\n"
  end
  return table.concat(out)
end

return M
