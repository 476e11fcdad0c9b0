--- Inputs of the command line: files, directories (recursive), JSON Lines and stdin.
-- plan() turns the paths given into sources; units() walks the sources as units (one
-- per document: a file, a JSON Lines record, or all of stdin); load() turns a unit into
-- the document's text and meta, or an error message that names the document.
local cjson = require "cjson.safe"
local util = require "glean.cli.util"

local M = {}

--- Whether a file name says JSON Lines (.jsonl, .ndjson).
function M.is_jsonl_name(path)
  return path:match("%.jsonl$") ~= nil or path:match("%.ndjson$") ~= nil
end

-- "dir" | "file", size | nil, message
local function stat(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local ok, rerr = f:read(0)
  if ok == nil and rerr then
    f:close()
    if rerr:find("Is a directory", 1, true) then return "dir" end
    return nil, path .. ": " .. rerr
  end
  local size = f:seek("end")
  f:close()
  return "file", size
end

-- The files under dir whose base name matches glob, sorted by path (bytewise), with
-- their sizes. Symbolic links are followed (find -L guards against loops).
local function walk(dir, glob)
  local cmd = ("find -L %s -type f -name %s -printf '%%s %%p\\0' 2>/dev/null")
    :format(util.shell_quote(dir), util.shell_quote(glob))
  local p = assert(io.popen(cmd, "r"))
  local all = p:read("a")
  p:close()
  local files = {}
  for size, path in all:gmatch("(%d+) ([^%z]+)%z") do
    files[#files + 1] = { path = path, size = tonumber(size) }
  end
  table.sort(files, function(a, b) return a.path < b.path end)
  return files
end

--- plan(paths, opts) -> sources | nil, message.
-- paths: files, directories or "-" (stdin); none means stdin. opts: jsonl (every input
-- is JSON Lines; otherwise .jsonl/.ndjson files are), glob (files taken from
-- directories, default "*.txt"). A source is {kind="text"|"jsonl", path=, size=} or
-- {kind="stdin", jsonl=bool}.
function M.plan(paths, opts)
  local sources = {}
  if #paths == 0 then paths = { "-" } end
  local glob = opts.glob or "*.txt"
  local stdin_seen = false
  local function add_file(path, size)
    local jsonl = opts.jsonl or M.is_jsonl_name(path)
    sources[#sources + 1] = { kind = jsonl and "jsonl" or "text", path = path, size = size }
  end
  for _, p in ipairs(paths) do
    if p == "-" then
      if stdin_seen then return nil, "standard input ('-') given twice" end
      stdin_seen = true
      sources[#sources + 1] = { kind = "stdin", jsonl = opts.jsonl or false }
    else
      local kind, size = stat(p)
      if not kind then return nil, size end
      if kind == "dir" then
        local files = walk(p, glob)
        if #files == 0 then
          util.warn(("%s: no files matching '%s'"):format(p, glob))
        end
        for _, f in ipairs(files) do add_file(f.path, f.size) end
      else
        add_file(p, size)
      end
    end
  end
  return sources
end

--- Total bytes and documents known before reading (nil when stdin or JSON Lines make
-- the count unknown until the end).
function M.totals(sources)
  local bytes, docs = 0, 0
  for _, s in ipairs(sources) do
    if s.kind == "stdin" then return nil, nil end
    bytes = bytes + (s.size or 0)
    if docs and s.kind == "text" then docs = docs + 1 else docs = nil end
  end
  return bytes, docs
end

local function blank(line) return line:find("^%s*$") ~= nil end

--- units(sources) -> iterator of units, in input order:
-- {kind="file", path=, size=} | {kind="line", path=(nil on stdin), lineno=, offset=,
-- text=} | {kind="text", text=} (all of stdin as one document).
-- Blank lines of JSON Lines are skipped (they still count for line numbers).
function M.units(sources)
  local co = coroutine.wrap(function()
    for _, s in ipairs(sources) do
      if s.kind == "text" then
        coroutine.yield({ kind = "file", path = s.path, size = s.size })
      elseif s.kind == "jsonl" or (s.kind == "stdin" and s.jsonl) then
        local f, err
        if s.kind == "stdin" then
          f = io.stdin
        else
          f, err = io.open(s.path, "rb")
          if not f then coroutine.yield({ kind = "bad", path = s.path, message = err }) end
        end
        local lineno, offset = 0, 0
        for line in (f and f:lines("L") or function() end) do
          lineno = lineno + 1
          local len = #line
          if line:byte(-1) == 10 then line = line:sub(1, -2) end
          if not blank(line) then
            coroutine.yield({ kind = "line", path = s.path, lineno = lineno, offset = offset,
              text = line })
          end
          offset = offset + len
        end
        if f and f ~= io.stdin then f:close() end
      else -- plain text on stdin: one document
        coroutine.yield({ kind = "text", text = io.stdin:read("a") })
      end
    end
  end)
  local done = false
  return function() -- nil at the end, and again if called after it
    if done then return nil end
    local unit = co()
    if unit == nil then done = true end
    return unit
  end
end

--- The name of a unit in messages: path, path:line, stdin:line or stdin.
function M.where(unit)
  if unit.kind == "file" or unit.kind == "bad" then return unit.path end
  if unit.kind == "line" then return ("%s:%d"):format(unit.path or "stdin", unit.lineno) end
  return "stdin"
end

--- The size of a unit's input in bytes (for progress).
function M.bytes(unit)
  if unit.kind == "file" then return unit.size or 0 end
  if unit.kind == "line" then return (unit.len or #unit.text) + 1 end
  if unit.kind == "bad" then return 0 end
  return #unit.text
end

local function field(rec, name)
  local v = rec[name]
  if v == cjson.null then return nil end
  return v
end

local function id_value(v)
  if type(v) == "number" then return math.tointeger(v) or v end
  if type(v) == "string" then return v end
  return nil
end

--- load(unit, opts) -> text, meta, nbytes | nil, message, nbytes.
-- opts: text_field, id_field, date_field (JSON Lines), meta_date (default date).
-- meta: id (JSON id field, else the path, path:line or "stdin"), path (nil on stdin),
-- date, and for JSON Lines line (number) and record (the decoded object).
function M.load(unit, opts)
  local where = M.where(unit)
  if unit.kind == "file" then
    local text, err = util.read_file(unit.path)
    if not text then return nil, err, unit.size or 0 end
    return text, { id = unit.path, path = unit.path, date = opts.meta_date }, #text
  elseif unit.kind == "bad" then
    return nil, unit.message, 0
  elseif unit.kind == "text" then
    return unit.text, { id = "stdin", date = opts.meta_date }, #unit.text
  end
  local line = unit.text
  local nbytes = #line + 1
  local rec, err = cjson.decode(line)
  if rec == nil then return nil, where .. ": invalid JSON: " .. tostring(err), nbytes end
  if type(rec) ~= "table" or rec[1] ~= nil then
    return nil, where .. ": a JSON object expected", nbytes
  end
  local text = field(rec, opts.text_field)
  local id = id_value(field(rec, opts.id_field))
  local named = id ~= nil and ("%s (%s)"):format(tostring(id), where) or where
  if type(text) ~= "string" then
    return nil, ("%s: no string field '%s'"):format(named, opts.text_field), nbytes
  end
  local date = field(rec, opts.date_field)
  if type(date) ~= "string" then date = opts.meta_date end
  return text, { id = id == nil and where or id, path = unit.path, line = unit.lineno,
    date = date, record = rec }, nbytes
end

--- How a failing document is named: its id and, when different, where it is.
function M.name(unit, meta)
  local where = M.where(unit)
  if meta and meta.id ~= nil and tostring(meta.id) ~= where then
    return ("%s (%s)"):format(tostring(meta.id), where)
  end
  return where
end

return M
