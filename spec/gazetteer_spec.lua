-- Gazetteers (API.md "Gazetteers"): phrase lists matched over tokens, built in memory or
-- loaded from TSV, saved to a compiled file and mapped back read-only. Real text, real
-- phrases; every expectation is a token range, a label and where the match came from.
local glean = require "glean"
local h = require "spec.helpers"

local article = h.read("examples/huawei-5g.txt")

-- "first-last text LABEL" for each match, in order.
local function found(gaz, doc, opts)
  local out = {}
  for _, s in ipairs(gaz:match(doc, opts)) do
    out[#out + 1] = ("%d-%d %s %s"):format(s.first, s.last, s.text, s.label)
  end
  return out
end

-- The matched texts only.
local function texts(gaz, doc, opts)
  local out = {}
  for _, s in ipairs(gaz:match(doc, opts)) do out[#out + 1] = s.text end
  return out
end

-- A temporary file with these bytes; the caller removes it.
local function tmpfile(bytes)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(bytes)
  f:close()
  return path
end

describe("a gazetteer's key", function()
  local nlp = glean.new()
  local doc = nlp:parse("zurich, Zurich, zürich, Zürich and ZÜRICH")

  it("norm (the default) folds case and accents: Zürich matches zurich", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Zürich", "GPE")
    assert.are.same({ "zurich", "Zurich", "zürich", "Zürich", "ZÜRICH" }, texts(gaz, doc))
    local plain = glean.gazetteer { nlp = nlp }
    plain:add("zurich", "GPE")
    assert.are.same({ "zurich", "Zurich", "zürich", "Zürich", "ZÜRICH" }, texts(plain, doc))
  end)

  it("lower folds case but keeps accents", function()
    local gaz = glean.gazetteer { nlp = nlp, key = "lower" }
    gaz:add("Zürich", "GPE")
    assert.are.same({ "zürich", "Zürich", "ZÜRICH" }, texts(gaz, doc))
    local plain = glean.gazetteer { nlp = nlp, key = "lower" }
    plain:add("ZURICH", "GPE")
    assert.are.same({ "zurich", "Zurich" }, texts(plain, doc))
  end)

  it("text matches the text only", function()
    local gaz = glean.gazetteer { nlp = nlp, key = "text" }
    gaz:add("Zürich", "GPE")
    assert.are.same({ "Zürich" }, texts(gaz, doc))
  end)

  it("survives save and open (the file remembers its key)", function()
    local gaz = glean.gazetteer { nlp = nlp, key = "lower" }
    gaz:add("Zürich", "GPE")
    local path = os.tmpname()
    assert.is_true(gaz:save(path))
    local opened = assert(glean.gazetteer.open(path, { nlp = nlp }))
    os.remove(path)
    assert.are.same({ "zürich", "Zürich", "ZÜRICH" }, texts(opened, doc))
  end)

  it("must be norm, lower or text", function()
    assert.has_error(function() glean.gazetteer { key = "NORM" } end,
      'glean.gazetteer: option \'key\' must be one of "lower", "norm", "text" (got NORM)')
  end)
end)

describe("gazetteer matching on the Huawei article", function()
  local nlp = glean.new()
  local doc = nlp:parse(article)

  it("folds punctuation under norm: Huawei’s and Huawei's match each other", function()
    local curly = glean.gazetteer { nlp = nlp }
    curly:add("Huawei’s", "ORG")
    local straight = glean.gazetteer { nlp = nlp }
    straight:add("Huawei's", "ORG")
    local d = nlp:parse("Huawei's gear and Huawei’s gear")
    assert.are.same({ "1-2 Huawei's ORG", "5-6 Huawei’s ORG" }, found(curly, d))
    assert.are.same({ "1-2 Huawei's ORG", "5-6 Huawei’s ORG" }, found(straight, d))
    -- the article spells it with ’ (tokens 8 and 9 of the title)
    assert.are.same({ "8-9 Huawei’s ORG" }, found(straight, doc))
    -- key "text" does not fold
    local text = glean.gazetteer { nlp = nlp, key = "text" }
    text:add("Huawei's", "ORG")
    assert.are.same({ "1-2 Huawei's ORG" }, found(text, d))
  end)

  it("matches exact entries only where the text is the same, token by token", function()
    local gaz = glean.gazetteer { nlp = nlp }
    assert.is_true(gaz:add("BSI", "ORG", nil, { exact = true }))
    assert.is_true(gaz:add("US", "GPE", nil, { exact = true }))
    local d = nlp:parse("Tell us what the US and the BSI think, not the bsi or Bsi or Us.")
    assert.are.same({ "5-5 US GPE", "8-8 BSI ORG" }, found(gaz, d))
    -- the article: "US campaigns ..." in the title and "(BSI)"; its four "U.S." are
    -- other texts, and it has no lowercase "us"
    local got = found(gaz, doc)
    assert.are.equal(2, #got)
    assert.are.equal("5-5 US GPE", got[1])
    assert.are.same({}, gaz:warnings())
    local bsi = {}
    for _, s in ipairs(gaz:match(doc, { labels = { "ORG" } })) do
      bsi[#bsi + 1] = s.text
      assert.are.equal("(", doc[s.first - 1].text)
    end
    assert.are.same({ "BSI" }, bsi)
  end)

  it("keeps an exact and a folded entry of one phrase apart", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("US", "GPE", nil, { exact = true })
    gaz:add("us", "PRON")
    assert.are.equal(2, #gaz)
    local d = nlp:parse("the US told us")
    -- the exact entry was added first, so it wins where it applies
    assert.are.same({ "2-2 US GPE", "4-4 us PRON" }, found(gaz, d))
    assert.are.same({ "2-2 US GPE", "2-2 US PRON", "4-4 us PRON" }, found(gaz, d, { all = true }))
  end)

  it("takes the leftmost-longest of overlapping entries; all=true gives them all", function()
    local gaz = glean.gazetteer { nlp = nlp, name = "telcos" }
    gaz:add("Telekom", "BRAND")
    gaz:add("Deutsche Telekom", "ORG")
    gaz:add("Deutsche", "NORP")
    local got = gaz:match(doc)
    assert.are.equal(1, #got)
    assert.are.equal("Deutsche Telekom", got[1].text)
    assert.are.equal("ORG", got[1].label)
    assert.are.equal("telcos", got[1].source)
    local all = found(gaz, doc, { all = true })
    local f = got[1].first
    assert.are.same({
      ("%d-%d Deutsche NORP"):format(f, f),
      ("%d-%d Deutsche Telekom ORG"):format(f, f + 1),
      ("%d-%d Telekom BRAND"):format(f + 1, f + 1),
    }, all)
  end)

  it("filters by label, before choosing the longest", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Telekom", "BRAND")
    gaz:add("Deutsche Telekom", "ORG")
    assert.are.same({ "Telekom" }, texts(gaz, doc, { labels = { "BRAND" } }))
    assert.are.same({ "Deutsche Telekom" }, texts(gaz, doc, { labels = { "ORG", "NOPE" } }))
    assert.are.same({}, gaz:match(doc, { labels = { "NOPE" } }))
    assert.are.same({}, gaz:match(doc, { labels = {} }))
    assert.has_error(function() gaz:match(doc, { labels = { {} } }) end,
      "labels[1] is not a string")
  end)

  it("finds phrases on token boundaries only", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Hua", "X")
    gaz:add("5G", "TECH")
    gaz:add("State Department", "ORG")
    local got = texts(gaz, doc)
    assert.is_true(#got > 0)
    for _, t in ipairs(got) do assert.is_true(t == "5G" or t == "State Department", t) end
    assert.are.equal(1, #texts(gaz, doc, { labels = { "ORG" } }))
  end)


  it("starts matches only at capitalised tokens when asked (the recognizers' raw find)", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("The Netherlands", "GPE")
    gaz:add("Netherlands", "GPE")
    gaz:add("Germany", "GPE")
    local d = nlp:parse("Operators from the Netherlands and germany met in Germany. "
      .. "The Netherlands said no.")
    local function spans(flat)
      local out = {}
      for k = 1, #flat, 3 do out[#out + 1] = d:span(flat[k], flat[k + 1]).text end
      return table.concat(out, "|")
    end
    -- all starts: `the Netherlands` is the longest at `the`, and `germany` matches
    assert.equal("the Netherlands|germany|Germany|The Netherlands", spans(gaz:_find(d, false)))
    -- capitalised: nothing starts at `the`, so `Netherlands` is found there; not `germany`
    assert.equal("Netherlands|Germany|The Netherlands", spans(gaz:_find(d, false, nil, true)))
    assert.equal("Netherlands|Germany|The Netherlands|Netherlands",
      spans(gaz:_find(d, true, nil, true)))
  end)
  it("annotates doc.ents without overlaps and without replacing what is there", function()
    local d = nlp:parse(article)
    local gaz = glean.gazetteer { nlp = nlp, name = "news" }
    gaz:add("Deutsche Telekom", "ORG")
    gaz:add("Telekom", "ORG")
    gaz:add("Huawei", "ORG", "Q160120")
    gaz:add("Germany", "GPE")
    gaz:add("European Commission", "ORG")
    gaz:add("Commission", "ORG")
    local europe = d:char_span(article:find("European Commission", 1, true))
    assert.are.equal(1, d:add_ents({ d:span(europe.first, europe.first, "NORP") }))
    local n = gaz:annotate(d)
    assert.is_true(n >= 10)
    assert.are.equal(n + 1, #d.ents)
    for k = 2, #d.ents do
      assert.is_true(d.ents[k - 1].last < d.ents[k].first, "sorted, no overlaps")
    end
    local counts = {}
    for _, e in ipairs(d.ents) do counts[e.text] = (counts[e.text] or 0) + 1 end
    assert.are.equal(1, counts["Deutsche Telekom"])
    assert.is_nil(counts["Telekom"])
    assert.is_nil(counts["European Commission"])   -- the NORP entity was there first
    assert.are.equal(1, counts["European"])
    -- leftmost-longest is decided among the gazetteer's own matches: "European
    -- Commission" clashes with the entity already there and is dropped, not replaced
    -- by the shorter "Commission" inside it
    assert.is_nil(counts["Commission"])
    for _, e in ipairs(d.ents) do
      if e.text == "Huawei" then
        assert.are.equal("Q160120", e.id)
        assert.are.equal("news", e.source)
      end
    end
    assert.are.equal(0, gaz:annotate(d))            -- all taken
    assert.are.equal(n + 1, #d.ents)
  end)
end)

describe("gazetteer edge cases", function()
  local nlp = glean.new()

  it("ignores phrases longer than the document, and empty documents", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("a mission to convince European allies", "X")
    assert.are.same({}, gaz:match(nlp:parse("a mission to convince")))
    assert.are.same({}, gaz:match(nlp:parse("")))
    assert.are.same({ "a mission to convince European allies" },
      texts(gaz, nlp:parse("on a mission to convince European allies")))
  end)

  it("skips empty and blank phrases with a warning", function()
    local gaz = glean.gazetteer { nlp = nlp }
    assert.is_false(gaz:add("", "X"))
    assert.is_false(gaz:add(" \t\n", "X"))
    assert.is_false(gaz:add("\u{200B}", "X"))    -- zero-width space: no token at all
    assert.are.equal(0, #gaz)
    assert.are.same({
      'entry 1 "": empty phrase, skipped',
      'entry 2 " \t\n": empty phrase, skipped',
      'entry 3 "\u{200B}": empty phrase, skipped',
    }, gaz:warnings())
  end)

  it("matches phrases of punctuation against punctuation tokens (folded under norm)", function()
    -- A phrase of punctuation is a phrase like any other: its tokens are punctuation
    -- tokens, and norm folds them as it folds the document's (… = ..., “ = ").
    local gaz = glean.gazetteer { nlp = nlp }
    assert.is_true(gaz:add("...", "ELLIPSIS"))
    assert.is_true(gaz:add("?!", "INTERROBANG"))
    assert.is_true(gaz:add('"', "QUOTE"))
    local d = nlp:parse("Wait… what?! He said “no” ... really")
    assert.are.same({ "2-2 … ELLIPSIS", "4-4 ?! INTERROBANG", "7-7 “ QUOTE", "9-9 ” QUOTE",
      "10-10 ... ELLIPSIS" }, found(gaz, d))
    assert.are.same({}, gaz:warnings())
  end)

  it("refuses phrases of more than 64 tokens with a warning", function()
    local gaz = glean.gazetteer { nlp = nlp }
    assert.is_true(gaz:add(string.rep("la ", 64), "SONG"))
    assert.is_false(gaz:add(string.rep("la ", 65), "SONG"))
    assert.are.equal(1, #gaz:warnings())
    assert.matches('^entry 2 "la la .*": more than 64 tokens, skipped$', gaz:warnings()[1])
    local got = gaz:match(nlp:parse(string.rep("la ", 130)))
    assert.are.equal(2, #got)
    assert.are.equal(64, #got[1])
    assert.are.equal(65, got[2].first)
  end)

  it("reports duplicates once and keeps the first, even with other entries between", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Huawei", "ORG", "Q1")
    gaz:add("HUAWEI", "ORG", "Q1")       -- the same under norm
    gaz:add("Huawei", "ORG", "Q2")       -- another id: not a duplicate
    gaz:add("Huawei", "COMPANY")
    gaz:add("Huawei", "ORG", "Q1")       -- a duplicate of the first, two entries later
    gaz:add("Huawei", "COMPANY")
    assert.are.equal(3, #gaz)
    assert.are.same({
      'entry 2 "HUAWEI": duplicate of entry 1, skipped',
      'entry 5 "Huawei": duplicate of entry 1, skipped',
      'entry 6 "Huawei": duplicate of entry 4, skipped',
    }, (function() local w = gaz:warnings(); table.sort(w); return w end)())
    assert.are.equal(3, #gaz:warnings())    -- compiling again does not repeat them
    local d = nlp:parse("Huawei")
    local labels = {}
    for _, s in ipairs(gaz:match(d, { all = true })) do
      labels[#labels + 1] = s.label .. "/" .. tostring(s.id)
    end
    assert.are.same({ "ORG/Q1", "ORG/Q2", "COMPANY/nil" }, labels)
    -- under key "text" case differs, so HUAWEI is an entry of its own
    local text = glean.gazetteer { nlp = nlp, key = "text" }
    text:add("Huawei", "ORG", "Q1")
    text:add("HUAWEI", "ORG", "Q1")
    assert.are.equal(2, #text)
    assert.are.same({}, text:warnings())
  end)

  it("keeps several labels of one phrase; the default match is the first added", function()
    for _, order in ipairs { { "ORG", "COMPANY", "ACME" }, { "ACME", "ORG", "COMPANY" } } do
      local gaz = glean.gazetteer { nlp = nlp }
      for i, label in ipairs(order) do gaz:add("Huawei Technologies", label, "id" .. (4 - i)) end
      local d = nlp:parse("Huawei Technologies Co. says")
      assert.are.same({ "1-2 Huawei Technologies " .. order[1] }, found(gaz, d))
      assert.are.same({ "1-2 Huawei Technologies " .. order[1],
        "1-2 Huawei Technologies " .. order[2], "1-2 Huawei Technologies " .. order[3] },
        found(gaz, d, { all = true }))
      -- a label filter picks the first added among the labels asked for
      assert.are.same({ "1-2 Huawei Technologies " .. order[3] },
        found(gaz, d, { labels = { order[3] } }))
      assert.are.same({}, gaz:warnings())
    end
  end)

  it("warns about entries that can never match", function()
    local gaz = glean.gazetteer { nlp = nlp }
    -- a lone combining acute accent is a token whose norm (marks stripped) is empty
    assert.is_false(gaz:add("\u{301}", "X"))
    assert.is_false(gaz:add("caf \u{301}", "X"))
    -- a NUL byte is a token of its own, but keys are C strings: it can never match
    assert.is_false(gaz:add("a\0b", "X"))
    -- a control character is a token and matches itself: not a warning
    assert.is_true(gaz:add("\1", "CTRL"))
    -- an accent on a letter is folded, not lost
    assert.is_true(gaz:add("e\u{301}", "LETTER"))
    assert.are.same({
      'entry 1 "\u{301}": a token normalizes to nothing and can never match, skipped',
      'entry 2 "caf \u{301}": a token normalizes to nothing and can never match, skipped',
      -- (a warning is a C string: it shows the phrase up to the NUL)
      'entry 3 "a": a token contains a NUL byte and can never match, skipped',
    }, gaz:warnings())
    assert.are.same({ "2-2 \1 CTRL", "4-4 é LETTER" }, found(gaz, nlp:parse("a \1 b é")))
    -- under key "lower" the lone accent is kept, so it can match
    local lower = glean.gazetteer { nlp = nlp, key = "lower" }
    assert.is_true(lower:add("\u{301}", "X"))
    assert.are.same({}, lower:warnings())
  end)
end)

describe("gazetteer provenance", function()
  local nlp = glean.new()
  local doc = nlp:parse(article)

  it("gives each span its source and entry number; gaz:entry(n) tells the rest", function()
    local gaz = glean.gazetteer { nlp = nlp, name = "telecoms" }
    gaz:add("Huawei", "ORG", "Q160120")
    gaz:add("BSI", "ORG", nil, { exact = true })
    gaz:add("5G", "TECH")
    local spans = gaz:match(doc)
    assert.is_true(#spans >= 10)
    local seen = {}
    for _, s in ipairs(spans) do
      assert.are.equal("telecoms", s.source)
      local e = gaz:entry(s.entry)
      assert.are.equal(s.label, e.label)
      assert.are.equal(s.id, e.id)
      assert.are.equal("telecoms", e.source)
      seen[e.phrase] = e
    end
    assert.are.same({ phrase = "Huawei", label = "ORG", id = "Q160120", source = "telecoms",
      exact = false }, seen.Huawei)
    assert.are.same({ phrase = "BSI", label = "ORG", source = "telecoms", exact = true },
      seen.BSI)
    assert.are.same({ phrase = "5G", label = "TECH", source = "telecoms", exact = false },
      seen["5G"])
    assert.has_error(function() gaz:entry(0) end)
    assert.has_error(function() gaz:entry(#gaz + 1) end)
  end)

  it("names the default source 'gazetteer', and keeps sources through save and open", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Huawei", "ORG")
    local list = tmpfile("Germany\tGPE\nBrussels\tGPE\tQ239\n")
    assert.are.equal(2, gaz:load_tsv(list))
    os.remove(list)
    local path = os.tmpname()
    assert.is_true(gaz:save(path))
    local opened = assert(glean.gazetteer.open(path, { nlp = nlp, name = "renamed" }))
    os.remove(path)
    assert.matches("^glean.Gazetteer 'renamed' %(compiled file, read%-only%)$", tostring(opened))
    local a, b = gaz:match(doc), opened:match(doc)
    assert.are.equal(#a, #b)
    for k = 1, #a do
      assert.are.equal("gazetteer", a[k].source)
      assert.are.equal(a[k].source, b[k].source)
      assert.are.equal(a[k].entry, b[k].entry)
      assert.are.same(gaz:entry(a[k].entry), opened:entry(b[k].entry))
    end
    local brussels
    for _, s in ipairs(b) do if s.text == "Brussels" then brussels = s end end
    assert.are.equal("Q239", brussels.id)
  end)
end)

describe("gaz:load_tsv", function()
  local nlp = glean.new()
  local NO_LABEL = "no label (expected phrase<TAB>label[<TAB>id], or give a default label)"

  it("reads phrase<TAB>label[<TAB>id], skipping comments and blank lines", function()
    local path = tmpfile(table.concat({
      "# telecoms, 2019",
      "",
      "Huawei\tORG\tQ160120",
      "   # not a comment: a phrase that starts with blanks",
      "Deutsche Telekom\tORG",
      "C# developers\tJOB",
      "",
    }, "\n"))
    local gaz = glean.gazetteer { nlp = nlp }
    local n, err = gaz:load_tsv(path)
    assert.is_nil(n)
    assert.are.equal(path .. ":4: " .. NO_LABEL, err)
    local ok = tmpfile("# telecoms\n\nHuawei\tORG\tQ160120\n#MeToo\tTAG\nDeutsche Telekom\tORG\n"
      .. "C# developers\tJOB\n")
    gaz = glean.gazetteer { nlp = nlp }
    assert.are.equal(3, gaz:load_tsv(ok))   -- "#MeToo" starts with '#': a comment
    local d = nlp:parse("Huawei and Deutsche Telekom hire C# developers #MeToo")
    assert.are.same({ "1-1 Huawei ORG", "3-4 Deutsche Telekom ORG", "6-8 C# developers JOB" },
      found(gaz, d))
    assert.are.equal("Q160120", gaz:match(d)[1].id)
    os.remove(path)
    os.remove(ok)
  end)

  it("accepts CRLF line ends and a byte-order mark", function()
    local path = tmpfile("\239\187\191Huawei\tORG\r\nGermany\tGPE\tQ183\r\n\r\nBrussels\tGPE\r\n")
    local gaz = glean.gazetteer { nlp = nlp }
    assert.are.equal(3, gaz:load_tsv(path))
    os.remove(path)
    local spans = gaz:match(nlp:parse("Huawei, Germany, Brussels"))
    assert.are.equal(3, #spans)
    assert.are.equal("ORG", spans[1].label)       -- not "ORG\r", and the BOM is not in "Huawei"
    assert.are.equal("Q183", spans[2].id)
    assert.are.equal("GPE", spans[3].label)
    assert.are.equal("Huawei", gaz:entry(spans[1].entry).phrase)
  end)

  it("uses a default label for lines without one", function()
    local path = tmpfile("Berlin\nMunich\tCITY\nBarcelona\t\tQ1492\n")
    local gaz = glean.gazetteer { nlp = nlp }
    local n, err = gaz:load_tsv(path, { label = "GPE" })
    assert.is_nil(n)         -- an empty label field is an error, not the default
    assert.are.equal(path .. ":3: " .. NO_LABEL, err)
    local good = tmpfile("Berlin\nMunich\tCITY\n")
    gaz = glean.gazetteer { nlp = nlp }
    assert.are.equal(2, gaz:load_tsv(good, { label = "GPE" }))
    assert.are.same({ "1-1 Berlin GPE", "3-3 Munich CITY" },
      found(gaz, nlp:parse("Berlin and Munich")))
    os.remove(path)
    os.remove(good)
  end)

  it("gives path:line: why for a bad line, and keeps the lines before it", function()
    local function load(bytes, opts)
      local path = tmpfile(bytes)
      local gaz = glean.gazetteer { nlp = nlp }
      local n, err = gaz:load_tsv(path, opts)
      os.remove(path)
      return n, err and err:gsub("^" .. path:gsub("%p", "%%%0"), "PATH"), gaz
    end
    local n, err, gaz = load("Huawei\tORG\n# ok\nGermany\n")
    assert.is_nil(n)
    assert.are.equal("PATH:3: " .. NO_LABEL, err)
    assert.are.equal(1, #gaz)         -- line 1 stays: the caller decides
    n, err = load("Huawei\tORG\nZ\xFCrich\tGPE\n")
    assert.is_nil(n)
    assert.are.equal("PATH:2: invalid UTF-8 at column 2", err)
    n, err = load("Huawei\tORG\nab\0c\tGPE\n")
    assert.is_nil(n)
    assert.are.equal("PATH:2: NUL byte at column 3", err)
    n, err = load("Huawei\tORG\tQ1\textra\n")
    assert.is_nil(n)
    assert.are.equal("PATH:1: more than 3 fields (expected phrase<TAB>label[<TAB>id])", err)
    n, err = load("\xEF\xBB\xBF\xEF\xBB\xBFHuawei\tORG\n")      -- only one BOM is skipped
    assert.are.equal(1, n)
    -- an empty phrase is skipped with a warning, like add("")
    n, err, gaz = load("\tORG\nHuawei\tORG\n")
    assert.are.equal(1, n)
    assert.are.same({ 'entry 1 "": empty phrase, skipped' }, gaz:warnings())
    -- an empty file loads nothing
    n, err, gaz = load("")
    assert.are.equal(0, n)
    assert.are.equal(0, #gaz)
  end)

  it("says so for a missing file or a directory", function()
    local gaz = glean.gazetteer { nlp = nlp }
    local n, err = gaz:load_tsv("/nonexistent/list.tsv")
    assert.is_nil(n)
    assert.are.equal("/nonexistent/list.tsv: No such file or directory", err)
    n, err = gaz:load_tsv("/tmp")
    assert.is_nil(n)
    assert.matches("^/tmp: ", err)
  end)

  local mb = h.scale(10, 1)   -- GLEAN_HEAVY=0 (valgrind, GC stress): 1 MB
  local long_line = ("handles a %d MB line: one huge token is an entry, too many tokens a warning")
    :format(mb)
  it(long_line, function()
    local word = string.rep("a", mb * 1024 * 1024)
    local path = tmpfile(word .. "\tLONG\n" .. string.rep("ab ", mb * 350000) .. "\tLONG\n"
      .. "Huawei\tORG\n")
    local gaz = glean.gazetteer { nlp = nlp }
    assert.are.equal(2, gaz:load_tsv(path))
    os.remove(path)
    assert.are.equal(1, #gaz:warnings())
    assert.matches('^entry 2 "ab ab .*": more than 64 tokens, skipped$', gaz:warnings()[1])
    local spans = gaz:match(nlp:parse("x " .. word .. " Huawei"))
    assert.are.equal(2, #spans)
    assert.are.equal(#word, #spans[1].text)
    assert.are.equal("ORG", spans[2].label)
  end)
end)

describe("a saved gazetteer", function()
  local nlp = glean.new()

  local function build()
    local gaz = glean.gazetteer { nlp = nlp, name = "telecoms" }
    gaz:add("Huawei", "ORG", "Q160120")
    gaz:add("Deutsche Telekom", "ORG")
    gaz:add("BSI", "ORG", nil, { exact = true })
    return gaz
  end

  it("is read-only once opened", function()
    local path = os.tmpname()
    assert.is_true(build():save(path))
    local gaz = assert(glean.gazetteer.open(path, { nlp = nlp }))
    assert.has_error(function() gaz:add("Germany", "GPE") end,
      "this gazetteer was opened from a compiled file and is read-only")
    assert.has_error(function() gaz:load_tsv(path) end,
      "this gazetteer was opened from a compiled file and is read-only")
    assert.are.same({}, gaz:warnings())
    assert.are.equal(3, #gaz)
    assert.are.equal(#h.read(path), gaz:bytes())
    -- saving it again writes the same bytes
    local copy = os.tmpname()
    assert.is_true(gaz:save(copy))
    assert.are.equal(h.read(path), h.read(copy))
    os.remove(path)
    os.remove(copy)
  end)

  it("opens only with an nlp of the same settings", function()
    local path = os.tmpname()
    assert.is_true(build():save(path))
    local msg = "built with a different tokenizer (lang, split_hyphens, special cases or "
      .. "abbreviations differ): open it with the nlp it was built with"
    local gaz, err = glean.gazetteer.open(path, { nlp = glean.new { lang = "none" } })
    assert.is_nil(gaz)
    assert.are.equal(path .. ": " .. msg, err)
    local special = glean.new { special = { ["5G"] = { "5", "G" } } }
    gaz, err = glean.gazetteer.open(path, { nlp = special })
    assert.is_nil(gaz)
    assert.are.equal(path .. ": " .. msg, err)
    gaz, err = glean.gazetteer.open(path, { nlp = glean.new { split_hyphens = false } })
    assert.is_nil(gaz)
    assert.are.equal(path .. ": " .. msg, err)
    -- another nlp with the same settings is fine, and so is the default one
    gaz = assert(glean.gazetteer.open(path, { nlp = glean.new() }))
    assert.are.equal(1, #gaz:match(nlp:parse("Huawei"))) -- a doc of yet another such nlp
    assert.is_truthy(glean.gazetteer.open(path))
    -- a doc of an nlp with other settings is refused when matching
    assert.has_error(function() gaz:match(glean.new { lang = "none" }:parse("Huawei")) end,
      "the doc was parsed by an nlp with other settings than the gazetteer's "
      .. "(lang, split_hyphens, special cases, abbreviations)")
    os.remove(path)
  end)

  it("gives nil and a message for a missing file", function()
    local gaz, err = glean.gazetteer.open("/nonexistent/x.glz")
    assert.is_nil(gaz)
    assert.are.equal("/nonexistent/x.glz: No such file or directory", err)
  end)

  it("can't be written where the directory is missing", function()
    local ok, err = build():save("/nonexistent/dir/x.glz")
    assert.is_nil(ok)
    assert.are.equal("/nonexistent/dir/x.glz: No such file or directory", err)
  end)
end)

describe("gazetteer options", function()
  local nlp = glean.new()
  local gaz = glean.gazetteer { nlp = nlp }
  gaz:add("Huawei", "ORG")
  local doc = nlp:parse("Huawei")

  it("raise on unknown keys and wrong types", function()
    assert.has_error(function() glean.gazetteer { keys = "norm" } end,
      "glean.gazetteer: unknown option 'keys' (known: key, name, nlp)")
    assert.has_error(function() glean.gazetteer { name = 3 } end,
      "glean.gazetteer: option 'name' must be a string (got number)")
    assert.has_error(function() glean.gazetteer { nlp = io.stdout } end)
    assert.has_error(function() glean.gazetteer.open("x.glz", { nlp = nlp, mode = "r" }) end,
      "glean.gazetteer.open: unknown option 'mode' (known: name, nlp)")
    assert.has_error(function() glean.gazetteer.open(nil) end)
    assert.has_error(function() gaz:add("Huawei", "ORG", nil, { exakt = true }) end,
      "add: unknown option 'exakt' (known: exact)")
    assert.has_error(function() gaz:add("Huawei", "") end)
    assert.has_error(function() gaz:add("Huawei") end)
    assert.has_error(function() gaz:add("Huawei", "ORG", 7) end)
    assert.has_error(function() gaz:load_tsv("x.tsv", { lable = "X" }) end,
      "load_tsv: unknown option 'lable' (known: label)")
    assert.has_error(function() gaz:match(doc, { al = true }) end,
      "match: unknown option 'al' (known: all, columns, labels)")
    assert.has_error(function() gaz:match(doc, { all = 1 }) end,
      "match: option 'all' must be a boolean (got number)")
    assert.has_error(function() gaz:annotate(doc, { all = true }) end,
      "annotate: unknown option 'all' (known: labels, overwrite)")
    assert.are.equal(1, #gaz:match(doc))   -- nothing was changed by the failed calls
  end)
end)

-- GLEAN_HEAVY=0 (valgrind, GC stress): 20,000 entries instead of a million.
describe(("a gazetteer of %s entries"):format(h.scale("a million", "20,000")), function()
  local nlp = glean.new()
  local doc = nlp:parse(article)

  -- The article's distinct words, and every run of 1..3 words (no punctuation) from it.
  local words, seen, ngrams = {}, {}, {}
  for t in doc:tokens() do
    if t.is_alpha and not seen[t.norm] then
      seen[t.norm] = true
      words[#words + 1] = t.text
    end
  end
  do
    local key = {}
    for i = 1, #doc do
      local parts = {}
      for j = i, math.min(i + 2, #doc) do
        if not doc[j].is_alpha then break end
        parts[#parts + 1] = doc[j].text
        local norm = {}
        for k = i, j do norm[#norm + 1] = doc[k].norm end
        local n = table.concat(norm, " ")
        if not key[n] then
          key[n] = true
          ngrams[#ngrams + 1] = table.concat(parts, " ")
        end
      end
    end
  end

  -- Synthetic phrase k: distinct for every k (each holds the number k).
  local function phrase(k)
    local w = words[k % #words + 1]
    local r = k % 3
    if r == 0 then return ("%s city%d institute"):format(w, k), "L" .. k % 7, "Q" .. k end
    if r == 1 then return ("%s %s %d"):format(w, words[(k * 7) % #words + 1], k), "L" .. k % 7 end
    return ("Office %s-%d"):format(w, k), "ORG"
  end

  local function matches(gaz, d, opts)
    local out = {}
    for _, s in ipairs(gaz:match(d, opts)) do
      out[#out + 1] = ("%d %d %s %d"):format(s.first, s.last, s.label, s.entry)
    end
    return out
  end

  it("round-trips through save and open with identical matches", function()
    local N = h.scale(1000000, 20000)
    local list = os.tmpname()
    local f = assert(io.open(list, "wb"))
    local buf = {}
    for k = 1, N - #ngrams do
      local p, label, id = phrase(k)
      buf[#buf + 1] = id and (p .. "\t" .. label .. "\t" .. id) or (p .. "\t" .. label)
      if #buf == 20000 then
        f:write(table.concat(buf, "\n"), "\n")
        buf = {}
      end
    end
    for _, p in ipairs(ngrams) do buf[#buf + 1] = p .. "\tART" end
    f:write(table.concat(buf, "\n"), "\n")
    f:close()

    local gaz = glean.gazetteer { nlp = nlp, name = "million" }
    assert.are.equal(N, gaz:load_tsv(list))
    os.remove(list)
    assert.are.equal(N, #gaz)
    assert.are.same({}, gaz:warnings())
    local path = os.tmpname()
    assert.is_true(gaz:save(path))
    local opened = assert(glean.gazetteer.open(path, { nlp = nlp }))
    assert.are.equal(N, #opened)
    assert.are.equal(gaz:bytes(), opened:bytes())

    -- the article: every word is an entry, so the matches tile it
    local a = matches(gaz, doc)
    assert.is_true(#a > 150)
    assert.are.same(a, matches(opened, doc))
    assert.are.same(matches(gaz, doc, { all = true }), matches(opened, doc, { all = true }))
    assert.are.same(matches(gaz, doc, { labels = { "ART" } }),
      matches(opened, doc, { labels = { "ART" } }))

    -- a document of 3,000 phrases picked across the list, separated by ";"
    local picked, parts = {}, {}
    for i = 1, 3000 do
      local k = (i * 331) % (N - #ngrams) + 1
      local p, label, id = phrase(k)
      picked[#picked + 1] = { p, label, id }
      parts[#parts + 1] = p
    end
    local syn = nlp:parse(table.concat(parts, " ; "))
    local got = gaz:match(syn)
    assert.are.equal(#picked, #got)
    for i, s in ipairs(got) do
      assert.are.equal(picked[i][1], s.text)
      assert.are.equal(picked[i][2], s.label)
      assert.are.equal(picked[i][3], s.id)
      assert.are.equal("million", s.source)
      assert.are.same(gaz:entry(s.entry), opened:entry(s.entry))
    end
    assert.are.same(matches(gaz, syn), matches(opened, syn))
    assert.are.same(matches(gaz, syn, { all = true }), matches(opened, syn, { all = true }))
    os.remove(path)
  end)

  it("builds the same gazetteer from add() as from load_tsv", function()
    local list = os.tmpname()
    local f = assert(io.open(list, "wb"))
    local added = glean.gazetteer { nlp = nlp, name = "same" }
    local parts = {}
    local N = h.scale(50000, 5000)
    for k = 1, N do
      local p, label, id = phrase(k)
      f:write(p, "\t", label, id and ("\t" .. id) or "", "\n")
      assert.is_true(added:add(p, label, id))
      if k % 97 == 0 then parts[#parts + 1] = p end
    end
    f:close()
    local loaded = glean.gazetteer { nlp = nlp, name = "same" }
    assert.are.equal(N, loaded:load_tsv(list))
    os.remove(list)
    local a, b = os.tmpname(), os.tmpname()
    assert.is_true(added:save(a))
    assert.is_true(loaded:save(b))
    assert.are.equal(h.read(a), h.read(b))
    os.remove(a)
    os.remove(b)
    local d = nlp:parse(table.concat(parts, ", "))
    assert.are.equal(#parts, #added:match(d))
    assert.are.same(matches(added, d), matches(loaded, d))
  end)
end)
