-- glean.extract.dates and glean.extract.quantities on the Huawei article (dated
-- Tuesday 2019-02-05) and on short news sentences.
local glean = require "glean"
local helpers = require "spec.helpers"

local nlp = glean.new()
local ARTICLE = helpers.read("examples/huawei-5g.txt")

local function by_text(list)
  local t = {}
  for _, x in ipairs(list) do t[#t + 1] = x end
  return t
end

describe("glean.extract.dates", function()
  local doc = nlp:parse(ARTICLE, { date = "2019-02-05" })
  local dates = glean.extract.dates(doc)

  it("finds the article's dates and resolves them against 2019-02-05 by tense", function()
    local got = {}
    for _, d in ipairs(dates) do
      got[#got + 1] = { d.span.text, d.kind, d.value or (d.from .. "/" .. d.to), d.tense or "" }
    end
    assert.same({
      -- "a U.S. State Department official said on Tuesday": past, the day itself
      { "Tuesday", "weekday", "2019-02-05", "past" },
      -- "the German cabinet will hold a secret session on Wednesday": future, the next day
      { "Wednesday", "weekday", "2019-02-06", "future" },
      -- "Wednesday’s meeting will focus on ...": the verb after it says the future
      { "Wednesday", "weekday", "2019-02-06", "future" },
      -- "measures proposed last week": Monday to Sunday of the week before
      { "last week", "relative", "2019-01-28/2019-02-03", "" },
      -- "On Tuesday, Chancellor Angela Merkel said ...": past
      { "Tuesday", "weekday", "2019-02-05", "past" },
    }, got)
    assert.equal("on", dates[1].prep)
  end)

  it("adds DATE entities that do not overlap existing ones", function()
    local labels = {}
    for _, e in ipairs(doc.ents) do
      if e.label == "DATE" then labels[#labels + 1] = e.text end
    end
    assert.same({ "Tuesday", "Wednesday", "Wednesday", "last week", "Tuesday" }, labels)
    for _, e in ipairs(doc.ents) do assert.equal("dates", e.source) end
    local d = nlp:parse("It happened on Tuesday.", { date = "2019-02-05" })
    local a, b = d.text:find("Tuesday", 1, true)
    d:add_ents({ d:char_span(a, b, "EVENT") })
    glean.extract.dates(d)
    assert.equal(1, #d.ents)
    assert.equal("EVENT", d.ents[1].label)
    local d2 = nlp:parse("It happened on Tuesday.", { date = "2019-02-05" })
    glean.extract.dates(d2, { annotate = false })
    assert.equal(0, #d2.ents)
  end)

  it("reads month-day-year forms", function()
    local d = nlp:parse("Feb. 5, 2019, then 5 February 2019, then 2019-02-05, and on "
      .. "December 20 it was announced; it will open on March 3.", { date = "2019-02-05" })
    local got = {}
    for _, x in ipairs(glean.extract.dates(d)) do got[#got + 1] = x.span.text .. "=" .. tostring(x.value) end
    assert.same({ "Feb. 5, 2019=2019-02-05", "5 February 2019=2019-02-05", "2019-02-05=2019-02-05",
      "December 20=2018-12-20", "March 3=2019-03-03" }, got)
  end)

  it("reads relative dates, months and years", function()
    local d = nlp:parse("Shares fell yesterday and may recover tomorrow. The plan was announced "
      .. "three days ago and earlier this week; it starts next month. Profits fell in 2004 "
      .. "and in the 1990s. Last Friday he said it would open next Friday. It rose in May.",
      { date = "2019-02-05" })
    local got = {}
    for _, x in ipairs(glean.extract.dates(d)) do
      got[#got + 1] = ("%s|%s|%s"):format(x.span.text, x.kind, x.value or ((x.from or "") .. "/" .. (x.to or "")))
    end
    assert.same({
      "yesterday|relative|2019-02-04", "tomorrow|relative|2019-02-06",
      "three days ago|relative|2019-02-02", "earlier this week|relative|2019-02-04/2019-02-10",
      "next month|relative|2019-03-01/2019-03-31", "2004|year|2004-01-01/2004-12-31",
      "1990s|decade|1990-01-01/1999-12-31", "Last Friday|weekday|2019-02-01",
      "next Friday|weekday|2019-02-08", "May|month|2018-05-01/2018-05-31",
    }, got)
  end)

  it("leaves the modal may and the verb march alone, and needs a date to resolve", function()
    local d = nlp:parse("They may march on Friday.")
    local got = glean.extract.dates(d)
    assert.equal(1, #got)
    assert.equal("Friday", got[1].span.text)
    assert.is_nil(got[1].value)
    local with = glean.extract.dates(nlp:parse("They met on Friday."), { date = "2019-02-05", annotate = false })
    assert.equal("2019-02-01", with[1].value)
  end)

  it("counts back across year 0 on the proleptic Gregorian calendar, in both twins", function()
    -- year 0 is a leap year and 0000-01-01 a Saturday; days before 0000-03-01 once
    -- came out a day late (fuzz/regressions/extractors/negative-year-feb-29)
    local cases = {
      { "0000-01-01", "It happened a week ago.", { "a week ago=-001-12-25" } },
      { "0000-03-01", "It happened yesterday.", { "yesterday=0000-02-29" } },
      { "0001-01-01", "It happened 400 days ago and again 366 days ago.",
        { "400 days ago=-001-11-28", "366 days ago=0000-01-01" } },
      { "0000-01-05", "He left on Monday.", { "Monday=0000-01-03" } },
    }
    local dates = require "glean.extract.dates"
    for _, c in ipairs(cases) do
      local doc = nlp:parse(c[2], { date = c[1] })
      for _, extract in ipairs { dates.extract, dates.extract_lua } do
        local got = {}
        for _, d in ipairs(extract(doc, { annotate = false })) do
          got[#got + 1] = d.span.text .. "=" .. tostring(d.value)
        end
        assert.same(c[3], got)
      end
    end
  end)
end)

describe("glean.extract.quantities", function()
  local function run(text)
    local out = {}
    for _, q in ipairs(glean.extract.quantities(nlp:parse(text))) do
      out[#out + 1] = { q.span.text, q.kind, q.value, q.unit }
    end
    return out
  end

  it("finds no quantity in the Huawei article: 5G is a name", function()
    assert.same({}, by_text(glean.extract.quantities(nlp:parse(ARTICLE))))
  end)

  it("reads money in signs, codes, prefixes and words", function()
    assert.same({
      { "$40", "money", 40, "USD" },
      { "US$40", "money", 40, "USD" },
      { "€2.5bn", "money", 2500000000, "EUR" },
      { "£600m", "money", 600000000, "GBP" },
      { "2.5 billion euros", "money", 2500000000, "EUR" },
      { "$3 million", "money", 3000000, "USD" },
      { "HK$3", "money", 3, "HKD" },
      { "USD 40", "money", 40, "USD" },
      { "80p", "money", 80, "GBp" },
      { "40 US dollars", "money", 40, "USD" },
    }, run("It cost $40, or US$40, then €2.5bn and £600m, 2.5 billion euros, $3 million, "
      .. "HK$3, USD 40, 80p and 40 US dollars."))
  end)

  it("reads percentages", function()
    assert.same({
      { "10%", "percent", 10, "%" },
      { "10.5 per cent", "percent", 10.5, "%" },
      { "ten percent", "percent", 10, "%" },
      { "2 percentage points", "percent", 2, "percentage point" },
    }, run("Sales rose 10%, costs 10.5 per cent, wages ten percent and rates 2 percentage points."))
  end)

  it("reads numbers with scale words and units, not names or counts", function()
    assert.same({
      { "2.5bn", "number", 2500000000, nil },
      { "3 million", "number", 3000000, nil },
      { "12 km", "number", 12, "km" },
      { "375mm", "number", 375, "mm" },
      { "14.27 million tonnes", "number", 14270000, "tonnes" },
    }, run("About 2.5bn people, 3 million homes, 12 km of road, 375mm of rain, 14.27 million "
      .. "tonnes of crops; 5G, 4K, G7, 3GPP, 464,000 subscribers and the year 2004 are not."))
  end)
end)
