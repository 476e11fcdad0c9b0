-- The entity recognizer's two judges: the Lua one (lua/glean/extract/entities.lua and
-- entity_judge.lua, the reference an analyst reads) and its C twin
-- (csrc/glean_recognize.c, what glean.extract.entities runs) must find the same entities,
-- with the same offsets, labels and sources, and leave the same doc.ents, on real text,
-- on text made to reach every branch, and with every option. `make eval` compares them on
-- the whole BBC and CoNLL corpora as well (bench/eval/entities_twins.lua).
local glean = require "glean"
local helpers = require "spec.helpers"
local E = require "glean.extract.entities"
local twins = require "spec.twins"

local nlp = glean.new()
local article = helpers.read("examples/huawei-5g.txt")

local function dump(spans)
  local out = {}
  for i, s in ipairs(spans) do
    out[i] = table.concat({ s.first, s.last, s.start, s.stop, s.label, s.source, tostring(s.id) }, " ")
  end
  return out
end

-- The first difference between the two judges on text (nil when none), and the count.
local function compare(text, opts_of)
  return twins.compare(text, { parser = nlp, mod = E, dump = dump, opts_of = opts_of })
end

-- Sentences and lines that reach the judge's branches: titles before names, first names
-- that are places or everyday words, saints, lone cities beside unknown capitals, league
-- tables and fixtures read by lines, acronyms in brackets, organisations and their
-- aliases, towns named after people, runs cut at line breaks, words written in lower
-- case elsewhere.
local PIECES = {
  "Chancellor Angela Merkel said Germany needed guarantees.",
  "Merkel later met Prime Minister Theresa May in London.",
  "Huawei Technologies Co. says the concern is unfounded.",
  "the cyber defense agency (BSI) and the Federal Network Agency",
  "the daily Handelsblatt said, citing government sources.",
  "Jordan Henderson and Georgia Brown played for Liverpool.",
  "Will May Mark the day? Sunday Times readers know.",
  "St Etienne beat Lyon 2-1 while San Jose drew.",
  "Duffy Waldorf and Conchita Martinez won in Paris.",
  "Arsenal v Stoke",
  "CINCINNATI AT ATLANTA",
  "Wigan 78 Workington 4",
  "Nantes 0 Lens 1",
  "Leeds 12 8 2 2 30 10 26",
  "Alex Ferguson praised Ferguson's side in Swansea.",
  "Swansea City lost at home; Swansea fans were angry.",
  "Secretary of State for Trade and Industry Patricia Hewitt spoke.",
  "Sales of Music downloads rose as the music industry grew.",
  "The Hutton Inquiry and the Birmingham Grand Prix made news.",
  "Hans Christian Andersen Award winner Jean-Michel Jarre played.",
  "a 25-year-old from the Kyrgyz Republic met the US envoy.",
  "He told the BBC and NATO officials on Tuesday, March 5, 2019.",
  "Mr Hague and Princess Diana and miss England's games.",
  "Federal officials at the European Commission (EC) in Brussels.",
  "Q1 profits at Deutsche Telekom AG rose, the U.S.-led group said.",
  "Group B, Serie A and World War I; J Robinson in a line-up.",
  "Tate Britain and the US Federal Reserve, said Ms Smith of Reuters.",
  "personal video recorder (PVR) sales and 220 kilovolt (KV) lines",
  "Valencia",
  "Claudio Ranieri said his side was tired.",
  "General Motors Europe and Jordan said: “We are ready.”",
  "THE HEADLINE OF A SPORTS PAGE WITH NO NAMES",
  "Ali Smith, 34, and Bob Jones, 56, were charged.",
}

describe("the entity recognizer's C and Lua judges", function()
  it("agree on the bundled article", function()
    local diff, n = compare(article)
    assert.is_nil(diff)
    assert.is_true(n > 40)
  end)

  it("agree on every line and sentence of it, and on the pieces alone", function()
    for line in article:gmatch("[^\n]+") do assert.is_nil(compare(line)) end
    for _, p in ipairs(PIECES) do assert.is_nil(compare(p), p) end
  end)

  it("agree on 400 documents made of the pieces and the article's lines, with every kind of line break", function()
    local lines = helpers.lines_and(article, PIECES)
    math.randomseed(20261206)
    local total = 0
    for k = 1, helpers.scale(400, 60) do
      local text = helpers.mixed_text(lines, 12)
      local diff, n = compare(text)
      assert.is_nil(diff, ("document %d: %s\n%s"):format(k, tostring(diff), text))
      total = total + n
    end
    assert.is_true(total > helpers.scale(1000, 100), "entities found: " .. total)
  end)

  it("agree with the user's gazetteers, rules, labels and built-ins switched off", function()
    local gaz = glean.gazetteer { nlp = nlp, name = "huawei-world" }
    assert(gaz:load_tsv("examples/huawei-world.tsv"))
    local places = glean.gazetteer { nlp = nlp, name = "mine" }
    places:add("Brussels", "COUNTRY")       -- a label the rules treat as a country
    places:add("Handelsblatt", "PAPER")
    local rules = glean.rules(nlp)
    rules:add("cab", "{German Belgian} ent:(cabinet | government)", { label = "ORG" })
    local variants = {
      function() return { gazetteers = { gaz } } end,
      function() return { gazetteers = { places }, rules = rules } end,
      function() return { labels = { "PERSON", "GPE" } } end,
      function() return { gazetteers = { gaz }, labels = { "ORG" } } end,
      function() return { builtins = false } end,
      function() return { builtins = { rules = false } } end,
      function() return { builtins = { first_names = false } } end,
      function() return { builtins = { cities = false, regions = false } } end,
      function() return { builtins = { countries = false, norp = false, orgs = false } } end,
    }
    for i, v in ipairs(variants) do
      assert.is_nil(compare(article, v), "variant " .. i)
      for _, p in ipairs(PIECES) do assert.is_nil(compare(p, v), ("variant %d: %s"):format(i, p)) end
    end
  end)

  it("agree on degenerate text", function()
    for _, text in ipairs({ "", " ", "\n\n\n", "A", "a", "(", "A B C D E F G H I J",
        ("Capital "):rep(3000), ("of "):rep(100) .. "Agency", "NUL\0Byte Name Here",
        ("\r"):rep(10) .. "Angela Merkel", "Mr.", "(BSI)", "US US US us", "St", "v" }) do
      assert.is_nil(compare(text), ("%q"):format(text))
    end
  end)

  it("both refuse user entities that overlap (set by hand)", function()
    for _, judge in ipairs({ E.extract, E.extract_lua }) do
      local doc = nlp:parse("Angela Merkel spoke in Berlin.")
      doc.ents = { doc:span(1, 2, "PERSON"), doc:span(2, 3, "X") }
      assert.has_error(function() judge(doc) end)
    end
  end)
end)
