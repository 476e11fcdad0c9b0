-- bench/rules_diff.lua — checks on a real corpus that the rules matcher gives the same
-- matches with its first pass on the cached DFA (the default) and on the reference NFA
-- (glean_pattern_dfa.c, glean_pattern_match.c): runs the four news extractors over every
-- document, and every time an extractor calls the matcher (rules._core:_match_flat or
-- :_match, with the entities it passes) calls it again with each first pass and compares
-- the results: the flat arrays (rule, first, last, captures), both with leftmost-longest
-- and with all-starts matching, and for :_match the spans' alternatives too.
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/?.so;;" \
--     lua5.4 bench/rules_diff.lua --file CORPUS [--docs N] [--budget BYTES] [--generated N]
-- --budget gives the DFA a small cache (e.g. 65536), so that its flushes and its fallback
-- to the NFA run too. --generated N also matches the N rules bench/bench_rules.lua
-- generates (every kind of rule an analyst writes) over each document. Prints per rule
-- set the calls, documents and matches compared, and exits 1 at the first difference
-- (which it prints).
local ROOT = ((arg and arg[0] or "bench/x.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/lua/?.lua;" .. ROOT .. "/lua/?/init.lua;" .. ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local glean = require "glean"

local args = lib.options(arg, { valued = { "file", "docs", "budget", "generated" },
  ints = { "docs", "budget", "generated" }, required = { "file" },
  defaults = { docs = 1000000, budget = 0, generated = 0 },
  usage = "usage: rules_diff.lua --file CORPUS [--docs N] [--budget BYTES] [--generated N]" })

local nlp = glean.new()
local probe = glean.rules(nlp)
probe:add("x", "x")
local methods = getmetatable(probe._core).__index
local flat, match = methods._match_flat, methods._match

-- Which extractor a rule set belongs to, by its first rule's name.
local SETS = { person_title = "entities", mark = "quotes", month_day = "dates",
  paren_short = "acronyms", r0001_t1 = "generated" }
local stats, order = {}, {}
local function stats_of(core)
  local name = SETS[core:_info(1)] or core:_info(1)
  if not stats[name] then
    stats[name] = { calls = 0, matches = 0, all_matches = 0, docs = {}, ndocs = 0, core = core }
    order[#order + 1] = name
  end
  return stats[name], name
end

local function differ(name, what, doc, a, b)
  io.stderr:write(("rules_diff: %s, %s: the DFA and the NFA differ on a document of %d tokens\n")
    :format(name, what, #doc))
  local n = math.max(#a, #b)
  for i = 1, n do
    if a[i] ~= b[i] then
      io.stderr:write(("  first difference at flat index %d: NFA %s, DFA %s\n")
        :format(i, tostring(a[i]), tostring(b[i])))
      break
    end
  end
  io.stderr:write(("  %d vs %d integers\n"):format(#a, #b))
  os.exit(1)
end

local function same_flat(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

-- Both first passes on the same call; returns the DFA's result. `all` is compared too.
local function compare(core, doc, ents, all, only)
  local st, name = stats_of(core)
  core:_tune(true, args.budget)
  local a, na = flat(core, doc, ents, all, only)
  local a2, na2 = flat(core, doc, ents, not all, only)
  core:_tune(false, args.budget)
  local b, nb = flat(core, doc, ents, all, only)
  local b2, nb2 = flat(core, doc, ents, not all, only)
  if na ~= nb or not same_flat(a, b) then differ(name, all and "all starts" or "leftmost-longest", doc, a, b) end
  if na2 ~= nb2 or not same_flat(a2, b2) then differ(name, all and "leftmost-longest" or "all starts", doc, a2, b2) end
  st.calls = st.calls + 1
  st.matches = st.matches + (all and nb2 or nb)
  st.all_matches = st.all_matches + (all and nb or nb2)
  if not st.docs[doc] then st.docs[doc] = true; st.ndocs = st.ndocs + 1 end
  return b, nb
end

methods._match_flat = function(core, doc, ents, all, only)
  return compare(core, doc, ents, all, only)
end

-- The spans :_match builds: the flat arrays do not hold the alternative.
local function spans_key(spans)
  local t = {}
  for _, s in ipairs(spans) do
    local g = {}
    for k, v in pairs(s.groups) do g[#g + 1] = ("%s=%d-%d"):format(k, v.first, v.last) end
    table.sort(g)
    t[#t + 1] = ("%s %d %d %d %s"):format(s.rule, s.first, s.last, s.alternative, table.concat(g, ","))
  end
  return t
end

methods._match = function(core, doc, ents, all, only, Span, infos, no_groups)
  compare(core, doc, ents, all, only)
  core:_tune(true, args.budget)
  local a = spans_key((match(core, doc, ents, all, only, Span, infos, no_groups)))
  core:_tune(false, args.budget)
  local spans, steps, calls = match(core, doc, ents, all, only, Span, infos, no_groups)
  local b = spans_key(spans)
  if not same_flat(a, b) then differ(stats_of(core) and "rules:match", "spans", doc, a, b) end
  return spans, steps, calls
end

-- The generated rules, from bench_rules.lua --list (name, label, pattern per line).
local generated
if args.generated > 0 then
  local lua = arg[-1] or "lua5.4"
  local cmd = ("%s %s/bench/bench_rules.lua --rules %d --list"):format(lua, ROOT, args.generated)
  local f = assert(io.popen(cmd))
  generated = glean.rules(nlp)
  for line in f:lines() do
    local name, label, pattern = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    if name then generated:add(name, pattern, { label = label }) end
  end
  f:close()
end

local x = glean.extract
local ndocs = 0
for _, t in ipairs(lib.split_docs(assert(lib.read_file(args.file)))) do
  if ndocs >= args.docs then break end
  if utf8.len(t) then
    ndocs = ndocs + 1
    local doc = nlp:parse(t)
    x.entities(doc)
    x.quotes(doc)
    x.acronyms(doc)
    x.dates(doc)
    if generated then generated:match(doc) end
  end
end

local total = 0
for _, name in ipairs(order) do
  local st = stats[name]
  total = total + st.matches + st.all_matches
  print(("%-9s %6d calls over %5d docs: %7d matches (leftmost-longest), %7d (all starts): identical")
    :format(name, st.calls, st.ndocs, st.matches, st.all_matches))
  local d = st.core:_stats()
  print(("          DFA cache: %d states, %d transitions, %d classes, %d KB; %d built, %d flushes, %d NFA runs")
    :format(d.dfa_states, d.dfa_transitions, d.dfa_classes, d.dfa_bytes // 1024, d.dfa_built,
      d.dfa_flushes, d.nfa_runs))
end
print(("%d documents, %d matches compared, DFA and NFA identical%s"):format(ndocs, total,
  args.budget > 0 and (" (DFA budget %d bytes)"):format(args.budget) or ""))
