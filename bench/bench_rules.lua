-- bench_rules.lua — token-pattern rules (glean.rules) through glean's Lua API.
--
-- Generates N rules (deterministic: a fixed seed and real word lists, see rule_set
-- below), loads the corpus (documents separated by "\n\n\n", like the peers; not timed)
-- and, in one process, times --runs passes of each of:
-- Every document is parsed once first (untimed: it fills the nlp's lexicon of token types,
-- as any long-running user's would be), then:
--   parse        nlp:parse(text) per document (the tokenization share, for reference)
--   parse+match  nlp:parse(text) + rules:match(doc) per document: the whole path a user
--                calls (a span with groups is built for every match); its first pass also
--                fills the rules' per-type test caches (reported as first_s)
--   match        rules:match(doc) over documents parsed beforehand (untimed)
--   core         rules._core:_match(doc), the C matcher and its flat result arrays
--                without the Lua side (spans, groups, actions, sort); a private method,
--                used here only to split the time between C and Lua
-- With --linear 1,2,4 it instead joins K copies of the corpus into ONE document per K
-- (parsed untimed) and times rules:match and the C matcher on it: seconds, matches and
-- the step count (rules:match's second value), which must grow linearly with K.
-- MB/s counts the whole corpus file (separators included), 1 MB = 10^6 bytes. A full
-- garbage collection runs before each pass (not timed). Wall clock: luasocket's
-- socket.gettime() when installed, else os.clock() (CPU time). One JSON line on stdout.
--
-- Usage (from the repo root):
--   LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="build/?.so;;" \
--     lua5.4 bench/bench_rules.lua --file CORPUS --rules N [--runs R] [--seed S]
--       [--linear 1,2,4] [--wordnet DIR] [--words FILE] [--list]
-- --list prints the generated rules (name, label, pattern) and exits.
local ROOT = ((arg and arg[0] or "bench/bench_rules.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local glean = require "glean"

local USAGE = "usage: bench_rules.lua --file CORPUS --rules N [--runs R] [--seed S] "
  .. "[--linear 1,2,4] [--wordnet DIR] [--words FILE] [--list]"
local args = lib.options(arg, { valued = { "file", "runs", "rules", "seed", "linear", "wordnet",
  "words" }, flags = { "list" }, ints = { "runs", "rules", "seed" },
  defaults = { runs = 5, rules = 100, seed = 20240611 }, usage = USAGE })
if (not args.file and not args.list) or args.rules < 1 then
  io.stderr:write(USAGE, "\n")
  os.exit(2)
end

local clock, clock_name = os.clock, "os.clock (CPU time)"
do
  local ok, socket = pcall(require, "socket")
  if ok and type(socket) == "table" and socket.gettime then
    clock, clock_name = socket.gettime, "socket.gettime (wall)"
  end
end

-- --- the rules ---------------------------------------------------------------------
-- Templates, used in turn (rule k uses template (k-1) % #TEMPLATES + 1), each filled
-- with words drawn uniformly from the most frequent WordNet lemmas of a part of speech
-- (TOP below; from the whole list without WordNet): the kinds of rule an analyst writes, covering bare words, sets, phrases,
-- flags, shapes, lengths, Lua patterns, negation, anchors, groups, alternatives,
-- captures and every quantifier. The first N rules of the 1,000 are the N-rule set, so
-- the sets are nested. A rule string already generated is drawn again.
local TOP = { noun = 2000, verb = 600, adj = 800, adv = 150, phrase = 800 }
local LUA_PATTERNS = { "^%u%u+$", "^%u%l+s$", "^%d+%%$", "^[%u%d][%u%d]+$", "^%l+ly$" }
-- English -s forms (good enough for generated rules: city -> cities, box -> boxes).
local function plural(w)
  if w:match("[^aeiou]y$") then return w:sub(1, -2) .. "ies" end
  if w:match("[sxz]$") or w:match("[cs]h$") then return w .. "es" end
  if w:match("man$") then return w:sub(1, -4) .. "men" end
  return w .. "s"
end
local function third_person(w)
  if w == "have" then return "has" end
  if w == "be" then return "is" end
  if w:match("man$") then return w .. "s" end
  if w:match("[^o]o$") then return w .. "es" end
  return plural(w)
end
local TEMPLATES = {
  function(w) return w.noun() .. " <title>+" end,
  function(w)
    return ("{%s %s %s %s %s} <num>?"):format(w.noun(), w.noun(), w.noun(), w.noun(), w.noun())
  end,
  function(w) return '"' .. w.phrase() .. '"' end,
  function(w) return ("<title> <title> {said says %s}"):format(w.verb()) end,
  function(w) return ("the %s? %s ( of | for | in ) <title>+"):format(w.adj(), w.noun()) end,
  function(w) local v = w.verb() return ("who:( <title> <title>? ) {%s %s}"):format(v, third_person(v)) end,
  function(w) local n = w.noun() return ("<num> {%s %s}"):format(n, plural(n)) end,
  function(w) return ("^ %s <punct>?"):format(w.adv()) end,
  function(w) return ("%s %s"):format(w.adj(), w.noun()) end,
  function(w) return ("%s !<stop> %s"):format(w.verb(), w.noun()) end,
  function(w) return ("/%s/ %s"):format(w.pattern(), w.noun()) end,
  function(w) return ("%s <alpha>{1,3} %s"):format(w.noun(), w.noun()) end,
  function(w) return ("<shape:Xxxxx> ( %s | %s %s )"):format(w.noun(), w.adj(), w.noun()) end,
}

--- The first n generated rules: array of { name, pattern, label }, and the word source.
local function rule_set(n, seed)
  local lists, source = lib.word_lists(args.wordnet, args.words)
  if not lists then
    io.stderr:write("bench_rules.lua: " .. tostring(source) .. "\n")
    os.exit(1)
  end
  local rng = lib.rng(seed)
  local w = {}
  for kind, top in pairs(TOP) do
    local l = lists[kind]
    local m = lists.ranked and math.min(top, #l) or #l
    w[kind] = function() return l[rng(m)] end
  end
  w.pattern = function() return LUA_PATTERNS[rng(#LUA_PATTERNS)] end
  local rules, seen = {}, {}
  for k = 1, n do
    local t = (k - 1) % #TEMPLATES + 1
    local pat
    for _ = 1, 100 do
      pat = TEMPLATES[t](w)
      if not seen[pat] then break end
    end
    seen[pat] = true
    rules[k] = { name = ("r%04d_t%d"):format(k, t), pattern = pat, label = "T" .. t }
  end
  return rules, source
end

local specs, word_source = rule_set(args.rules, args.seed)
if args.list then
  for _, r in ipairs(specs) do print(r.name, r.label, r.pattern) end
  os.exit(0)
end

local text = assert(lib.read_file(args.file))
local corpus_bytes = #text

local nlp = glean.new { invalid = "replace" }
local t0 = clock()
local rules = glean.rules(nlp)
for _, r in ipairs(specs) do rules:add(r.name, r.pattern, { label = r.label }) end
local compile_s = clock() - t0
local program_size = rules._core:_program_size()

local function timed(fn)
  local times = lib.timed(args.runs, clock, fn)
  return times, lib.median(times)
end

local examples = {}
for k = 1, math.min(#TEMPLATES, #specs) do examples[k] = specs[k].pattern end
local common = {
  { "rules", args.rules }, { "templates", #TEMPLATES }, { "instructions", program_size },
  { "compile_s", compile_s }, { "seed", args.seed }, { "word_source", word_source }, { "input", args.file },
  { "runs", args.runs }, { "clock", clock_name },
}
local function emit(fields)
  local all = {}
  for _, kv in ipairs(fields) do all[#all + 1] = kv end
  for _, kv in ipairs(common) do all[#all + 1] = kv end
  all[#all + 1] = { "peak_rss_kb", lib.peak_rss_kb() }
  io.stdout:write(lib.json_line(all) .. "\n")
end

-- --- linearity: K copies of the corpus as one document ---------------------------------
if args.linear then
  local ks, bytes, tokens, match_s, core_s, parse_s, steps, matches = {}, {}, {}, {}, {}, {}, {}, {}
  for k in args.linear:gmatch("%d+") do ks[#ks + 1] = math.tointeger(tonumber(k)) end
  for i, k in ipairs(ks) do
    local parts = {}
    for j = 1, k do parts[j] = text end
    local big = table.concat(parts, "\n\n\n")
    parts = nil
    collectgarbage("collect")
    local tp = clock()
    local doc = nlp:parse(big)
    parse_s[i] = clock() - tp
    bytes[i], tokens[i] = #big, #doc
    big = nil
    local nm, ns
    local _, med = timed(function()
      local m, s = rules:match(doc)
      nm, ns = #m, s
    end)
    match_s[i], matches[i], steps[i] = med, nm, ns
    local _, cmed = timed(function() rules._core:_run(doc, nil, false, nil) end)
    core_s[i] = cmed
    io.stderr:write(("glean Lua rules linearity %dx: %d bytes, %d tokens, rules:match %.3f s, "
      .. "C matcher %.3f s, %d matches, %d steps\n")
      :format(k, bytes[i], tokens[i], match_s[i], core_s[i], matches[i], steps[i]))
    doc = nil
    collectgarbage("collect")
  end
  emit {
    { "tool", "glean-lua-rules-linear" }, { "multiples", ks }, { "bytes", bytes },
    { "tokens", tokens }, { "parse_s", lib.round6(parse_s) }, { "match_s", lib.round6(match_s) },
    { "core_s", lib.round6(core_s) }, { "matches", matches }, { "steps", steps },
  }
  os.exit(0)
end

-- --- throughput over the corpus, one document per article --------------------------------
local docs = lib.split_docs(text)
text = nil

-- parsed once, untimed: fills the nlp's lexicon, so no timed pass pays for new types
local parsed, ntokens = {}, 0
for i = 1, #docs do
  parsed[i] = nlp:parse(docs[i])
  ntokens = ntokens + #parsed[i]
end

local tparse, mparse = timed(function()
  for i = 1, #docs do nlp:parse(docs[i]) end
end)

-- parse + match per document
local nmatch_both, steps_both = 0, 0
local tboth, mboth = timed(function()
  local n, st = 0, 0
  for i = 1, #docs do
    local m, s = rules:match(nlp:parse(docs[i]))
    n, st = n + #m, st + s
  end
  nmatch_both, steps_both = n, st
end)

-- match alone over documents parsed beforehand
local nmatch, steps = 0, 0
local tmatch, mmatch = timed(function()
  local n, st = 0, 0
  for i = 1, #parsed do
    local m, s = rules:match(parsed[i])
    n, st = n + #m, st + s
  end
  nmatch, steps = n, st
end)

-- the C matcher alone (no spans)
local core = rules._core
local tcore, mcore = timed(function()
  for i = 1, #parsed do core:_run(parsed[i], nil, false, nil) end
end)

-- untimed: which rules fired, matches per template
local fired, per_template = {}, {}
for i = 1, #parsed do
  for _, m in ipairs((rules:match(parsed[i]))) do
    fired[m.rule] = true
    local t = tonumber(m.rule:match("_t(%d+)$"))
    per_template[t] = (per_template[t] or 0) + 1
  end
end
local nfired = 0
for _ in pairs(fired) do nfired = nfired + 1 end
local tpl_counts = {}
for t = 1, #TEMPLATES do tpl_counts[t] = per_template[t] or 0 end

local B = corpus_bytes
emit {
  { "tool", "glean-lua-rules" }, { "docs", #docs }, { "bytes", B }, { "tokens", ntokens },
  { "matches", nmatch_both }, { "matches_match_only", nmatch }, { "rules_fired", nfired },
  { "matches_per_template", tpl_counts }, { "steps", steps }, { "steps_parse_match", steps_both },
  { "median_s", mboth }, { "first_s", tboth[1] }, { "MBps", B / mboth / 1e6 },
  { "MBps_first", B / tboth[1] / 1e6 },
  { "match_median_s", mmatch }, { "MBps_match_only", B / mmatch / 1e6 },
  { "MBps_match_first", B / tmatch[1] / 1e6 },
  { "core_median_s", mcore }, { "MBps_core", B / mcore / 1e6 },
  { "parse_median_s", mparse }, { "MBps_parse", B / mparse / 1e6 },
  { "examples", examples },
  { "times_s", lib.round6(tboth) }, { "times_match_s", lib.round6(tmatch) },
  { "times_core_s", lib.round6(tcore) }, { "times_parse_s", lib.round6(tparse) },
}
io.stderr:write(("glean Lua rules, %d rules (%d instructions, added in %.1f ms): nlp:parse + "
  .. "rules:match %.1f MB/s (first %.1f), rules:match alone %.1f MB/s, C matcher alone %.1f MB/s, "
  .. "nlp:parse alone %.1f MB/s; %d matches from %d rules; %d steps; clock %s\n")
  :format(args.rules, program_size, compile_s * 1e3, B / mboth / 1e6, B / tboth[1] / 1e6,
    B / mmatch / 1e6, B / mcore / 1e6, B / mparse / 1e6, nmatch_both, nfired, steps, clock_name))
