-- Shared helpers for the specs.
local helpers = {}

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

return helpers
