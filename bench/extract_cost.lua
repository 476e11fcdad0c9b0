-- bench/extract_cost.lua — the driver of bench/extract_cost.sh: parses the first NDOCS
-- articles of a corpus file and runs extractors on each, once to warm every cache (the
-- built-in lists and rules compile, the rules' per-type tests), then PASSES more times.
--   lua5.4 bench/extract_cost.lua --file CORPUS --stage S --docs NDOCS --passes P
-- S: entities, quotes, acronyms, dates, quantities (each after entities, whose spans they
-- read, except entities itself), four (entities, quotes, acronyms, dates) or none (parse
-- only). Prints nothing: extract_cost.sh counts the instructions valgrind sees.
local ROOT = ((arg and arg[0] or "bench/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;" .. ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local glean = require "glean"

local STAGES = { entities = true, quotes = true, acronyms = true, dates = true,
  quantities = true, four = true, none = true }
local args = lib.options(arg, { valued = { "file", "stage", "docs", "passes" },
  ints = { "docs", "passes" }, required = { "file", "stage" },
  defaults = { docs = 300, passes = 1 },
  usage = "usage: extract_cost.lua --file CORPUS --stage S --docs N --passes P" })
if not STAGES[args.stage] then error("extract_cost: unknown stage " .. args.stage) end

local texts = {}
for _, t in ipairs(lib.split_docs(assert(lib.read_file(args.file)))) do
  if utf8.len(t) and #texts < args.docs then texts[#texts + 1] = t end
end
local nlp = glean.new()
local x = glean.extract
local function run(doc)
  local s = args.stage
  if s == "none" then return end
  x.entities(doc)
  if s == "four" then
    x.quotes(doc) x.acronyms(doc) x.dates(doc)
  elseif s ~= "entities" then
    x[s](doc)
  end
end
for p = 0, args.passes do          -- pass 0 warms the caches
  for _, t in ipairs(texts) do run(nlp:parse(t)) end
end
