-- The date extractor's two implementations: the Lua one (lua/glean/extract/dates.lua,
-- M.extract_lua, the reference an analyst reads) and its C twin (csrc/glean_dates.c and
-- glean_dates_resolve.c, what glean.extract.dates runs) must give the same records (every
-- field) and leave the same doc.ents, on real text, on text made to reach every branch,
-- with every option and reference date. bench/eval/dates_twins_eval.lua compares them on
-- the whole BBC and CoNLL corpora as well.
local glean = require "glean"
local helpers = require "spec.helpers"
local twins = require "spec.twins"
local D = require "glean.extract.dates"
local E = require "glean.extract.entities"

local nlp = glean.new()
local article = helpers.read("examples/huawei-5g.txt")

local function dump(records)
  local out = {}
  for i, r in ipairs(records) do
    local s = r.span
    out[i] = table.concat({ s.first, s.last, s.start, s.stop, tostring(s.label),
      tostring(s.source), tostring(getmetatable(s) == getmetatable(records[1].span)),
      tostring(r.kind), tostring(r.value), tostring(r.from), tostring(r.to), tostring(r.prep),
      tostring(r.tense) }, " ")
    local keys = {}
    for k in pairs(r) do keys[#keys + 1] = k end
    table.sort(keys)
    out[i] = out[i] .. " [" .. table.concat(keys, ",") .. "]"
  end
  return out
end

-- The first difference between the twins on text (nil when none), and the count.
-- prepare(doc) may set doc.meta or doc.ents; opts_of(doc) gives the options.
local function compare(text, opts_of, prepare, parser)
  return twins.compare(text, { parser = parser or nlp, mod = D, dump = dump, opts_of = opts_of,
    prepare = prepare })
end

-- Reference days: a Tuesday, early January (day-less dates of December are last year's),
-- late December (next month wraps), a Saturday and a Sunday (weekends), a leap day, the
-- ends of the range parse_iso reads.
local REFS = { "2019-02-05", "2019-01-10", "2019-12-28", "2019-02-09", "2019-02-10",
  "2020-02-29", "0000-01-01", "9999-12-31", "2005-03-15T10:00", "2019-02-30", "19-02-05", "" }

-- Sentences that reach every rule and branch of dates.lua.
local PIECES = {
  "Feb. 5, 2019 and February 5th and Feb 5 and Sept. 4 2018 and Dec. 25.",
  "March 39 was odd; February 30, 2019 and February 29 are not days; February 29, 2020 is.",
  "5 February 2019, the 5th of February, 31st of December, 30th February and 1st Jan.",
  "2019-02-05 and 2019-02-30 and 2019-13-01 and 1999-12-31 and 2100-01-01.",
  "February 2019, May 2020 and Sept 1999 were months.",
  "in February, last March, next March, this March, early March, late June, mid May, end October, by December",
  "The minister said on Tuesday that he will meet them on Wednesday.",
  "Wednesday's meeting will focus on trade. Friday night was quiet; on Monday morning it rained.",
  "last Friday, next Monday, this Sunday, this Tuesday, last Tuesday, next Tuesday",
  "He'll visit on Thursday. They are due to sign on Saturday. It is set to open on Sunday.",
  "The vote is expected on Friday; talks are scheduled for Monday; he plans to leave on Tuesday.",
  "She announced on Thursday that the company, which was founded in 1998, released results.",
  "yesterday, today, tomorrow and tonight",
  "last week, next month, this year, earlier this week, later this month, early next year",
  "last weekend, this weekend, next weekend, last night, this morning, next year, last month",
  "this afternoon, next evening, late last year, earlier last month",
  "three days ago, a week ago, several weeks ago, two months ago, 12 years ago, an hour ago",
  "few days ago, one week ago, 2.0 days ago, -3 days ago, +4 days ago, 007 days ago",
  "99999999999999999999 days ago and 9223372036854775807 weeks ago and 1,000 days ago",
  "Twelve weeks ago, ELEVEN days ago, 1/2 days ago and twenty days ago",
  "in 2004, since 2003, its 2003 results, their 1999 profits, in 1700, in 2200, for 2100, of 1800",
  "the 1990s, the 1000s, mid-2004, mid-1066, in 1066, until 2010, by 2020, after 1945",
  "On Tuesday, Chancellor Angela Merkel said on Tuesday he would come back in March.",
  "It will happen in December. It happened in December. In December it will be cold.",
  "The report of 12 March said the 3rd of May would be late; due 4th June.",
  "ON TUESDAY, LAST WEEK, IN MARCH 2019, FEB. 5",
  "the meeting on May 5 and may 5 and march 3 and the May 2019 vote",
  "from Monday to Friday, between 2001 and 2003, during 2002, throughout 2004",
  "It was to-be announced next Tuesday; the upcoming Friday vote is next",
  -- the nearest verb at the ends of the windows: 12 tokens before, 8 after
  "They will x x x x x x x x x x x Tuesday. They will x x x x x x x x x x x x Friday.",
  "Tuesday x x x x x x x will come. Friday x x x x x x x x will come.",
  "It will x x x x x x x x x x x December 20. It will x x x x x x x x x x x x December 20.",
}


describe("the date extractor's C and Lua twins", function()
  it("agree on the bundled article, with and without a reference date", function()
    local diff, n = compare(article, function() return { date = "2019-02-05" } end)
    assert.is_nil(diff)
    assert.is_true(n >= 5)
    assert.is_nil(compare(article))
    assert.is_nil(compare(article, nil, function(doc) doc.meta = { date = "2019-02-05" } end))
    assert.is_nil(compare(article, function() return { date = "2019-02-05" } end, E.extract))
  end)

  it("agree on every piece with every reference day", function()
    for _, ref in ipairs(REFS) do
      for _, p in ipairs(PIECES) do
        assert.is_nil(compare(p, function() return { date = ref } end), ref .. ": " .. p)
        assert.is_nil(compare(p, nil, function(doc) doc.meta = { date = ref } end), ref .. ": " .. p)
      end
    end
    for _, p in ipairs(PIECES) do assert.is_nil(compare(p), p) end
  end)

  it("agree on counts that name no whole day, and on weekdays written with marks or full-width", function()
    -- both once raised here (2026-12-06): a count is taken as math.tointeger takes it, a
    -- weekday by its norm, as its rule matched it
    local want = { ["It came 1.5 days ago."] = false, ["0.5 weeks ago"] = false,
      ["3.0 days ago"] = "2019-02-02", ["on Mönday we met"] = "2019-02-04",
      ["ＭＯＮＤＡＹ"] = "2019-02-04" }
    for text, value in pairs(want) do
      for _, f in ipairs({ D.extract, D.extract_lua }) do
        local got = f(nlp:parse(text), { date = "2019-02-05" })
        assert.equal(1, #got, text)
        assert.equal(value or nil, got[1].value, text)
      end
      assert.is_nil(compare(text, function() return { date = "2019-02-05" } end), text)
      assert.is_nil(compare(text), text)
    end
  end)

  it("agree on 400 documents made of the pieces and the article's lines, with every kind of line break", function()
    local lines = helpers.lines_and(article, PIECES)
    math.randomseed(20261207)
    local total = 0
    for k = 1, helpers.scale(400, 60) do
      local text = helpers.mixed_text(lines, 12)
      local ref = REFS[math.random(#REFS)]
      local annotate = math.random(4) ~= 1
      local prepare = ({ nil, E.extract, function(doc) doc.meta = { date = ref } end })[math.random(3)]
      local diff, n = compare(text, function() return { date = ref, annotate = annotate } end, prepare)
      assert.is_nil(diff, ("document %d (%s): %s\n%s"):format(k, ref, tostring(diff), text))
      total = total + n
    end
    assert.is_true(total > helpers.scale(1000, 100), "dates found: " .. total)
  end)

  it("agree when doc.ents holds entities the dates overlap, or is out of text order", function()
    local text = "On Tuesday, in March 2019, last week and on 5 May the talks began."
    local function ents_over(doc)
      doc:add_ents({ doc:span(2, 2, "EVENT"), doc:span(8, 9, "X") })
    end
    assert.is_nil(compare(text, function() return { date = "2019-02-05" } end, ents_over))
    local function shuffled(doc)
      doc.ents = { doc:span(12, 12, "B"), doc:span(1, 1, "A") }   -- set by hand, not in order
    end
    assert.is_nil(compare(text, function() return { date = "2019-02-05" } end, shuffled))
    assert.is_nil(compare(text, function() return { date = "2019-02-05", annotate = false } end, shuffled))
    local function all_taken(doc) doc.ents = { doc:span(1, #doc, "ALL") } end
    assert.is_nil(compare(text, nil, all_taken))
  end)

  it("agree with the options nlp and annotate, and refuse the same nlps", function()
    local other = glean.new()
    assert.is_nil(compare(article, function() return { nlp = other, date = "2019-02-05" } end))
    local plain = glean.new { lang = "none" }
    local d1, d2 = nlp:parse(article), nlp:parse(article)
    assert.has_error(function() D.extract(d1, { nlp = plain }) end,
      "the doc was parsed by an nlp with other settings than the rules' (lang, split_hyphens, special cases, abbreviations)")
    assert.has_error(function() D.extract_lua(d2, { nlp = plain }) end,
      "the doc was parsed by an nlp with other settings than the rules' (lang, split_hyphens, special cases, abbreviations)")
    local unsplit = glean.new { split_hyphens = false }
    for _, p in ipairs(PIECES) do assert.is_nil(compare(p, function() return { date = "2019-02-05" } end, nil, unsplit), p) end
    assert.is_nil(compare(article, nil, nil, plain))
  end)

  it("check options identically", function()
    local doc = nlp:parse("on Tuesday")
    for _, bad in ipairs({ { annotate = 1 }, { date = 20190205 }, { nlp = "x" }, { colour = true }, 5 }) do
      local ok1, e1 = pcall(D.extract, doc, bad)
      local ok2, e2 = pcall(D.extract_lua, doc, bad)
      assert.is_false(ok1)
      assert.is_false(ok2)
      assert.equal(e2, e1)
    end
  end)

  it("agree on degenerate text", function()
    local replacing = glean.new { invalid = "replace" }
    for _, text in ipairs({ "", " ", "\n\n\n", "(", "()", "((()))", ")(", "May", "may", "2019",
        "in", "in 2019", "NUL\0Tuesday\0on Tuesday", "on\0Tuesday", ("on Tuesday "):rep(2000),
        ("in "):rep(500) .. "March", "\255\254 on Tuesday \192 3 days ago \237\160\128",
        "Tuesday", "ago", "a days ago", "last", "last last week" }) do
      for _, ref in ipairs({ "2019-02-05", "" }) do
        assert.is_nil(compare(text, function() return { date = ref } end, nil, replacing), ("%q"):format(text))
        if utf8.len(text) then
          assert.is_nil(compare(text, function() return { date = ref } end), ("%q"):format(text))
        end
      end
    end
  end)
end)
