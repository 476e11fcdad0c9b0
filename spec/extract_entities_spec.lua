-- glean.extract.entities on real sentences of examples/huawei-5g.txt, its options, and
-- glean.eval.spans. Needs nothing outside the repository.
local glean = require "glean"

local nlp = glean.new()
local article = assert(io.open("examples/huawei-5g.txt", "rb")):read("a")

-- label of the entity whose text is exactly `text` (first occurrence from `from`)
local function label_of(ents, text, nth)
  nth = nth or 1
  for _, e in ipairs(ents) do
    if e.text == text then
      nth = nth - 1
      if nth == 0 then return e.label, e end
    end
  end
  return nil
end

local function ents_of(text, opts)
  local doc = nlp:parse(text)
  return glean.extract.entities(doc, opts), doc
end

describe("glean.extract.entities", function()
  local ents, doc = ents_of(article)

  it("returns spans in text order, merged into doc.ents, each with a source", function()
    assert.is_true(#ents > 30)
    for i, e in ipairs(ents) do
      assert.equal(article:sub(e.start, e.stop), e.text)
      assert.is_string(e.source)
      if i > 1 then assert.is_true(ents[i - 1].stop < e.start) end
    end
    assert.equal(#ents, #doc.ents)
  end)

  it("finds the article's organisations", function()
    assert.equal("ORG", label_of(ents, "Huawei Technologies Co."))    -- `... Co. says`
    assert.equal("ORG", label_of(ents, "Huawei Technologies"))        -- `China’s Huawei Technologies`
    assert.equal("ORG", label_of(ents, "NATO"))                       -- `U.S.-led NATO alliance`
    assert.equal("ORG", label_of(ents, "Handelsblatt"))               -- `the daily Handelsblatt said`
    assert.equal("ORG", label_of(ents, "BSI"))                        -- `the cyber defense agency (BSI)`
    assert.equal("ORG", label_of(ents, "Deutsche Telekom"))
    assert.equal("ORG", label_of(ents, "Federal Network Agency"))
    assert.equal("ORG", label_of(ents, "European Commission"))
  end)

  it("finds people, places, groups and dates", function()
    assert.equal("PERSON", label_of(ents, "Angela Merkel"))           -- `Chancellor Angela Merkel`
    assert.is_nil(label_of(ents, "Chancellor Angela Merkel"))
    assert.equal("GPE", label_of(ents, "Germany"))
    assert.equal("GPE", label_of(ents, "Brussels"))
    assert.equal("GPE", label_of(ents, "Beijing"))
    assert.equal("GPE", label_of(ents, "China"))
    assert.equal("GPE", label_of(ents, "U.S."))                       -- in `U.S.-led`
    assert.equal("NORP", label_of(ents, "European"))
    assert.equal("NORP", label_of(ents, "Belgian"))
    assert.equal("LOC", label_of(ents, "Europe"))
    assert.equal("DATE", label_of(ents, "Tuesday"))
    assert.equal("DATE", label_of(ents, "last week"))
  end)

  it("says which list or rule produced a span", function()
    local _, merkel = label_of(ents, "Angela Merkel")
    assert.equal("rule:person_title", merkel.source)
    local _, germany = label_of(ents, "Germany")
    assert.equal("list:countries", germany.source)
    local _, co = label_of(ents, "Huawei Technologies Co.")
    assert.equal("rule:org_suffix", co.source)
  end)

  it("handles the hard cases one sentence at a time", function()
    local e = ents_of("The United States fears China could use the equipment for espionage – "
      .. "a concern that Huawei Technologies Co. says is unfounded.")
    assert.equal("ORG", label_of(e, "Huawei Technologies Co."))
    assert.equal("GPE", label_of(e, "United States"))
    e = ents_of("Wednesday’s meeting will focus on a security catalogue, prepared by the Federal "
      .. "Network Agency and the cyber defense agency (BSI), the paper said.")
    assert.equal("ORG", label_of(e, "Federal Network Agency"))
    assert.equal("ORG", label_of(e, "BSI"))
    assert.equal("DATE", label_of(e, "Wednesday"))
  end)

  it("recognises unknown companies and names from capitalisation and context", function()
    local e = ents_of("Shares of Zorblax Industries AG fell after Mr. Quentin Vandermolen resigned.")
    assert.equal("ORG", label_of(e, "Zorblax Industries AG"))
    assert.equal("PERSON", label_of(e, "Quentin Vandermolen"))
    e = ents_of("The Ministry of Fisheries said prices rose. Angela Kowalczyk told reporters.")
    assert.equal("ORG", label_of(e, "Ministry of Fisheries"))
    assert.equal("PERSON", label_of(e, "Angela Kowalczyk"))
  end)

  it("keeps the document consistent: a later surname or short form keeps its label", function()
    local e = ents_of("Chancellor Angela Merkel met Zorblax Industries AG executives. "
      .. "Later, Merkel said Zorblax would invest.")
    assert.equal("PERSON", label_of(e, "Merkel"))
    local label, span = label_of(e, "Zorblax")
    assert.equal("ORG", label)
    assert.equal("doc:alias", span.source)
  end)

  it("gives a GeoNames town's name the label of the person or club the document names", function()
    -- Ferguson, Howard and Swansea are towns in GeoNames; here they are a manager, a
    -- politician and a club
    local e = ents_of("Manchester United manager Alex Ferguson praised his players. "
      .. "Ferguson, 63, said the win mattered. Michael Howard launched the campaign. "
      .. "Later, Howard spoke. Swansea City beat Leyton Orient, and Swansea now lead.")
    for _, x in ipairs { { "Ferguson", "PERSON" }, { "Howard", "PERSON" }, { "Swansea", "ORG" } } do
      local label, span = label_of(e, x[1])
      assert.equal(x[2], label, x[1])
      assert.equal("doc:alias", span.source)
    end
    -- without the full name the town stays a place
    assert.equal("GPE", label_of((ents_of("The plant near Ferguson closed.")), "Ferguson"))
  end)

  it("trusts a capitalised title over the lists, not a title word in lower case", function()
    local e = ents_of("A photographer branded a stalker by Princess Diana was jailed.")
    assert.equal("PERSON", label_of(e, "Diana"))              -- a GeoNames town too
    e = ents_of("He will miss England's games, and major Hollywood studios agree.")
    assert.equal("GPE", label_of(e, "England"))
    assert.equal("GPE", label_of(e, "Hollywood"))
    e = ents_of("General Motors Europe said sales fell.")      -- `General` is a title too
    assert.equal("ORG", label_of(e, "General Motors"))
  end)

  it("treats a sentence-initial capital as weak evidence", function()
    local e = ents_of("Meanwhile, prices rose. Analysts expect more.")
    assert.equal(0, #e)
  end)

  it("does not take the tail of a longer capitalised run for a name (the headline)", function()
    for _, e in ipairs(ents) do
      assert.is_not.equal("Network", e.text)   -- `Huawei’s 5G Mobile Network, Germany decides`
    end
    local e = ents_of("Officials met at the new Acme Mobile Network office. Later, Barclays said no.")
    local got = {}
    for _, x in ipairs(e) do got[#got + 1] = x.text end
    assert.is_nil(table.concat(got, "|"):find("|Network|", 1, true))
    assert.is_truthy(table.concat(got, "|"):find("Barclays", 1, true))
  end)


  it("takes towns in a table of results, one match a line, for clubs", function()
    -- no full stop ends these lines: every line of the table is one `$$` (line end)
    local e = ents_of("French first division results on Saturday:\n"
      .. "Nantes 0 Lens 1\nNice 1 Bastia 1\nLille 3 Rennes 1\n\nThe league resumes next week.")
    for _, club in ipairs { "Nantes", "Nice", "Bastia", "Lille", "Rennes" } do
      local label, span = label_of(e, club)
      assert.equal("ORG", label, club)
      assert.matches("^rule:", span.source)
    end
    -- a town in prose stays a place
    assert.equal("GPE", label_of((ents_of("She moved to Nantes in 2010.")), "Nantes"))
  end)

  it("never runs a name over a line break (headline, list of fixtures, table heading)", function()
    local e = ents_of("Coach Ranieri sacked by Valencia\n\nRonald Koeman has been named coach."
      .. "\n\nArsenal v Stoke\n\nEverton v Leicester\n\nNational League\nCHICAGO 8 Florida 3\n")
    for _, x in ipairs(e) do assert.is_nil(x.text:find("\n"), x.text) end
    assert.equal("PERSON", label_of(e, "Ronald Koeman"))
    assert.equal("ORG", label_of(e, "Valencia"))       -- `Valencia ⏎⏎ Ronald` is no name
    assert.equal("ORG", label_of(e, "National League")) -- nor `Leicester ⏎⏎ National League`
    assert.equal("ORG", label_of(e, "CHICAGO"))   -- not taken for the heading's tail
    assert.equal("ORG", label_of(e, "Florida"))
    assert.equal("ORG", label_of(e, "Stoke"))     -- a fixture line: two clubs
    assert.equal("ORG", label_of(e, "Leicester"))
    -- `X at Y` on its line: a club and the place it plays at
    e = ents_of("Thursday's schedule\nCINCINNATI AT ATLANTA\nPITTSBURGH AT HOUSTON\n")
    assert.equal("ORG", label_of(e, "CINCINNATI"))
    assert.equal("GPE", label_of(e, "HOUSTON"))
  end)

  it("reads lines ended by a carriage return or U+2028 as it reads newlines", function()
    -- the same breaks as the rules' `^^` and `$$`: no name runs from one line into the next
    local text = "Coach Ranieri sacked by Valencia\n\nRonald Koeman has been named coach."
      .. "\n\nEverton v Leicester\n\nNational League\nCHICAGO 8 Florida 3\n"
    local function summary(t)
      local out = {}
      for _, x in ipairs(ents_of(t)) do
        out[#out + 1] = x.label .. " " .. x.text:gsub("[\r\n]", "/"):gsub("\226\128[\168\169]", "/")
      end
      return table.concat(out, ", ")
    end
    local want = summary(text)
    assert.matches("ORG National League, ORG CHICAGO", want, 1, true)
    assert.equal(want, summary((text:gsub("\n", "\r"))))
    assert.equal(want, summary((text:gsub("\n", "\r\n"))))
    assert.equal(want, summary((text:gsub("\n", "\u{2028}"))))
  end)

  it("finds a listed name inside a longer entry written in lower case (the Netherlands)", function()
    -- the list has `The Netherlands`; in `the Netherlands` no list match may start at `the`
    local e = ents_of("Richard Krajicek of the Netherlands won, according to the Guardian.")
    assert.equal("GPE", label_of(e, "Netherlands"))
    assert.equal("list:countries", select(2, label_of(e, "Netherlands")).source)
    assert.equal("ORG", label_of(e, "Guardian"))
  end)

  it("takes no lone capitalised word for an organisation when the text writes it in lower case", function()
    -- `Music` is a heading's or a list's word here, not a name: the text says `music`
    local e = ents_of("Sales of Music downloads rose, as the music industry moved online. "
      .. "Sales of Zorblax downloads rose too.")
    assert.is_nil(label_of(e, "Music"))
    assert.equal("ORG", label_of(e, "Zorblax"))    -- the same context, a name
    -- a lower-case word inside a web address does not count
    e = ents_of("Files spread on Suprnova until suprnova.org closed.")
    assert.equal("ORG", label_of(e, "Suprnova"))
    -- a quarter or half of a year is no organisation
    e = ents_of("Profits rose in Q1 and H2 at Zorblax.")
    assert.is_nil(label_of(e, "Q1"))
    assert.is_nil(label_of(e, "H2"))
  end)

  it("labels dates as OntoNotes does: years, decades, periods, durations, ages", function()
    local e = ents_of("In 2004 and the 1990s, the mid-1990s and late 1960s, nine months, "
      .. "13 weeks ago, the 25-year-old won on 5-6 March and last Saturday; this season, the "
      .. "past three years, the coming months, up to 12 months, December 2004, in May.")
    for _, want in ipairs { "2004", "1990s", "mid-1990s", "late 1960s", "nine months",
        "13 weeks ago", "25-year-old", "5-6 March", "last Saturday", "this season",
        "the past three years", "the coming months", "up to 12 months", "December 2004" } do
      assert.equal("DATE", label_of(e, want), want)
    end
    assert.is_nil(label_of(e, "May"))        -- a name and a verb too: not alone
    -- a weekday that is also a first name is a date; a season alone is no organisation
    e = ents_of("He told the programme on Sunday that Autumn would be late.")
    assert.equal("DATE", label_of(e, "Sunday"))
    assert.is_nil(label_of(e, "Autumn"))
    assert.is_nil(label_of(ents_of("It sold 12,000 copies and 3000 units."), "3000"))
  end)

  it("takes no event, law, prize or institution for a person", function()
    local e = ents_of("The Hutton Inquiry and the Freedom of Information Act were cited at the "
      .. "Birmingham Grand Prix and the Hans Christian Andersen Award, said Tom Smith.")
    for _, x in ipairs(e) do
      assert.is_true(x.label ~= "PERSON" or x.text == "Tom Smith" or x.text == "Hans Christian Andersen",
        x.text)
    end
    assert.equal("PERSON", label_of(e, "Tom Smith"))
    -- a surname that is also an organisation's word stays a name
    assert.equal("PERSON", label_of(ents_of("Helen Steel and David Morris won."), "Helen Steel"))
  end)

  it("takes no word at the end of an unexplained name for an organisation of its own", function()
    local e = ents_of("She became Shadow Secretary of State for Trade last year, said John "
      .. "Smith of Zorblax.")
    assert.is_nil(label_of(e, "Trade"))          -- the tail of a title nothing explained
    assert.equal("ORG", label_of(e, "Zorblax"))  -- after a name that is a person
  end)

  it("reads hyphenated first names, saints' places and the X Republic", function()
    local e = ents_of("Jean-Michel Jarre played in St Etienne, then in the Kyrgyz Republic.")
    assert.equal("PERSON", label_of(e, "Jean-Michel Jarre"))
    assert.is_nil(label_of(e, "Etienne"))          -- no first name after `St`
    assert.equal("GPE", label_of(e, "Kyrgyz Republic"))
  end)

  it("takes the short form of a common noun for no organisation", function()
    local e = ents_of("Most viewers now own a personal video recorder (PVR), and two 220 "
      .. "kilovolt (KV) lines failed, the Zorblax Agency (ZA) said.")
    assert.is_nil(label_of(e, "PVR"))
    assert.is_nil(label_of(e, "KV"))
    assert.equal("ORG", label_of(e, "ZA"))
  end)

  it("takes no run that ends in a bare letter for a person; an initial may begin one", function()
    local e = ents_of("Wales meet Italy in Group B, a century after World War I. "
      .. "Whilst I waited, the side was named: J Robinson, M Cueto.")
    for _, x in ipairs(e) do
      assert.is_nil(x.text:find("%f[%w]%u$"), x.text)       -- Group B, World War I, Whilst I
    end
    assert.equal("PERSON", label_of(e, "J Robinson"))
  end)

  it("takes no single letter for a name", function()
    local e = ents_of("Manchester United were drawn in group C, with Juventus, on Thursday.")
    assert.is_nil(label_of(e, "C"))
    assert.equal("ORG", label_of(e, "Manchester United"))
  end)
  it("applies user gazetteers first: they win over the built-in lists", function()
    local gaz = glean.gazetteer { nlp = nlp, name = "mine" }
    gaz:add("Deutsche Telekom", "COMPANY")
    gaz:add("Brussels", "CITY_OF_INTEREST")
    local e = ents_of(article, { gazetteers = { gaz } })
    local label, span = label_of(e, "Deutsche Telekom")
    assert.equal("COMPANY", label)
    assert.equal("mine", span.source)
    assert.equal("CITY_OF_INTEREST", label_of(e, "Brussels"))
    assert.equal("ORG", label_of(e, "Handelsblatt"))
  end)

  it("applies user rules before the built-in ones", function()
    local rules = glean.rules(nlp)
    rules:add("gear", "{huawei} gear", { label = "PRODUCT" })
    local e = ents_of(article, { rules = rules })
    local label, span = label_of(e, "Huawei gear")
    assert.equal("PRODUCT", label)
    assert.equal("rule:gear", span.source)
  end)

  it("switches built-in lists off", function()
    local none = ents_of(article, { builtins = false })
    assert.equal(0, #none)
    local e = ents_of(article, { builtins = { cities = false, places = false } })
    assert.is_not.equal("GPE", label_of(e, "Brussels"))
    assert.equal("GPE", label_of(e, "Germany"))
  end)

  it("filters labels", function()
    local e, d = ents_of(article, { labels = { "PERSON" } })
    assert.is_true(#e >= 1)
    for _, s in ipairs(e) do assert.equal("PERSON", s.label) end
    for _, s in ipairs(d.ents) do assert.equal("PERSON", s.label) end
  end)

  it("rejects unknown options and bad values", function()
    local d = nlp:parse("Angela Merkel")
    assert.has_error(function() glean.extract.entities(d, { gazeteers = {} }) end,
      "entities: unknown option 'gazeteers' (known: gazetteers, labels, rules)")
    assert.has_error(function() glean.extract.entities(d, { builtins = "no" }) end)
    assert.has_error(function() glean.extract.entities(d, { builtins = { townz = false } }) end)
  end)

  it("keeps entities already in doc.ents", function()
    local d = nlp:parse("Chancellor Angela Merkel visited Brussels.")
    d:add_ents({ d:span(2, 3, "VIP") })
    glean.extract.entities(d)
    assert.equal("VIP", d.ents[1].label)
    assert.equal("GPE", d.ents[2].label)
  end)
end)

describe("glean.eval.spans", function()
  local gold = {
    { start = 1, stop = 5, label = "ORG" },
    { start = 10, stop = 20, label = "PERSON" },
    { start = 30, stop = 35, label = "GPE" },
  }

  it("scores exact spans, per label too", function()
    local pred = {
      { start = 1, stop = 5, label = "ORG" },        -- tp
      { start = 10, stop = 15, label = "PERSON" },   -- overlap only: fp, and gold fn
      { start = 30, stop = 35, label = "ORG" },      -- wrong label: fp, and gold fn
    }
    local r = glean.eval.spans(pred, gold)
    assert.same({ 1, 2, 2 }, { r.tp, r.fp, r.fn })
    assert.near(1 / 3, r.precision, 1e-9)
    assert.near(1 / 3, r.recall, 1e-9)
    assert.near(1 / 3, r.f1, 1e-9)
    assert.same({ tp = 1, fp = 1, fn = 0, precision = 0.5, recall = 1, f1 = 2 / 3 }, r.by_label.ORG)
    assert.same({ 0, 1, 1 }, { r.by_label.PERSON.tp, r.by_label.PERSON.fp, r.by_label.PERSON.fn })
    assert.same({ 0, 0, 1 }, { r.by_label.GPE.tp, r.by_label.GPE.fp, r.by_label.GPE.fn })
    assert.equal(0, r.by_label.GPE.precision)
  end)

  it("counts overlaps of the same label with partial=true", function()
    local pred = {
      { start = 1, stop = 5, label = "ORG" },
      { start = 10, stop = 15, label = "PERSON" },
      { start = 30, stop = 35, label = "ORG" },
    }
    local r = glean.eval.spans(pred, gold, { partial = true })
    assert.same({ 2, 1, 1 }, { r.tp, r.fp, r.fn })
    assert.equal(1, r.by_label.PERSON.tp)
  end)

  it("scores glean spans against a golden list", function()
    local doc = nlp:parse(article)
    local found = glean.extract.entities(doc, { labels = { "GPE" } })
    local golden = {}
    for _, name in ipairs({ "Germany", "Brussels", "Beijing" }) do
      local a, b = article:find(name, 1, true)
      golden[#golden + 1] = { start = a, stop = b, label = "GPE" }
    end
    local r = glean.eval.spans(found, golden)
    assert.equal(3, r.tp)
    assert.equal(0, r.fn)
    assert.equal(1, r.recall)
  end)

  it("handles empty input and checks its arguments", function()
    local r = glean.eval.spans({}, {})
    assert.same({ 0, 0, 0, 0, 0, 0 }, { r.tp, r.fp, r.fn, r.precision, r.recall, r.f1 })
    assert.has_error(function() glean.eval.spans(nil, {}) end)
    assert.has_error(function() glean.eval.spans({ { start = 1 } }, {}) end)
    assert.has_error(function() glean.eval.spans({}, {}, { partiel = true }) end)
  end)
end)

describe("a one-word city inside a name", function()
  it("is left to the name rules (train error analysis: Duffy Waldorf, Conchita Martinez)", function()
    local glean = require "glean"
    local doc = glean.new():parse("Tim Herron and Duffy Waldorf shot 66 in Paris on Friday.")
    glean.extract.entities(doc)
    local labels = {}
    for _, e in ipairs(doc.ents) do labels[e.text] = e.label end
    assert.is_nil(labels["Waldorf"])
    assert.equal("GPE", labels["Paris"])
  end)
end)
