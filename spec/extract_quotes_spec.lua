-- glean.extract.quotes and glean.extract.acronyms on the Huawei article and on short
-- sentences in the styles of other news sources.
local glean = require "glean"
local helpers = require "spec.helpers"

local nlp = glean.new()
local ARTICLE = helpers.read("examples/huawei-5g.txt")

local function texts(list, field)
  local out = {}
  for i, x in ipairs(list) do out[i] = type(x[field]) == "string" and x[field] or x[field].text end
  return out
end

describe("glean.extract.quotes", function()
  local doc = nlp:parse(ARTICLE, { date = "2019-02-05" })
  local quotes = glean.extract.quotes(doc)

  it("finds the article's three quotations", function()
    assert.equal(3, #quotes)
    assert.equal("We are saying you need to be very, very cautious and we are urging folks not to "
      .. "rush ahead and sign contracts with untrusted suppliers from countries like China,",
      quotes[1].text)
    assert.equal("multiple tracks", quotes[2].text)
    assert.equal("Europe is definitely where we see this as the top priority.", quotes[3].text)
    for _, q in ipairs(quotes) do
      assert.equal("“", q.open)
      assert.equal("”", q.close)
      assert.equal(doc.text:sub(q.span.start, q.span.stop), "“" .. q.text .. "”")
      assert.equal("QUOTE", q.span.label)
    end
  end)

  it("takes the speaker after a quote that ends with ,” (“…,” the official said)", function()
    local q = quotes[1]
    assert.equal("statement", q.kind)
    assert.equal("the official", q.speaker.text)
    assert.equal("said", q.cue)
    assert.equal("after", q.attribution)
  end)

  it("returns a scare-quoted phrase as kind 'phrase', with the sentence's speaker", function()
    local q = quotes[2]
    assert.equal("phrase", q.kind)
    assert.equal("the U.S. official", q.speaker.text)
    local statements = glean.extract.quotes(doc, { phrases = false })
    assert.equal(2, #statements)
  end)

  it("takes the speaker from the previous clause (… in Munich: “…”)", function()
    local q = quotes[3]
    assert.equal("the U.S. official", q.speaker.text)
    assert.equal("before", q.attribution)
  end)

  it("prefers an entity of doc.ents that ends the noun phrase", function()
    local d = nlp:parse("“We will decide,” the daily Handelsblatt said.")
    local a, b = d.text:find("Handelsblatt", 1, true)
    d:add_ents({ d:char_span(a, b, "ORG") })
    local q = glean.extract.quotes(d)[1]
    assert.equal("Handelsblatt", q.speaker.text)
    assert.equal("ORG", q.speaker.label)
  end)

  it("reads said X, X said:, according to X, titles and relative clauses", function()
    local cases = {
      { '"We are ready," said Chancellor Angela Merkel.', "Angela Merkel", "said" },
      { 'Chancellor Angela Merkel said: "We are ready."', "Angela Merkel", "said" },
      { '"Profits will rise", according to the paper.', "the paper", "according to" },
      { 'The minister told reporters: "It is simply wrong."', "The minister", "told" },
      { '"It is fine," said one of their lawyers, Michalis Dimitrakopoulos.', "Michalis Dimitrakopoulos", "said" },
      { 'Professor Chris Woodhead, who has said there is no need for such a "massive upheaval", left.',
        "Chris Woodhead", "said" },
      { 'A spokeswoman for the RAD said: "It is our responsibility."', "A spokeswoman for the RAD", "said" },
      { '"It will be a tragedy," the chief executive has also said.', "the chief executive", "said" },
    }
    for _, c in ipairs(cases) do
      local q = glean.extract.quotes(nlp:parse(c[1]))[1]
      assert.is_table(q, c[1])
      assert.equal(c[2], q.speaker and q.speaker.text, c[1])
      assert.equal(c[3], q.cue, c[1])
    end
  end)

  it("reads a name and its role in apposition, hyphenated names and McNames", function()
    local cases = {
      -- role, then the name between commas
      { 'The chairman of the committee, Sher Khan, said the war would be a "significant factor".',
        "Sher Khan" },
      -- the name, then its role between commas (before or after the quote)
      { 'Charles Saumarez Smith, the gallery\'s director, said he was "delighted".',
        "Charles Saumarez Smith" },
      { '"I don\'t think the threat is overplayed," Barry Beal, global security manager for '
        .. 'Capgemini, told the BBC.', "Barry Beal" },
      -- hyphens inside a name are no clause break, capitals inside a name are capitals
      { 'EC spokeswoman Marja Quillinan-Meiland conceded there were "grey areas".',
        "Marja Quillinan-Meiland" },
      { '"We need it," said chairman Chung Mong-koo.', "Chung Mong-koo" },
      { 'Mr McConnell said the rates were "lamentable" because of smoking.', "McConnell" },
    }
    for _, c in ipairs(cases) do
      local q = glean.extract.quotes(nlp:parse(c[1]))[1]
      assert.is_table(q, c[1])
      assert.equal(c[2], q.speaker and q.speaker.text, c[1])
    end
    -- a place after a role is no speaker: better none than `Oxfordshire`
    local q = glean.extract.quotes(nlp:parse('Mr Johnson, MP for Henley-on-Thames, Oxfordshire, '
      .. 'said he suspected Labour was "trying to curry favour".'))[1]
    assert.is_nil(q.speaker)
  end)

  it("gives a pronoun speaker with the name it refers to", function()
    local d = nlp:parse('"We have withdrawn the ban," said Isaiah Kiplagat. '
      .. '"It was the right thing," he added.')
    local qs = glean.extract.quotes(d)
    assert.equal(2, #qs)
    assert.equal("he", qs[2].speaker.text)
    assert.is_true(qs[2].pronoun)
    assert.equal("Isaiah Kiplagat", qs[2].resolved.text)
  end)

  it("links a definite description to its earlier, fuller mention", function()
    local d = nlp:parse("A senior EU official met the minister on Monday. The minister left. "
      .. '"We will not wait," the official said. "Nor will we," said the minister. '
      .. '"Fine," the spokesman said.')
    local qs = glean.extract.quotes(d)
    assert.equal(3, #qs)
    assert.equal("the official", qs[1].speaker.text)
    assert.equal("A senior EU official", qs[1].resolved.text)
    assert.equal("the minister", qs[2].speaker.text)
    assert.is_nil(qs[2].resolved)        -- only `the minister` before: nothing fuller
    assert.equal("the spokesman", qs[3].speaker.text)
    assert.is_nil(qs[3].resolved)        -- never mentioned before
    assert.is_nil(qs[1].pronoun)
    -- the same with more head words than are searched in the text (then an index)
    local heads = { "official", "minister", "spokesman", "lawyer", "analyst", "doctor",
      "teacher", "driver", "farmer", "banker", "pilot", "nurse", "judge", "singer", "coach",
      "trader", "broker", "critic", "author", "agent" }
    local parts = {}
    for i, h in ipairs(heads) do
      parts[#parts + 1] = ("A senior %s met us on day %d. \"We wait,\" the %s said."):format(h, i, h)
    end
    qs = glean.extract.quotes(nlp:parse(table.concat(parts, " ")))
    assert.equal(#heads, #qs)
    -- a head word that is also a word of the index's own (`searches`)
    local q = glean.extract.quotes(nlp:parse('A long search ended. "It is," the searches said.'))[1]
    assert.equal("the searches", q.speaker.text)
    for i, h in ipairs(heads) do
      assert.equal("the " .. h, qs[i].speaker.text)
      assert.equal("A senior " .. h, qs[i].resolved and qs[i].resolved.text, h)
    end
  end)

  it("pairs straight quotes, keeps nested ones and apostrophes inside", function()
    local d = nlp:parse([[He said "it's not cool to go to 'big' school," and the players' union agreed.]])
    local qs = glean.extract.quotes(d)
    assert.equal(1, #qs)
    assert.equal("it's not cool to go to 'big' school,", qs[1].text)
    assert.equal('"', qs[1].open)
  end)

  it("reads «…», „…“ and ‘…’", function()
    local d = nlp:parse("Il a dit «Bonjour à tous». Er sagte „Hallo“. She called it ‘a disaster’.")
    assert.same({ "Bonjour à tous", "Hallo", "a disaster" }, texts(glean.extract.quotes(d), "text"))
  end)

  it("continues a quote over paragraphs that open without closing (news style)", function()
    local text = '"We are saying you need to be cautious.\n\n'
      .. '"We are urging folks not to rush ahead," the official said.\n\nNext paragraph.'
    local qs = glean.extract.quotes(nlp:parse(text))
    assert.equal(1, #qs)
    assert.equal(2, qs[1].parts)
    assert.equal("We are saying you need to be cautious.\n\nWe are urging folks not to rush ahead,",
      qs[1].text)
    assert.equal("the official", qs[1].speaker.text)
    -- the same when the paragraphs were run into one line
    local run = nlp:parse('"I am ready," Chepkemei said. "I am prepared. "I will run."')
    local qr = glean.extract.quotes(run)
    assert.equal(2, #qr)
    assert.equal("I am prepared. I will run.", qr[2].text)
    assert.equal("Chepkemei", qr[2].speaker.text)
    assert.equal("previous", qr[2].attribution)
  end)

  it("gives a statement with no cue the speaker of the reported speech just before it", function()
    local text = '"It will cost passengers," Mr Clarke said.\n\nOn Wednesday, Jacques Barrot, '
      .. 'vice president of the European Commission, said that the changes were necessary. '
      .. '"The boom in air travel needs proper protection."'
    local qs = glean.extract.quotes(nlp:parse(text))
    assert.equal(2, #qs)
    assert.equal("Clarke", qs[1].speaker.text)
    assert.equal("Jacques Barrot", qs[2].speaker.text)   -- not the previous quote's
    assert.equal("reported", qs[2].attribution)
    -- a generic `they say` names nobody: the cue before it does
    text = "Steve Ash, from Activcard, told the BBC there are two steps. The hard one is to "
      .. 'know whether people are who they say they are.\n\n"The end solution is a code."'
    qs = glean.extract.quotes(nlp:parse(text))
    assert.equal("Steve Ash", qs[1].speaker.text)
    -- a noun phrase followed by a verb after `said` is what was said, not who said it
    qs = glean.extract.quotes(nlp:parse('Ms Trew, who runs a school, said many young dancers '
      .. 'were no longer willing to make "sacrifices" for it.'))
    assert.equal("Trew", qs[1].speaker and qs[1].speaker.text)
  end)

  it("drops a quote that never closes, and checks its options", function()
    assert.same({}, glean.extract.quotes(nlp:parse('He said "this never ends.\n\nNew paragraph.')))
    assert.same({}, glean.extract.quotes(nlp:parse("No quotation marks here.")))
    assert.has_error(function() glean.extract.quotes(doc, { phrase = false }) end)
  end)
end)

describe("glean.extract.acronyms", function()
  it("finds the cyber defense agency (BSI) in the article", function()
    local doc = nlp:parse(ARTICLE)
    local found = glean.extract.acronyms(doc)
    assert.equal(1, #found)
    assert.equal("BSI", found[1].short)
    assert.equal("cyber defense agency", found[1].long)
    assert.equal("long (SHORT)", found[1].form)
    assert.equal(doc.text:sub(found[1].long_span.start, found[1].long_span.stop), "cyber defense agency")
    assert.equal(doc.text:sub(found[1].short_span.start, found[1].short_span.stop), "BSI")
  end)

  it("labels the short form everywhere like the long form's entity", function()
    local doc = nlp:parse(ARTICLE .. "\nThe BSI said it had found no back doors.")
    local a, b = doc.text:find("cyber defense agency", 1, true)
    doc:add_ents({ doc:char_span(a, b, "ORG") })
    local found = glean.extract.acronyms(doc)
    assert.equal("ORG", found[1].label)
    local bsi = {}
    for _, e in ipairs(doc.ents) do
      if e.text == "BSI" then bsi[#bsi + 1] = e end
    end
    assert.equal(2, #bsi)
    for _, e in ipairs(bsi) do
      assert.equal("ORG", e.label)
      assert.equal("acronym", e.source)
    end
    -- many short forms at once (then one pass over the tokens instead of a search each)
    local names = { "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel",
      "India", "Juliett" }
    local parts = {}
    for _, n in ipairs(names) do
      parts[#parts + 1] = ("The %s Zeta Agency (%sZA) met. Later %sZA left."):format(n, n:sub(1, 1), n:sub(1, 1))
    end
    local many = nlp:parse(table.concat(parts, " "))
    local longs = {}
    for _, n in ipairs(names) do
      local a, b = many.text:find(n .. " Zeta Agency", 1, true)
      longs[#longs + 1] = many:char_span(a, b, "ORG")
    end
    many:add_ents(longs)
    assert.equal(#names, #glean.extract.acronyms(many))
    local labelled = 0
    for _, e in ipairs(many.ents) do
      if e.source == "acronym" then labelled = labelled + 1 end
    end
    assert.equal(2 * #names, labelled)   -- each short form, in brackets and later
    -- annotate = false leaves doc.ents alone
    local d2 = nlp:parse(ARTICLE)
    d2:add_ents({ d2:char_span(a, b, "ORG") })
    glean.extract.acronyms(d2, { annotate = false })
    assert.equal(1, #d2.ents)
  end)

  it("reads both orders, quoted short forms and digits", function()
    local cases = {
      { "a probe by the US Securities Exchange Commission (SEC), which", "SEC", "Securities Exchange Commission" },
      { 'the Bundesamt für Sicherheit in der Informationstechnik ("BSI") said', "BSI",
        "Bundesamt für Sicherheit in der Informationstechnik" },
      { "the 3rd Generation Partnership Project (3GPP) sets", "3GPP", "3rd Generation Partnership Project" },
      { "leaders of the Group of Seven (G7) met", "G7", "Group of Seven" },
      { "Arts Alliance Digital Cinema (AADC) will", "AADC", "Arts Alliance Digital Cinema" },
      { "The Food and Agriculture Organisation (FAO) recommends", "FAO", "Food and Agriculture Organisation" },
      { "talks at NATO (North Atlantic Treaty Organization) in", "NATO", "North Atlantic Treaty Organization" },
      -- short forms written as words (BBC style), by their capitalised initials
      { "said the Association of Leading Visitor Attractions (Alva), which", "Alva",
        "Association of Leading Visitor Attractions" },
      { "troops of the North Atlantic Treaty Organisation (Nato) left", "Nato",
        "North Atlantic Treaty Organisation" },
    }
    for _, c in ipairs(cases) do
      local found = glean.extract.acronyms(nlp:parse(c[1]))
      assert.equal(1, #found, c[1])
      assert.equal(c[2], found[1].short, c[1])
      assert.equal(c[3], found[1].long, c[1])
    end
  end)

  it("does not take a bracketed country or number for an acronym", function()
    assert.same({}, glean.extract.acronyms(nlp:parse("Doris Lessing (UK) and Philip Roth (US) were nominated.")))
    assert.same({}, glean.extract.acronyms(nlp:parse("Profits rose to $1.13bn (£600m) in 2004 (2003: 5%).")))
    -- a bracketed name is no short form written as a word, even when initials fit
    assert.same({}, glean.extract.acronyms(nlp:parse("the striker Kevin Phillips (Sunderland) and "
      .. "Paul Smith (Ps) scored; a new research associate (Nara) joined")))
    assert.same({}, glean.extract.acronyms(nlp:parse("Nato (North Atlantic Treaty Organisation) met")))
  end)
end)
