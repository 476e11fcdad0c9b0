--- glean.extract.entities(doc [, opts]) -> array of entity spans, also merged into doc.ents.
--
-- The default news entity recognizer, built from glean's own gazetteers and rules the way
-- an analyst would build one. Labels: PERSON ORG GPE LOC NORP DATE. Every span says where
-- it came from in `span.source` ("list:countries", "rule:person_title", "doc:person_alias",
-- ...).
--
-- How it decides, in order:
--   1. the user's gazetteers and rules (opts.gazetteers, opts.rules) annotate first: what
--      they find is kept as it is;
--   2. the built-in lists (lists/*.lua: countries and their peoples, GeoNames cities and
--      regions, other places, organisations, first names) are matched as phrases;
--   3. the built-in rules look at capitalisation and context: a title before names
--      (`Chancellor Angela Merkel`), a first name before a capitalised word, a company
--      suffix (`Huawei Technologies Co.`), an organisation head word (`Federal Network
--      Agency`), an acronym defined in brackets (`the cyber defense agency (BSI)`), a
--      newspaper (`the daily Handelsblatt`), clubs in sports results, league tables and
--      fixture lists (read by lines: `Nantes 0 Lens 1`, `Arsenal v Stoke`), dates;
--   4. other capitalised runs are judged on their own: a sentence-initial capital is weak
--      evidence, a run of two or three capitalised words after no cue is taken as a name;
--      no run goes over a line break or into the next sentence;
--   5. the document is made consistent: once `Angela Merkel` is a PERSON, a later `Merkel`
--      is too; once `Federal Network Agency` is an ORG, a later `Network Agency` is too;
--      a GeoNames town that the document names a person or club after (`Alex Ferguson`,
--      `Swansea City`) takes that label (`Ferguson`, `Swansea`).
-- Overlaps are settled by: user spans, then the longer span, then the stronger source.
--
-- opts (unknown keys are errors):
--   gazetteers = { gaz, ... }   user gazetteers, applied first
--   rules      = rules          a glean.rules set; its labelled matches are applied next
--   builtins   = false | { countries=, norp=, cities=, regions=, places=, orgs=,
--                          first_names=, rules= }   false switches every built-in list
--                          and rule off; in a table, a false value switches one off
--   labels     = { "PERSON", ... }   keep only these labels (in the result and doc.ents)
--
-- The built-in gazetteers and rules are compiled once per nlp (and per `builtins`
-- setting) and cached in a weak-keyed table, so extracting from many docs stays fast.
--
-- Two judges, one behaviour. Steps 2 to 5 are written here and in entity_judge.lua, in
-- Lua, to be read and copied; they also exist in C (csrc/glean_recognize.c), which is
-- what `glean.extract.entities` runs: in Lua they cost ten times what 20 MB/s of news
-- allows. `require("glean.extract.entities").extract_lua` runs the Lua judge; the specs
-- and `make eval` check that both give the same entities (change one, change the other).
local options = require "glean.options"
local Span = require "glean.span"
local gazetteer = require "glean.gazetteer"
local build_rules = require "glean.extract.entity_rules"
local sort = require "glean.sort"
local columns = require "glean.columns"
local judge = require "glean.extract.entity_judge"

local core = require "glean.core"
local new_table = core.new_table

local LISTS = "glean.extract.lists."

local BUILTIN_NAMES = { "countries", "norp", "cities", "regions", "places", "orgs",
  "first_names", "rules" }

local set_of, split_words = judge.set_of, judge.split_words
local WEAK_FIRST, NOT_NAMES = judge.WEAK_FIRST, judge.NOT_NAMES
local line_starts, list_candidates, rule_candidates = judge.line_starts,
  judge.list_candidates, judge.rule_candidates
local trim, remember, run_entities, starts_non_person = judge.trim, judge.remember,
  judge.run_entities, judge.starts_non_person

--- The built-in lists to use, as a set of names, from the `builtins` option.
local function builtin_switches(opt)
  local on = {}
  for _, name in ipairs(BUILTIN_NAMES) do on[name] = opt ~= false end
  if type(opt) == "table" then
    for k, v in pairs(opt) do
      if on[k] == nil then
        error(("entities: unknown built-in '%s' in option 'builtins' (known: %s)")
          :format(tostring(k), table.concat(BUILTIN_NAMES, ", ")), 4)
      end
      if type(v) ~= "boolean" then
        error(("entities: builtins.%s must be a boolean"):format(k), 4)
      end
      on[k] = v
    end
  end
  return on
end

-- Labels used inside: known places are told apart, then reported as GPE.
local OUT_LABEL = { COUNTRY = "GPE", CITY = "GPE", REGION = "GPE" }

--- The gazetteer of known names (places, peoples, organisations) for one nlp.
local function build_known(nlp, on)
  local gaz = gazetteer { nlp = nlp, name = "entities:builtin" }
  local sources = {}                      -- label of an entry -> list name, for provenance
  local function add(phrase, label, list, exact)
    if gaz:add(phrase, label, list, exact and { exact = true } or nil) then
      sources[#sources + 1] = list
    end
  end
  if on.countries or on.norp then
    local c = require(LISTS .. "countries")
    for _, country in ipairs(c.countries) do
      if on.countries then
        for _, name in ipairs(country) do add(name, "COUNTRY", "countries") end
      end
      if on.norp then
        for _, people in ipairs(country.norp) do add(people, "NORP", "norp") end
      end
    end
    if on.countries then
      for short in pairs(c.exact) do add(short, "COUNTRY", "countries", true) end
    end
    if on.norp then
      for _, people in ipairs(c.norp) do add(people, "NORP", "norp") end
    end
  end
  if on.orgs then
    local o = require(LISTS .. "orgs")
    for _, name in ipairs(o.names) do add(name, "ORG", "orgs") end
    for _, name in ipairs(o.exact) do add(name, "ORG", "orgs", true) end
  end
  if on.places then
    local p = require(LISTS .. "places")
    for _, name in ipairs(p.GPE) do add(name, "CITY", "places") end
    for _, name in ipairs(p.LOC) do add(name, "LOC", "places") end
    for _, name in ipairs(p.GPE_EXACT) do add(name, "REGION", "places", true) end
  end
  if on.regions then
    for _, name in ipairs(require(LISTS .. "geonames_regions")) do
      add(name, "REGION", "geonames")
    end
  end
  if on.cities then
    for part = 1, 6 do
      for _, name in ipairs(require(LISTS .. "geonames_cities_" .. part)) do
        add(name, "CITY", "geonames")
      end
    end
  end
  return gaz
end

--- The gazetteer of first names for one nlp.
local function build_first_names(nlp)
  local gaz = gazetteer { nlp = nlp, name = "entities:first_names" }
  for _, name in ipairs(split_words(require(LISTS .. "first_names"))) do
    gaz:add(name, "FIRST")
  end
  return gaz
end

------------------------------------------------------------------------ the model

local models = setmetatable({}, { __mode = "k" })   -- nlp -> { [builtins key] = model }
local default_models = setmetatable({}, { __mode = "k" })   -- nlp -> its all-built-ins model

local function nlp_of(doc)
  -- the nlp a doc was parsed with is its second user value (see csrc/lua/lua_doc.c)
  return doc.nlp
end

local function model_for(nlp, on)
  local key = {}
  for _, name in ipairs(BUILTIN_NAMES) do key[#key + 1] = on[name] and "1" or "0" end
  key = table.concat(key)
  local per_nlp = models[nlp]
  if not per_nlp then
    per_nlp = {}
    models[nlp] = per_nlp
  end
  local m = per_nlp[key]
  if m then return m end
  local people = require(LISTS .. "people")
  local orgs = require(LISTS .. "orgs")
  m = {
    known = build_known(nlp, on),
    known_entries = {},       -- entry number -> { label, source } (entry_info)
    first = on.first_names and build_first_names(nlp) or nil,
    titles = set_of(people.titles, string.lower),
    heads = set_of(orgs.heads),
    suffixes = set_of(orgs.suffixes),
  }
  if on.rules then m.rules, m.rule_info = build_rules(nlp) end
  m.recognizer = judge.recognizer(nlp, m)
  per_nlp[key] = m
  return m
end

---------------------------------------------------------------------- extraction

--- Picks non-overlapping candidates: longer first, then stronger, then earlier. `taken`
-- maps token index -> true for tokens already spoken for (the user's entities).
local function resolve(cands, taken)
  local keys, packable = new_table(#cands), #cands <= sort.MAX_ITEMS
  for i, c in ipairs(cands) do
    local first, len = c.first, c.last - c.first
    if first >= (1 << 26) then packable = false break end
    if len > 1023 then len = 1023 end
    keys[i] = ((1023 - len) << 32) | ((40 - c.strength) << 26) | first
  end
  if packable then
    sort.by_keys(cands, keys)        -- one packed integer key: no comparator calls
  else
    table.sort(cands, function(a, b)
      local la, lb = a.last - a.first, b.last - b.first
      if la ~= lb then return la > lb end
      if a.strength ~= b.strength then return a.strength > b.strength end
      return a.first < b.first
    end)
  end
  local chosen = new_table(#cands)
  for _, c in ipairs(cands) do
    local free = true
    for i = c.first, c.last do
      if taken[i] then free = false break end
    end
    if free then
      for i = c.first, c.last do taken[i] = c end
      chosen[#chosen + 1] = c
    end
  end
  return chosen
end

--- label, "list:" .. id of entry e of gazetteer gaz, cached per model (the built-in
-- lists are matched as flat first, last, entry triples: gaz:_find, no span tables).
local ENTITY_OPTIONS = { gazetteers = "table", rules = "table", labels = "table" }
local NO_OPTIONS = setmetatable({}, { __newindex = function() error("read-only", 2) end })

--- Steps 2 to 5 in Lua (the reference; glean_recognize.c is its twin): the entity
-- spans that the built-in lists, rules and run judge find, around `taken` (token ->
-- true for the user's entities), in text order, filtered by `want`.
local function judge_in_lua(doc, m, taken, want)
  local C = columns.of(doc)
  -- 2. the built-in lists; 3. the rules, which see the lists' names as entities
  local starts = line_starts(doc, C)
  local cands = list_candidates(doc, m, C, starts)
  local runs = {}
  if m.rules then
    local seen = {}
    for _, e in ipairs(doc.ents) do seen[#seen + 1] = e end
    local listed = table.move(cands, 1, #cands, 1, {})
    for _, c in ipairs(resolve(listed, setmetatable(columns.per_token(C), { __index = taken }))) do
      seen[#seen + 1] = c
    end
    sort.by_first(seen)
    local working = new_table(3 * #seen)     -- first, last, label triples
    for i, e in ipairs(seen) do
      working[3 * i - 2], working[3 * i - 1], working[3 * i] = e.first, e.last, e.label or false
    end
    local rule_cands
    rule_cands, runs = rule_candidates(doc, m, working, C, starts)
    for _, c in ipairs(rule_cands) do cands[#cands + 1] = c end
  end
  local chosen = {}
  for _, c in ipairs(resolve(cands, taken)) do
    -- a lone first name is weak evidence when it is also an everyday word, and none at
    -- the start of the name of an event, a prize or an institution (`Hans` in `Hans
    -- Christian Andersen Award`)
    if c.label == "FIRST" then
      local word = C.text[C.type[c.first]]
      if c.first == c.last and not WEAK_FIRST[word] and not NOT_NAMES[word]
          and not starts_non_person(C, c.last + 1) then
        c.label = "PERSON"
        chosen[#chosen + 1] = c
      else
        for i = c.first, c.last do taken[i] = nil end
      end
    elseif c.label == "PERSON" and not trim(C, c, m) then
      for i = c.first, c.last do taken[i] = nil end
    else
      chosen[#chosen + 1] = c
    end
  end

  -- 4 and 5. capitalised runs, judged with what the document already said
  local aliases = {}
  sort.by_first(chosen)
  for _, c in ipairs(chosen) do
    if c.label == "PERSON" or c.label == "ORG" then remember(C, c, aliases) end
  end
  -- a GeoNames town that the document names a person or club after (`Alex Ferguson` ...
  -- `Ferguson`, `Swansea City` ... `Swansea`)
  for _, c in ipairs(chosen) do
    if c.first == c.last and c.source == "list:geonames" then
      local a = aliases[C.lower[C.type[c.first]]]
      if a then c.label, c.source = a, "doc:alias" end
    end
  end
  for _, r in ipairs(run_entities(doc, m, runs, taken, aliases, C, starts)) do
    chosen[#chosen + 1] = r
  end

  -- the result: spans with their public labels, filtered by want
  local spans = new_table(#chosen)
  for _, c in ipairs(chosen) do
    local label = OUT_LABEL[c.label] or c.label
    if not want or want[label] then
      -- the candidate becomes the span (fields as Span.new sets them)
      c.doc, c.label, c.strength = doc, label, nil
      c.start = C.start[c.first]
      c.stop = columns.stop(C, c.last)
      spans[#spans + 1] = setmetatable(c, Span)
    end
  end
  return sort.by_first(spans)
end

--- The same in C (glean_recognize.c): the user's entities go in as flat first, last,
-- label triples.
local function judge_in_c(doc, m, want)
  local ents, flat = doc.ents, nil
  if #ents > 0 then
    flat = new_table(3 * #ents)
    for i, e in ipairs(ents) do
      flat[3 * i - 2], flat[3 * i - 1], flat[3 * i] = e.first, e.last, e.label or false
    end
  end
  return m.recognizer:_run(doc, flat, Span, want)
end

--- entities(doc [, opts]) -> array of entity spans, in text order, also merged into
-- doc.ents (where they do not overlap entities already there). in_lua: the Lua judge.
local function entities(doc, opts, in_lua)
  local builtins
  if type(opts) == "table" and opts.builtins ~= nil then
    builtins = opts.builtins
    local rest = {}
    for k, v in pairs(opts) do
      if k ~= "builtins" then rest[k] = v end
    end
    opts = rest
    if builtins ~= true and builtins ~= false and type(builtins) ~= "table" then
      error("entities: option 'builtins' must be false, true or a table", 2)
    end
  end
  opts = opts == nil and NO_OPTIONS or options.check("entities", opts, ENTITY_OPTIONS, 2)
  local nlp = nlp_of(doc)
  local m = builtins == nil and default_models[nlp] or nil
  if not m then
    m = model_for(nlp, builtin_switches(builtins))
    if builtins == nil then default_models[nlp] = m end
  end
  local found = {}

  -- 1. the user's gazetteers and rules come first and are kept as they are
  for i, gaz in ipairs(opts.gazetteers or NO_OPTIONS) do
    if type(gaz) ~= "userdata" or not gaz.match then
      error(("entities: gazetteers[%d] is not a gazetteer"):format(i), 2)
    end
    local spans = gaz:match(doc)
    doc:add_ents(spans)
    for _, s in ipairs(spans) do found[#found + 1] = s end
  end
  if opts.rules then
    local before = {}
    for _, e in ipairs(doc.ents) do before[e] = true end
    opts.rules:annotate(doc)
    for _, e in ipairs(doc.ents) do
      if not before[e] then found[#found + 1] = e end
    end
  end

  -- 2 to 5: the built-in lists, rules and run judge, around the user's entities
  local want = opts.labels and set_of(opts.labels) or nil
  local spans
  if in_lua then
    local taken = columns.per_token(columns.of(doc))
    for _, e in ipairs(doc.ents) do
      for i = e.first, e.last do taken[i] = true end
    end
    spans = judge_in_lua(doc, m, taken, want)
  else
    spans = judge_in_c(doc, m, want)
  end
  if #found == 0 and #doc.ents == 0 then
    -- nothing of the user's: the spans are doc.ents (they are in text order and do
    -- not overlap), and the result is a copy
    doc.ents = spans
    return table.move(spans, 1, #spans, 1, new_table(#spans))
  end
  doc:add_ents(spans)
  for _, s in ipairs(spans) do found[#found + 1] = s end
  if want then
    local kept = {}
    for _, s in ipairs(found) do
      if want[s.label] then kept[#kept + 1] = s end
    end
    found = kept
  end
  sort.by_first(found)
  return found
end

-- (tail calls: errors raised at level 2 inside `entities` name the caller's line)
return {
  extract = function(doc, opts) return entities(doc, opts, false) end,
  extract_lua = function(doc, opts) return entities(doc, opts, true) end,
  clear_cache = function()
    models = setmetatable({}, { __mode = "k" })
    default_models = setmetatable({}, { __mode = "k" })
  end,
}
