-- Shared helpers for the specs.
local helpers = {}

--- Whether the heavy specs run at full size (a 200 MB text, a million-entry gazetteer,
-- every code point). GLEAN_HEAVY=0 scales them down, so that `make valgrind` and
-- `make gc-stress` finish in minutes; the code paths stay the same.
helpers.heavy = os.getenv("GLEAN_HEAVY") ~= "0"

--- `full` normally, `light` under GLEAN_HEAVY=0.
function helpers.scale(full, light)
  if helpers.heavy then return full end
  return light
end

--- Reads a file from the repository (paths relative to the repo root).
function helpers.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

--- The token texts of doc as a list.
function helpers.texts(doc)
  local out = {}
  for tok in doc:tokens() do out[#out + 1] = tok.text end
  return out
end

--- Tokenizes with nlp and returns the token texts joined by "|".
function helpers.split(nlp, text)
  return table.concat(helpers.texts(nlp:parse(text)), "|")
end

--- The ```lua blocks of a markdown text, in order: a list of {code=, line=} (line: the
-- line of the opening fence).
function helpers.lua_blocks(markdown)
  local blocks = {}
  for before, code in markdown:gmatch("()```lua\n(.-)```") do
    local _, newlines = markdown:sub(1, before - 1):gsub("\n", "")
    blocks[#blocks + 1] = { code = code, line = newlines + 1 }
  end
  return blocks
end

--- Runs a documentation snippet as a chunk called `name`, with print silenced (globals
-- otherwise as usual). `line` (optional): the line the code starts after in its file,
-- so that error messages give the file's line numbers. Returns true, or false and the
-- error with its traceback.
function helpers.run_snippet(code, name, line)
  local env = setmetatable({ print = function() end }, { __index = _G })
  local chunk, err = load(("\n"):rep(line or 0) .. code, "=" .. name, "t", env)
  if not chunk then return false, err end
  return xpcall(chunk, debug.traceback)
end

return helpers
