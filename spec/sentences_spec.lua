-- Sentence splitting: terminal punctuation, quotes, abbreviations, initials, numbers,
-- ellipses, paragraph breaks, and the Huawei article.
local glean = require "glean"
local h = require "spec.helpers"

describe("sentences", function()
  local nlp = glean.new()
  local function sents(text)
    local out = {}
    for s in nlp:parse(text):sentences() do out[#out + 1] = s.text end
    return out
  end

  it("end at terminal punctuation", function()
    assert.are.same({ "One.", "Two!", "Three?", "Four" }, sents("One. Two! Three? Four"))
  end)

  it("take closing quotes and brackets after the terminal", function()
    assert.are.same({ "He said “stop.”", "Then left." }, sents("He said “stop.” Then left."))
    assert.are.same({ "(It was late.)", "We ate." }, sents("(It was late.) We ate."))
  end)

  it("continue after a quote that ends with a comma", function()
    local t = "“We are saying you need to be very cautious … like China,” the official said. Next one."
    assert.are.same({ "“We are saying you need to be very cautious … like China,” the official said.",
      "Next one." }, sents(t))
  end)

  it("continue after a quoted question followed by lower case", function()
    assert.are.same({ "“Why?” he asked.", "Fine." }, sents("“Why?” he asked. Fine."))
  end)

  it("do not break after titles, initials or mid-sentence abbreviations", function()
    assert.are.same({ "Mr. Smith met Dr. Jones and J. K. Rowling at the U.S. State Department." },
      sents("Mr. Smith met Dr. Jones and J. K. Rowling at the U.S. State Department."))
    assert.are.same({ "Huawei Technologies Co. says it is unfounded." },
      sents("Huawei Technologies Co. says it is unfounded."))
  end)

  it("break after an abbreviation when a sentence clearly starts", function()
    assert.are.same({ "He moved to the U.S.", "The rest is history." },
      sents("He moved to the U.S. The rest is history."))
  end)

  it("do not break inside numbers", function()
    assert.are.same({ "It rose 3.5% to No. 5 at 3:30 p.m. on Tuesday." },
      sents("It rose 3.5% to No. 5 at 3:30 p.m. on Tuesday."))
  end)

  it("treat ellipses by what follows", function()
    assert.are.same({ "Wait... what?" }, sents("Wait... what?"))
    assert.are.same({ "I see...", "Maybe not." }, sents("I see... Maybe not."))
  end)

  it("always break at a blank line", function()
    assert.are.same({ "A headline without a period", "The body." },
      sents("A headline without a period\n\nThe body."))
    assert.are.same({ "one line", "another" }, sents("one line\n  \n another"))
  end)

  it("do not break at a single line break", function()
    assert.are.same({ "a sentence wrapped\nover two lines." }, sents("a sentence wrapped\nover two lines."))
  end)

  it("end at letter and e-mail conventions without punctuation", function()
    assert.are.same({ "Kay Mann 04/26/2001 07:17 AM", "Will you call me?" },
      sents("Kay Mann 04/26/2001 07:17 AM Will you call me?"))
    assert.are.same({ "See you at 3:30 PM Tuesday." }, sents("See you at 3:30 PM Tuesday."))
    assert.are.same({ "Regards,", "Sean" }, sents("Regards, Sean"))
    assert.are.same({ "Great news :)", "The rest later." }, sents("Great news :) The rest later."))
    assert.are.same({ "see www.bbc.co.uk/news", "The site has more." },
      sents("see www.bbc.co.uk/news The site has more."))
  end)

  it("end after terminal punctuation followed by a dash, not by a comma", function()
    assert.are.same({ "Thank you.", "- Posted by Sean" }, sents("Thank you. - Posted by Sean"))
    assert.are.same({ "Yahoo!, Inc. and Google" }, sents("Yahoo!, Inc. and Google"))
  end)

  it("cover every token exactly once, in order", function()
    local doc = nlp:parse(h.read("examples/huawei-5g.txt"))
    local expect = 1
    for k, s in ipairs(doc.sents) do
      assert.are.equal(expect, s.first)
      for tok in s:tokens() do assert.are.equal(k, tok.sent) end
      expect = s.last + 1
    end
    assert.are.equal(#doc + 1, expect)
  end)

  it("split the Huawei article into its 15 sentences", function()
    local doc = nlp:parse(h.read("examples/huawei-5g.txt"))
    assert.are.equal(15, #doc.sents)
    assert.are.equal("The United States has embarked on a mission to convince European allies "
      .. "not to buy Huawei 5G mobile network equipment, a U.S. State Department official said on Tuesday.",
      doc.sents[4].text)
    assert.matches("^“We are saying .* the official said%.$", doc.sents[6].text)
    assert.matches("^Washington is using .*top priority%.”$", doc.sents[9].text)
  end)
end)
