-- scripts/gen-geonames-lists.lua — regenerates lua/glean/extract/lists/geonames_*.lua.
-- Input: /tmp/geo.tsv = `msgunfmt /usr/share/locale/en/LC_MESSAGES/geonames.mo` as key<TAB>name
-- lines (Debian's libgeonames-common; data CC BY 4.0, geonames.org). Run from the repo root.
-- generator for lua/glean/extract/lists/geonames_*.lua (see the header it writes)
local dict = {}
for w in io.lines("/usr/share/dict/american-english-huge") do
  if w:match("^%l+$") then dict[w] = true end
end
local cities, admin, seen = {}, {}, {}
local dropped = 0
for line in io.lines("/tmp/geo.tsv") do
  local key, name = line:match("^([^\t]*)\t(.*)$")
  if key and name ~= "" and not seen[name] then
    local kind = key:match("^%d+$") and "city" or key:match("^%u%u%.") and "admin" or nil
    if kind then
      -- a one-word name that is also a lowercase English word (Police, Split, Reading,
      -- Mobile...) would match the common word: left out
      local one = not name:find("[%s%-]")
      if one and dict[name:lower()] then
        dropped = dropped + 1
      elseif #name < 3 or name:find('"', 1, true) or name:find("\\", 1, true) then
        dropped = dropped + 1
      else
        seen[name] = true
        table.insert(kind == "city" and cities or admin, name)
      end
    end
  end
end
table.sort(cities); table.sort(admin)
io.stderr:write(("cities %d admin %d dropped %d\n"):format(#cities, #admin, dropped))

local HEADER = [[
-- GENERATED FILE, do not edit by hand. %s
-- Source: GeoNames (https://www.geonames.org), as packaged by Debian's
-- libgeonames-common 0.3.0 (the English catalogue /usr/share/locale/en/LC_MESSAGES/geonames.mo).
-- Licence of the data: Creative Commons Attribution 4.0 (CC BY 4.0), (c) geonames.org;
-- see /usr/share/doc/libgeonames-common/copyright.
-- How: `msgunfmt geonames.mo` -> key<TAB>name; keys that are numbers are cities (GeoNames'
-- cities of 15,000+ people), keys like `US.CA` first-level regions. One-word names that
-- are also lowercase words of wamerican-huge (`police`, `split`, `reading`) and names
-- shorter than 3 bytes are left out; duplicates removed; sorted.
]]

local function write(path, what, names, from, to)
  local f = assert(io.open(path, "w"))
  f:write(HEADER:format(what))
  f:write("return {\n")
  local line = {}
  local len = 0
  for i = from, to do
    local q = ("%q"):format(names[i])
    if len + #q + 2 > 96 and #line > 0 then
      f:write("  ", table.concat(line, ", "), ",\n")
      line, len = {}, 0
    end
    line[#line + 1] = q
    len = len + #q + 2
  end
  if #line > 0 then f:write("  ", table.concat(line, ", "), ",\n") end
  f:write("}\n")
  f:close()
end
local dir = "lua/glean/extract/lists/"
write(dir .. "geonames_regions.lua", "First-level administrative regions (states, provinces, regions).", admin, 1, #admin)
local parts = 6
local per = math.ceil(#cities / parts)
for p = 1, parts do
  write(dir .. ("geonames_cities_%d.lua"):format(p),
    ("Cities, part %d of %d (alphabetical)."):format(p, parts), cities, (p - 1) * per + 1, math.min(p * per, #cities))
end
