--- glean.extract: the news extractors, built with glean's own gazetteers and rules.
-- Each extractor lives in its own module and is loaded on first use:
--   glean.extract.entities(doc [, opts])  -> entity spans (also merged into doc.ents)
--   glean.extract.quotes(doc [, opts])    -> { {text=, span=, speaker=, cue=}, ... }
--   glean.extract.acronyms(doc [, opts])  -> { {short=, long=, short_span=, long_span=}, ... }
--   glean.extract.dates(doc [, opts])     -> { {span=, value=, kind=}, ... }
--   glean.extract.quantities(doc [, opts])-> { {span=, kind=, value=, unit=}, ... }
local M = {}

local MODULES = { entities = true, quotes = true, acronyms = true, dates = true, quantities = true }

return setmetatable(M, {
  __index = function(t, name)
    if not MODULES[name] then return nil end
    local mod = require("glean.extract." .. name)
    local fn = type(mod) == "table" and mod.extract or mod
    rawset(t, name, fn)
    return fn
  end,
})
