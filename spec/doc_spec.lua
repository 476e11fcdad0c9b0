-- The document model: Doc, Token and Span as API.md names them; offsets; serialisation.
local glean = require "glean"
local h = require "spec.helpers"

local article = h.read("examples/huawei-5g.txt")

describe("a doc", function()
  local nlp = glean.new()
  local doc = nlp:parse(article, { id = "huawei", date = "2019-02-05" })

  it("keeps its text, meta and token count", function()
    assert.are.equal(article, doc.text)
    assert.are.equal("2019-02-05", doc.meta.date)
    assert.are.equal(468, #doc)
    assert.matches("^glean.Doc %(468 tokens, 15 sentences", tostring(doc))
  end)

  it("reads a token's text, lower and flags in one call (doc:_tok, for extractors)", function()
    local FLAGS = { "is_alpha", "is_digit", "is_punct", "is_space", "is_title", "is_upper",
      "is_lower", "is_quote", "is_bracket", "is_currency", "is_stop", "like_num", "like_url",
      "like_email" }
    local set = {}
    for tok in doc:tokens() do
      local text, lower, flags = doc:_tok(tok.i)
      assert.are.equal(tok.text, text)
      assert.are.equal(tok.lower, lower)
      for bit, name in ipairs(FLAGS) do
        assert.are.equal(tok[name], flags & (1 << (bit - 1)) ~= 0, name .. " of " .. text)
        if tok[name] then set[name] = true end
      end
      assert.are.equal(tok.is_sent_start, flags & (1 << 16) ~= 0)
    end
    for _, name in ipairs({ "is_alpha", "is_title", "is_upper", "is_stop", "is_quote", "is_punct" }) do
      assert.is_true(set[name], name .. " seen")
    end
    assert.has_error(function() doc:_tok(0) end)
    assert.has_error(function() doc:_tok(#doc + 1) end)
  end)

  it("has tokens whose offsets point into the text (1-based, inclusive)", function()
    local n = 0
    for tok in doc:tokens() do
      n = n + 1
      assert.are.equal(n, tok.i)
      assert.are.equal(tok.text, article:sub(tok.start, tok.stop))
    end
    assert.are.equal(#doc, n)
    assert.is_nil(doc[0])
    assert.is_nil(doc[#doc + 1])
    assert.are.equal("Huawei", tostring(doc[8]))
  end)

  it("reads tokens without copying: tokens are userdata, not tables", function()
    assert.are.equal("userdata", type(doc[1]))
    assert.are.equal(doc[3], doc[3])
    assert.are_not.equal(doc[3], doc[4])
    assert.are.equal(doc, doc[1].doc)
    assert.are.equal(doc[2], doc[1]:nbor())
    assert.is_nil(doc[1]:nbor(-1))
  end)

  it("iterates a 100,000-token document without a table per token", function()
    local big = nlp:parse(string.rep("The cat sat on the mat. ", 100000 // 7 + 1))
    assert.is_true(#big >= 100000)
    local tables_before = 0
    collectgarbage("stop")
    local count = 0
    for tok in big:tokens() do
      if type(tok) == "table" then tables_before = tables_before + 1 end
      count = count + 1
    end
    collectgarbage("restart")
    assert.are.equal(#big, count)
    assert.are.equal(0, tables_before)
  end)

  it("gives spans with first, last, start, stop, text and tokens", function()
    local s = doc:span(8, 9, "ORG")
    assert.are.equal("Huawei’s", s.text)
    assert.are.equal(8, s.first)
    assert.are.equal(9, s.last)
    assert.are.equal(doc[8].start, s.start)
    assert.are.equal(doc[9].stop, s.stop)
    assert.are.equal("ORG", s.label)
    assert.are.equal(2, #s)
    local texts = {}
    for t in s:tokens() do texts[#texts + 1] = t.text end
    assert.are.same({ "Huawei", "’s" }, texts)
    assert.has_error(function() doc:span(0, 2) end)
    assert.has_error(function() doc:span(5, 4) end)
    assert.has_error(function() doc:span(1, #doc + 1) end)
  end)

  it("maps byte offsets to tokens", function()
    local start = article:find("Deutsche Telekom", 1, true)
    local stop = start + #"Deutsche Telekom" - 1
    local s = doc:char_span(start, stop, "ORG")
    assert.are.equal("Deutsche Telekom", s.text)
    assert.is_nil(doc:char_span(start + 1, stop))          -- not on a token boundary
    assert.is_nil(doc:char_span(start, stop - 1))
    assert.are.equal("Deutsche", doc:token_at(start).text)
    assert.are.equal("Deutsche", doc:token_at(start + 3).text)
    assert.is_nil(doc:token_at(start + #"Deutsche"))       -- the space
    assert.is_nil(doc:token_at(0))
    assert.is_nil(doc:token_at(#article + 1))
  end)

  it("has sentences as spans", function()
    assert.are.equal(15, #doc.sents)
    assert.are.equal("sentences", doc.sents[1].source)
    local n = 0
    for s in doc:sentences() do n = n + 1; assert.are.equal(doc.sents[n], s) end
    assert.are.equal(15, n)
  end)
end)

describe("glean.span", function()
  local Span = require "glean.span"

  it("indexes spans by their last token (Span.by_last), in order, filtered", function()
    local doc = glean.new():parse("Angela Merkel met Merkel in Brussels.")
    local a, b = doc:span(1, 2, "PERSON"), doc:span(4, 4, "PERSON")
    local c, d = doc:span(2, 2, "ORG"), doc:span(6, 6, "GPE")
    local ends = Span.by_last({ a, b, c, d }, function(s) return s.label ~= "GPE" end)
    assert.same({ a, c }, ends[2])
    assert.same({ b }, ends[4])
    assert.is_nil(ends[6])
    assert.same({}, Span.by_last({}, function() return true end))
  end)
end)

describe("glean.columns", function()
  local columns = require "glean.columns"
  local nlp = glean.new()

  it("holds every token's type strings, flags and offsets as doc:_tok and the tokens do", function()
    local doc = nlp:parse(article)
    local c = columns.of(doc)
    assert.are.equal(#doc, c.n)
    assert.are.equal(c, columns.of(doc))        -- built once per doc
    for i = 1, #doc do
      local text, lower, flags = doc:_tok(i)
      local t = c.type[i]
      assert.are.equal(doc[i].type_id, t)
      assert.are.equal(text, c.text[t])
      assert.are.equal(lower, c.lower[t])
      assert.are.equal(doc[i].norm, c.norm[t])
      assert.are.equal(flags, c.flags[i], "flags of " .. text)
      for name, bit in pairs({ is_punct = columns.IS_PUNCT, is_title = columns.IS_TITLE,
          is_upper = columns.IS_UPPER, is_lower = columns.IS_LOWER, is_quote = columns.IS_QUOTE,
          is_stop = columns.IS_STOP, like_num = columns.LIKE_NUM,
          is_sent_start = columns.SENT_START }) do
        assert.are.equal(doc[i][name], c.flags[i] & bit ~= 0, name .. " of " .. text)
      end
      assert.are.equal(doc[i].start, c.start[i])
      assert.are.equal(doc[i].stop, columns.stop(c, i))
      assert.are.equal(doc[i].sent, columns.sent_of(c, doc, i), "sentence of token " .. i)
    end
    assert.is_true(doc[#doc].sent > 10)          -- the article's sentences, not one
    for b = 1, #article do
      local tok = doc:token_at(b)
      assert.are.equal(tok and tok.i, columns.token_at(c, b), "byte " .. b)
    end
  end)

  it("sees the types a later doc adds to the lexicon, and copes with an empty doc", function()
    local first = columns.of(nlp:parse("Alpha beta."))
    local later = nlp:parse("Gamma Zyxwvut beta.")
    local c = columns.of(later)
    assert.are.equal(first.text, c.text)        -- one string table per nlp
    assert.are.equal("Zyxwvut", c.text[c.type[2]])
    assert.are.equal("zyxwvut", c.lower[c.type[2]])
    local empty_doc = nlp:parse("")
    local empty = columns.of(empty_doc)
    assert.are.equal(0, empty.n)
    assert.is_nil(columns.sent_of(empty, empty_doc, 1))
    assert.is_nil(columns.token_at(empty, 1))
  end)
end)

describe("doc.ents and add_ents", function()
  local nlp = glean.new()

  it("start empty and merge without overlaps, in text order", function()
    local doc = nlp:parse("Angela Merkel met Deutsche Telekom in Berlin.")
    assert.are.same({}, doc.ents)
    assert.are.equal(2, doc:add_ents({ doc:span(7, 7, "GPE"), doc:span(1, 2, "PERSON") }))
    assert.are.equal(1, doc:add_ents({ doc:span(2, 2, "ORG"), doc:span(4, 5, "ORG") }))
    local got = {}
    for _, e in ipairs(doc.ents) do got[#got + 1] = e.label .. ":" .. e.text end
    assert.are.same({ "PERSON:Angela Merkel", "ORG:Deutsche Telekom", "GPE:Berlin" }, got)
  end)

  it("replace overlapping ones with overwrite=true", function()
    local doc = nlp:parse("Angela Merkel met Deutsche Telekom.")
    doc:add_ents({ doc:span(1, 1, "PERSON"), doc:span(4, 5, "ORG") })
    assert.are.equal(1, doc:add_ents({ doc:span(1, 2, "PERSON") }, { overwrite = true }))
    assert.are.equal("Angela Merkel", doc.ents[1].text)
    assert.are.equal(2, #doc.ents)
  end)

  it("merge new spans between old ones, earlier then longer first, and sort hand-set ents", function()
    local doc = nlp:parse("a b c d e f g h")
    doc.ents = { doc:span(7, 8, "Z"), doc:span(1, 1, "A") }   -- set by hand, out of order
    assert.are.equal(3, doc:add_ents({ doc:span(5, 5, "E"), doc:span(2, 3, "B2"),
      doc:span(2, 2, "B1"), doc:span(3, 4, "C"), doc:span(6, 6, "F") }))
    local got = {}
    for _, e in ipairs(doc.ents) do got[#got + 1] = e.label .. ":" .. e.first .. "-" .. e.last end
    assert.are.same({ "A:1-1", "B2:2-3", "E:5-5", "F:6-6", "Z:7-8" }, got)
  end)

  it("agree with a per-token owner model on random spans, with and without overwrite", function()
    -- the model: a new span (in order: earlier, then longer) is kept unless a token of
    -- it belongs to a kept new span, or to an old entity (unless overwrite: the old one
    -- gives way)
    local function model(old, incoming, overwrite)
      local owner, kept, removed = {}, {}, {}
      for _, e in ipairs(old) do for i = e[1], e[2] do owner[i] = e end end
      table.sort(incoming, function(a, b)
        if a[1] ~= b[1] then return a[1] < b[1] end
        return a[2] > b[2]
      end)
      local added = 0
      for _, s in ipairs(incoming) do
        local clash_new, clash_old = false, false
        for i = s[1], s[2] do
          local o = owner[i]
          if o then if o.new then clash_new = true else clash_old = true end end
        end
        if not clash_new and (overwrite or not clash_old) then
          for i = s[1], s[2] do
            local o = owner[i]
            if o then removed[o] = true; for j = o[1], o[2] do owner[j] = nil end end
          end
          s.new = true
          for i = s[1], s[2] do owner[i] = s end
          kept[#kept + 1] = s
          added = added + 1
        end
      end
      local out = {}
      for _, e in ipairs(old) do if not removed[e] then out[#out + 1] = e end end
      for _, s in ipairs(kept) do out[#out + 1] = s end
      table.sort(out, function(a, b) return a[1] < b[1] end)
      local labels = {}
      for _, e in ipairs(out) do labels[#labels + 1] = e[3] .. ":" .. e[1] .. "-" .. e[2] end
      return added, labels
    end
    local doc = nlp:parse(("w "):rep(40))
    local seed = 7
    local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
    for round = 1, 300 do
      local old, incoming = {}, {}
      local pos = 0
      while true do       -- old entities: in order, without overlaps
        pos = pos + rand(6)
        local last = pos + rand(3) - 1
        if last > 40 then break end
        old[#old + 1] = { pos, last, "O" .. #old }
        pos = last
      end
      for k = 1, rand(12) do
        local first = rand(40)
        incoming[#incoming + 1] = { first, math.min(40, first + rand(4) - 1), "N" .. k }
      end
      local overwrite = round % 2 == 0
      local want_added, want = model(old, incoming, overwrite)
      local spans = {}
      for _, s in ipairs(incoming) do spans[#spans + 1] = doc:span(s[1], s[2], s[3]) end
      local ents = {}
      for _, e in ipairs(old) do ents[#ents + 1] = doc:span(e[1], e[2], e[3]) end
      doc.ents = ents
      local added = doc:add_ents(spans, { overwrite = overwrite })
      local got = {}
      for _, e in ipairs(doc.ents) do got[#got + 1] = e.label .. ":" .. e.first .. "-" .. e.last end
      assert.are.equal(want_added, added, "round " .. round)
      assert.are.same(want, got, "round " .. round)
    end
  end)

  it("reject bad input", function()
    local doc = nlp:parse("a b c")
    local other = nlp:parse("a b c")
    assert.has_error(function() doc:add_ents({ other:span(1, 1) }) end)
    assert.has_error(function() doc:add_ents({ {} }) end)
    assert.has_error(function() doc:add_ents({}, { overwrit = true }) end)
  end)
end)

describe("to_table and to_json", function()
  local nlp = glean.new()

  it("give tokens, sentences and ents with Lua offsets in to_table", function()
    local doc = nlp:parse("Ünïcode café. Second.")
    doc:add_ents({ doc:span(2, 2, "X") })
    doc.data.note = "kept"
    local t = doc:to_table()
    assert.are.equal(doc.text, t.text)
    assert.are.equal(#doc, #t.tokens)
    assert.are.equal("café", t.tokens[2].text)
    assert.are.equal(11, t.tokens[2].start)      -- bytes, 1-based ("Ünïcode " is 10 bytes)
    assert.are.equal(15, t.tokens[2].stop)
    assert.are.equal(9, t.tokens[2].char_start)  -- code points, 1-based
    assert.are.equal(12, t.tokens[2].char_stop)
    assert.are.equal(2, #t.sentences)
    assert.are.equal("X", t.ents[1].label)
    assert.are.equal("kept", t.data.note)
  end)

  it("use 0-based end-exclusive byte and code point offsets in JSON", function()
    local doc = nlp:parse("Ünïcode café.")
    local js = doc:to_json()
    local rec = js:match('{[^{}]-"text":"café"[^{}]-}')
    assert.is_truthy(rec)
    assert.matches('"start":10', rec, 1, true)
    assert.matches('"end":15', rec, 1, true)
    assert.matches('"char_start":8', rec, 1, true)
    assert.matches('"char_end":12', rec, 1, true)
  end)

  it("escape strings and replace invalid bytes so the JSON is valid", function()
    local r = glean.new { invalid = "replace" }
    local doc = r:parse('say "hi"\tnow \xFF')
    local js = doc:to_json()
    assert.matches('say \\"hi\\"\\tnow \u{FFFD}', js, 1, true)
    assert.is_true(glean.utf8.valid(js))
  end)
end)
