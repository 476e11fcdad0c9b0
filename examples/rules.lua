-- examples/rules.lua — token-pattern rules over a news article, on top of a gazetteer.
--   lua5.4 examples/rules.lua [ARTICLE] [LIST.tsv]
-- (`make demo` runs it on examples/huawei-5g.txt with examples/huawei-world.tsv.)
local glean = require "glean"

local article = arg[1] or "examples/huawei-5g.txt"
local list = arg[2] or "examples/huawei-world.tsv"
local text = assert(io.open(article, "rb")):read("a")

local nlp = glean.new()
local doc = nlp:parse(text, { date = "2019-02-05" })

-- Known names first: the gazetteer puts ORG/GPE/... spans in doc.ents, which rules
-- can consume whole with @LABEL.
local gaz = glean.gazetteer { nlp = nlp, name = "huawei-world" }
assert(gaz:load_tsv(list))
gaz:annotate(doc)

local rules = glean.rules(nlp)
local SAY = "{said says told added stated}"
rules
  -- people: a title word, then capitalised names
  :add("title_name", "title:{chancellor president minister secretary spokesman spokeswoman "
    .. "mr. mrs. ms. dr.} name:(<title>{1,3})", { label = "PERSON" })
  -- organisations: a capitalised run ending in a company suffix, or a known ORG with one
  :add("org_suffix", "<title>+ {co. inc. ltd. ag plc corp. gmbh 'SA'}", { label = "ORG" })
  :add("org_plus_suffix", "@ORG {co. inc. ltd. ag plc corp. gmbh}", { label = "ORG", priority = 1 })
  -- public bodies: "the Federal Network Agency", "the German cabinet"
  :add("agency", "the? <title>+ {agency ministry commission department cabinet office} "
    .. "(of <title>+)?", { label = "ORG" })
  -- "a U.S. State Department official said", "the official said"
  :add("official_said", "who:({the a} _{0,4} {official officials}) " .. SAY, { label = "SPEAKER" })
  :add("said_official", SAY .. " who:(the official)", { label = "SPEAKER" })
  :add("source_said", "who:(the {daily paper} <title>?) " .. SAY, { label = "SPEAKER" })
  :add("name_said", "who:(@PERSON | <title> <title>) " .. SAY, { label = "SPEAKER" })
  -- acronym definitions: "the cyber defense agency (BSI)"
  :add("acronym", "long:(<lower>{1,4}) '(' short:/^%u[%u%d]+$/ ')'", { label = "ACRONYM" })
  :add("acronym_title", "long:(<title>{2,5}) '(' short:/^%u[%u%d]+$/ ')'", { label = "ACRONYM" })
  -- time: weekdays, "on Tuesday", "last week"
  :add("weekday", "{monday tuesday wednesday thursday friday saturday sunday}", { label = "DATE" })
  :add("on_weekday", "on {monday tuesday wednesday thursday friday saturday sunday}", { label = "DATE" })
  :add("relative", "{last next this} {week month year}", { label = "DATE" })
  -- places with a role: "in Brussels", "from countries like China"
  :add("in_place", "{in at from to} place:@GPE|LOC", { label = "PLACE_CONTEXT" })
  -- things being quoted
  :add("quote", "{'“' '\"'} !<quote>{1,80} {'”' '\"'}", { label = "QUOTE" })

local tty = os.getenv("NO_COLOR") == nil and os.execute("test -t 1") == true
local function bold(s) return tty and ("\27[1m" .. s .. "\27[0m") or s end

local matches = rules:match(doc)
print()
print(bold(("Rule matches (%d rules, %d matches)"):format(#rules, #matches)))
for _, m in ipairs(matches) do
  local groups = {}
  for name, g in pairs(m.groups) do groups[#groups + 1] = name .. "=" .. g.text end
  table.sort(groups)
  local shown = m.text:gsub("%s+", " ")
  if #shown > 60 then shown = shown:sub(1, 57) .. "..." end
  print(("%-16s %-10s %-60s %s"):format(m.rule, m.start .. "-" .. m.stop, shown,
    table.concat(groups, " ")))
end

-- Conflicts: the default style keeps the longest span; losers stay inspectable.
local added = rules:annotate(doc, { keep_rejected = true })
print()
print(bold(("annotate: %d spans added to doc.ents, %d rejected"):format(added, #doc.rejected)))
for _, r in ipairs(doc.rejected) do
  print(("  %-16s %-28s %s"):format(r.rule, r.text:sub(1, 28), r.reason))
end

-- A near miss, explained: "Chancellor Angela Merkel told" would be a speaker, but the
-- article says "said"; explain shows which element failed on which token.
local near = glean.rules(nlp)
near:add("chancellor_told", "chancellor <title> <title> told")
print()
print(bold("explain a near miss"))
io.write(near:explain(doc, "chancellor_told"))
