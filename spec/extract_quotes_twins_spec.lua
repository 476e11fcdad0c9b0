-- The quotes extractor's two versions: the Lua one (lua/glean/extract/quotes.lua,
-- quote_marks.lua and quote_speakers.lua, the reference an analyst reads) and its C twin
-- (csrc/glean_quote*.c, what glean.extract.quotes runs) must give the same quotes, with
-- every field and every span field alike and the same span tables shared, on real text,
-- on text made to reach every branch, with every option and on degenerate text. `make
-- eval` compares them on the whole BBC and CoNLL corpora as well
-- (bench/eval/quotes_twins_eval.lua).
local glean = require "glean"
local helpers = require "spec.helpers"
local twins = require "spec.quotes_twins"
local Q = require "glean.extract.quotes"
local E = require "glean.extract.entities"

local nlp = glean.new()
local article = helpers.read("examples/huawei-5g.txt")

-- The first difference between the two on text (nil when none), and the number of
-- quotes. prepare(doc), when given, runs on each doc first (entities, doc.ents).
local function compare(text, opts, prepare)
  local d1, d2 = nlp:parse(text), nlp:parse(text)
  if prepare then prepare(d1) prepare(d2) end
  local ok1, a = pcall(Q.extract, d1, opts)
  local ok2, b = pcall(Q.extract_lua, d2, opts)
  if not (ok1 and ok2) then
    if ok1 ~= ok2 then
      return ("C %s, Lua %s"):format(ok1 and "returns" or "raises " .. tostring(a),
        ok2 and "returns" or "raises " .. tostring(b)), 0
    end
    return nil, 0, true
  end
  return twins.first_difference(d1, a, d2, b), #a
end

-- Both, with and without phrases, with and without the entities run first.
local function agree(text)
  for _, opts in ipairs({ false, { phrases = false } }) do
    for _, prepare in ipairs({ false, E.extract }) do
      local diff, n = compare(text, opts or nil, prepare or nil)
      if diff then return diff, n end
    end
  end
  return nil, select(2, compare(text, nil, E.extract))
end

-- Sentences that reach the branches of quote_marks.lua and quote_speakers.lua.
local PIECES = {
  -- every style of mark, straight and typographic
  "“We are ready,” the official said.",
  '"We are ready," said Chancellor Angela Merkel.',
  "‘We are ready,’ said the minister.",
  "«Nous sommes prêts», a déclaré le ministre, said Le Monde.",
  "„Wir sind bereit“, sagte Merkel, the paper said.",
  "‚Wir sind bereit‘, said the daily Handelsblatt.",
  "‹Nous sommes prêts›, said the spokesman for the ministry.",
  -- straight marks: opening before a word, closing after one; apostrophes
  'He called it "madness" and left, the players\' union said.',
  "The players' union and the '90s bands' fans met; 'Tis the season, rock 'n' roll.",
  "'We will not go,' the coach told reporters.",
  "It's the fans' 'best day', the club's chairman said.",
  "He said \"no\"to me and \"yes\" to them.",
  "A lone ' mark, then 'quoted words here' and it's done,' he said.",
  "Marks \" alone \" and “ alone ” and ‘ alone ’ between spaces, he said.",
  "(\"Bracketed quote here,\" she said) and [\"another one\"] -\"dash quote\" /\"slash\"",
  "A dash before a mark: —“This counts,” he said, and –\"this too\".",
  -- nested quotes
  "“He told me ‘never again’ and left,” she said.",
  '"She called it \'madness\' today," he said.',
  "“Nested ‘single and never closed,” the man said.",
  -- cues before and after, according to, X said:
  'Chancellor Angela Merkel said: "We are ready."',
  '"Profits will rise", according to the paper.',
  'The minister told reporters: "It is simply wrong."',
  '"It is fine," said one of their lawyers, Michalis Dimitrakopoulos.',
  'Professor Chris Woodhead, who has said there is no need for such a "massive upheaval", left.',
  'A spokeswoman for the RAD said: "It is our responsibility."',
  '"It will be a tragedy," the chief executive has also said.',
  "Speaking in Munich on Tuesday: “Europe is where we see this as the top priority.”",
  -- pronouns, generic pronouns, definite descriptions, appositions
  "“We will win,” he said. “And we will win again,” she added.",
  "“Who they say they are,” they say, is the question.",
  "A U.S. State Department official said talks went well. “We are hopeful,” the official said.",
  "A senior official of the bank spoke. “It is done,” the U.S. official said.",
  "The chairman of the MCB's committee, Sher Khan, said: \"We are worried.\"",
  "Charles Saumarez Smith, the gallery's director, said: \"It is a great day.\"",
  '"It is fine," said its chairman, Sir Anthony Greener.',
  'Mr Johnson, MP for Henley-on-Thames, Oxfordshire, said: "No comment."',
  'Smith, 45, said: "I am innocent of all charges."',
  'X, who has taught ballet for 48 years, told the BBC: "Dance is life."',
  'The Qualifications and Curriculum Authority (QCA) has said: "Exams will change."',
  'The chairman of the Federal Network Agency (FNA), Jochen Homann, said: "No decision yet."',
  'Last year revealed "a big change in habits", officials said.',
  '"It is wrong," said many young dancers were told by coaches.',
  '"It is wrong," told the BBC nothing.',
  '"We agree," said Marja Quillinan-Meiland and Chung Mong-koo.',
  '"We agree," Smith and Jones of Acme said.',
  '"We agree," said the head of the agency on Tuesday.',
  '"We agree," said Smith, who runs the firm.',
  '"Good," reportedly said the new boss.',
  -- reported speech, the previous quote's speaker, phrases
  "Jacques Barrot said that the changes were necessary. “The boom in air travel is here.”",
  "“It was hard,” Chepkemei said. “I am tired now and want to rest.”",
  "Washington is using “multiple tracks”, the U.S. official said.",
  "The so-called “peace dividend” never came, and the “new deal” is “dead”.",
  "He said: “short one”. “Another statement follows here, in full.”",
  -- quotes over paragraphs, run together, unclosed
  "“The first paragraph of a long quote.\n\n“The second paragraph ends it,” he said.",
  '"As a result of this, we lost. "As a result of that, we won," the coach said.',
  "“Never closed in this paragraph.\n\nAnd the next one does not continue it.",
  "“Unclosed at the very end",
  '"The first part.\n\n"The second part.\n\n"The third part," said Ms Smith.',
  -- cues inside quotes, several quotes and cues, lines of a list
  "“They said it was fine and he told me so,” the lawyer said, adding: “We wait.”",
  '"One." "Two." "Three," said the counter, according to reports.',
  "according to",
  "said “",
  "“” \"\" ‘’ «» „“",
}

-- Pieces at the limits the Lua counts in tokens (phrases of at most six words, cues 12
-- tokens after a quote, 60 before and 40 after it, clauses of 16 tokens, noun phrases of
-- 10, brackets of 5, appositions of 6, determiners 6 back), on both sides of each.
local function filler(n, word) return (word or "word "):rep(n) end
for n = 3, 8 do
  PIECES[#PIECES + 1] = ("They want “%s” now, the official said."):format(filler(n):sub(1, -2))
  PIECES[#PIECES + 1] = ("The plan for '%s' failed, the minister said."):format(filler(n):sub(1, -2))
end
for _, n in ipairs({ 0, 1, 9, 10, 11, 12, 13, 36, 38, 39, 40, 41, 42, 56, 58, 59, 60, 61, 62 }) do
  PIECES[#PIECES + 1] = "“Quote text here,” " .. filler(n) .. "said the official."
  PIECES[#PIECES + 1] = "“Quote text here,” " .. filler(n, "big ") .. "the official said."
  PIECES[#PIECES + 1] = "The official said " .. filler(n) .. "“Quote text here.”"
  PIECES[#PIECES + 1] = "Smith said " .. filler(n, "and ") .. "that. “Quote text here.”"
end
for n = 0, 18 do
  PIECES[#PIECES + 1] = "The " .. filler(n, "big ") .. "official said: “Quote text here.”"
  PIECES[#PIECES + 1] = "“Quote,” said the " .. filler(n, "big ") .. "official."
  PIECES[#PIECES + 1] = "“Quote,” said its chief, Sir " .. filler(n, "Big ") .. "Greener."
  PIECES[#PIECES + 1] = "The Authority (" .. filler(n, "A ") .. ") said: “Quote text here.”"
  PIECES[#PIECES + 1] = "A " .. filler(n, "big ") .. "official spoke. “Quote,” the big official said."
  PIECES[#PIECES + 1] = "Jones, " .. filler(n, "who ran ") .. ", said: “Quote text here.”"
  PIECES[#PIECES + 1] = "Smith said: “Quote,” the " .. filler(n, "big ") .. "official said."
end

describe("the quotes extractor's C twin and Lua reference", function()
  it("agree on the bundled article", function()
    local diff, n = agree(article)
    assert.is_nil(diff)
    assert.equal(3, n)
  end)

  it("agree on every line of the article and on every piece alone", function()
    for line in article:gmatch("[^\n]+") do assert.is_nil(agree(line), line) end
    local total = 0
    for _, p in ipairs(PIECES) do
      local diff, n = agree(p)
      assert.is_nil(diff, p)
      total = total + n
    end
    assert.is_true(total > 60, "quotes in the pieces: " .. total)
  end)

  it("agree on 400 documents made of the pieces and the article's lines, with every kind of line break", function()
    local lines = helpers.lines_and(article, PIECES)
    local MARKS = { '"', "'", "“", "”", "‘", "’", "«", "»", "„", "‚" }
    local function change(line)
      local r = math.random(12)
      if r == 1 then return line:upper() elseif r == 2 then return line:lower()
      elseif r == 3 then return MARKS[math.random(#MARKS)] .. line  -- a stray mark
      elseif r == 4 then return line .. MARKS[math.random(#MARKS)] end
      return line
    end
    math.randomseed(20261207)
    local total, speakers = 0, 0
    for k = 1, helpers.scale(400, 60) do
      local text = helpers.mixed_text(lines, 14, change)
      local diff, n = agree(text)
      assert.is_nil(diff, ("document %d: %s\n%s"):format(k, tostring(diff), text))
      total = total + n
      local d = nlp:parse(text)
      E.extract(d)
      for _, q in ipairs(Q.extract(d)) do if q.speaker then speakers = speakers + 1 end end
    end
    assert.is_true(total > helpers.scale(1000, 100), "quotes found: " .. total)
    assert.is_true(speakers > helpers.scale(500, 50), "speakers found: " .. speakers)
  end)

  it("reach every attribution, both kinds, pronouns and resolved descriptions", function()
    local seen = {}
    for _, p in ipairs(PIECES) do
      local d = nlp:parse(p)
      E.extract(d)
      for _, q in ipairs(Q.extract(d)) do
        seen[q.kind] = true
        if q.attribution then seen[q.attribution] = true end
        if q.pronoun then seen.pronoun = true end
        if q.resolved then seen.resolved = true end
        if q.parts > 1 then seen.parts = true end
        if q.cue == "according to" then seen.according = true end
        for _, e in ipairs(d.ents) do if rawequal(e, q.speaker) then seen.entity = true end end
      end
    end
    for _, k in ipairs({ "statement", "phrase", "after", "before", "reported", "previous",
        "pronoun", "resolved", "parts", "according", "entity" }) do
      assert.is_true(seen[k], k)
    end
  end)

  it("agree with the user's entities in doc.ents, speakers or not", function()
    local function with_ents(doc)
      local spans = {}
      for _, w in ipairs({ "Merkel", "Handelsblatt", "He", "he", "official", "Smith" }) do
        local a, b = doc.text:find(w, 1, true)
        local s = a and doc:char_span(a, b, w == "official" and "ROLE" or "PERSON")
        if s then spans[#spans + 1] = s end
      end
      doc:add_ents(spans)
    end
    for _, p in ipairs(PIECES) do assert.is_nil(compare(p, nil, with_ents), p) end
    assert.is_nil(compare(article, nil, with_ents))
  end)

  it("agree on degenerate text", function()
    local texts = { "", " ", "\n\n\n", '"', "'", "“", "”", '""', "“”", '"a"', "'a'",
      ('"'):rep(1000), ("“"):rep(500), ("'"):rep(300), ('" '):rep(300), ("“a” "):rep(400),
      "NUL\0“Byte\0quote,” he\0said.", "\0\"\0", ('"x," he said. '):rep(2000),
      ("“The official,” the official said. "):rep(1500), ("a "):rep(5000) .. '"b"',
      "\226\128\148\"dash at the start\"", "\148\"x\" he said \226", "said said said \"x\"",
      "according to according to \"x\"", ("“a\n\n"):rep(200), ('"' .. ("word "):rep(3000) .. '" he said') }
    for _, text in ipairs(texts) do
      local ok = utf8.len(text)
      if ok then assert.is_nil(agree(text), ("%q"):format(text:sub(1, 80))) end
    end
    -- a huge one: thousands of quotes, speakers and descriptions in one document
    local unit = "A spokesman for the firm spoke. “We are ready,” the spokesman said. "
      .. "“And so are they,” he added. 'Tis \"the season\"; Smith, 45, said: \"Go.\"\n\n"
    assert.is_nil(agree(unit:rep(helpers.scale(3000, 300))))
  end)

  it("agree on invalid UTF-8 read with invalid = \"replace\"", function()
    local lax = glean.new({ invalid = "replace" })
    for _, t in ipairs({ "\"It is fine,\" said the bad\255ly official.", "\"It is fine,\" he bad\255ly said.",
        "\"It is fine,\" said X\255Y Smith.", "\"It\255 is,\" Bad\255Man said.",
        "\255\"x y\" said A\255.", "“\255”\255 “a\255b,” the\255 official\255 said\255." }) do
      local d1, d2 = lax:parse(t), lax:parse(t)
      assert.is_nil(twins.first_difference(d1, Q.extract(d1), d2, Q.extract_lua(d2)), ("%q"):format(t))
    end
  end)

  it("find no subject for a cue with `, who` before it at the text's start", function()
    -- subject_np once read before the first token there and raised (2026-12-06)
    for _, t in ipairs({ ', who said "It is fine and good."', 'X, who said "It is fine."',
        '"It is fine," who said.' }) do
      for _, f in ipairs({ Q.extract, Q.extract_lua }) do
        local quotes = f(nlp:parse(t))
        assert.equal(1, #quotes, t)
      end
      assert.is_nil(compare(t), t)
    end
  end)

  it("check their options alike", function()
    local other = glean.new({ split_hyphens = false })
    for _, opts in ipairs({ { phrases = 1 }, { speakers = true }, "x", { nlp = "x" },
        { nlp = other }, { nlp = nlp }, { phrases = true, nlp = nlp } }) do
      local d = nlp:parse('"We are ready," she said.')
      local ok1, e1 = pcall(Q.extract, d, opts)
      local ok2, e2 = pcall(Q.extract_lua, d, opts)
      assert.equal(ok2, ok1, tostring(e1) .. " / " .. tostring(e2))
      -- the same message (the Lua's names its own line)
      if not ok1 and (type(opts) ~= "table" or opts.nlp == other or opts.phrases == 1) then
        local function bare(e) return (tostring(e):gsub("^[^:]*:%d+: ", "")) end
        assert.equal(bare(e2), bare(e1))
      end
    end
    -- a doc of an nlp with other settings and no quotation mark: both return nothing
    local d = nlp:parse("No marks here, he said.")
    assert.same({}, Q.extract(d, { nlp = other }))
    assert.same({}, Q.extract_lua(d, { nlp = other }))
  end)
end)
