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

--- Every kind of line break the extractors meet (and the blank and plain separators),
-- for the twins specs' generated documents.
helpers.SEPARATORS = { " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\u{2028}", "\u{2029}",
  "\n\u{A0}", "\n \t", "\n\n\n", "\t", "" }

--- The lines of `text`, then the items of `pieces` (an array or nil).
function helpers.lines_and(text, pieces)
  local lines = {}
  for line in text:gmatch("[^\n]+") do lines[#lines + 1] = line end
  for _, p in ipairs(pieces or {}) do lines[#lines + 1] = p end
  return lines
end

--- One generated document, from math.random (seed it first): 1 to `max` random `lines`,
-- one in ten upper-cased and one in ten lower-cased (or as `change(line)` returns it when
-- given), each followed by a random separator of helpers.SEPARATORS.
function helpers.mixed_text(lines, max, change)
  local parts = {}
  for _ = 1, math.random(1, max) do
    local line = lines[math.random(#lines)]
    if change then
      line = change(line)
    else
      local r = math.random(10)
      if r == 1 then line = line:upper() elseif r == 2 then line = line:lower() end
    end
    parts[#parts + 1] = line
    parts[#parts + 1] = helpers.SEPARATORS[math.random(#helpers.SEPARATORS)]
  end
  return table.concat(parts)
end

return helpers
