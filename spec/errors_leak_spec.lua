-- Errors never leak: every binding entry point raises (or returns nil, message) in a
-- loop, with bad argument types, unknown options, data errors, errors thrown by Lua code
-- that the C side calls (doc getters, metamethods of argument tables) and handles whose
-- finalizer has already run. The assertions check the messages; `make sanitize` (ASan's
-- leak checker) and `make valgrind` (definite leaks are errors) check that nothing
-- allocated before the error was lost. A loop makes a leak big enough to see.
local glean = require "glean"
local h = require "spec.helpers"

local N = h.scale(200, 40)
local M = h.scale(40, 10) -- loops that create an nlp each time

-- Calls f(...) N times; each call must raise an error matching `pattern` (plain text
-- unless it starts with '^' or contains '%').
local function raises(pattern, f, ...)
  local plain = not pattern:find("[%^%%]")
  for i = 1, N do
    local ok, err = pcall(f, ...)
    if ok then error(("call %d did not raise (expected '%s')"):format(i, pattern), 2) end
    err = tostring(err)
    if not err:find(pattern, 1, plain) then
      error(("call %d raised '%s', expected '%s'"):format(i, err, pattern), 2)
    end
  end
end

-- Calls f(...) N times; each call must return nil and a message matching `pattern`.
local function fails(pattern, f, ...)
  for i = 1, N do
    local v, msg = f(...)
    if v ~= nil or not tostring(msg):find(pattern, 1, true) then
      error(("call %d returned %s, %s (expected nil, '%s')"):format(i, tostring(v),
        tostring(msg), pattern), 2)
    end
  end
end

local function tmpfile(bytes)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(bytes)
  f:close()
  return path
end

-- A table whose length is 3 and whose every element raises on access.
local function exploding(n)
  return setmetatable({}, {
    __len = function() return n or 3 end,
    __index = function() error("boom from __index") end,
  })
end

describe("errors from every entry point leak nothing", function()
  local nlp = glean.new()
  local text = h.read("examples/huawei-5g.txt")
  local doc = nlp:parse(text)

  it("glean.normalize and glean.utf8.valid", function()
    raises("bad argument #1 to 'normalize' (string expected, got nil)", glean.normalize, nil)
    raises("unknown form 'nfx'", glean.normalize, "x", "nfx")
    raises("normalize: unknown option 'bogus'", glean.normalize, "x", { bogus = true })
    raises("option 'invalid' must be one of", glean.normalize, "x", "nfc", { invalid = "drop" })
    raises("invalid UTF-8 at byte 5", glean.normalize, text:sub(1, 4) .. "\xFF" .. text, "search")
    raises("bad argument #1 to 'valid' (string expected, got table)", glean.utf8.valid, {})
    raises("number expected, got string", glean.core.normalize, "x", "flags")
  end)

  it("glean.new and the nlp methods", function()
    raises("glean.new: unknown option 'langg'", glean.new, { langg = "en" })
    raises("glean.new: option 'lang' must be one of", glean.new, { lang = "fr" })
    raises("abbreviations: an abbreviation must end with '.'", glean.new,
      { abbreviations = { "approx" } })
    raises("glean.new: abbreviations[2] must be a string", glean.new,
      { abbreviations = { "a.", 42 } })
    raises("its pieces must spell it exactly", glean.new, { special = { ["5G"] = { "5", "X" } } })
    raises("a special case cannot contain white space", glean.new,
      { special = { ["a b"] = { "a", " ", "b" } } })
    raises("boom from __index", nlp.add_special, nlp, "5G", exploding())
    raises("a special case needs 1 to 64 pieces", nlp.add_special, nlp, "5G", exploding(65))
    raises("invalid UTF-8 at byte 8", nlp.parse, nlp, "Huawei \xA3 gear")
    raises("bad argument #2 to '?' (string expected, got number)", nlp.parse, nlp, 42)
    raises("bad argument #3 to '?' (table expected, got string)", nlp.parse, nlp, "x", "m")
    raises("glean.Nlp expected, got string", nlp.parse, "not an nlp", "x")
    raises("glean.Nlp expected, got glean.Doc", nlp.parse, doc, "x")
  end)

  it("docs, tokens and spans", function()
    raises("bad argument #1 to 'span' (token index expected, got float)", doc.span, doc, 1.5, 2)
    raises("token index 9999 out of range", doc.span, doc, 1, 9999)
    raises("bad argument #2 to 'span' (last < first)", doc.span, doc, 5, 2)
    raises("two integer byte offsets expected", doc.char_span, doc, "a", 2)
    raises("no such sentence", doc._sent, doc, 0)
    raises("no such token", doc._offsets, doc, #doc + 1)
    raises("no such token", doc._char_offsets, doc, -1)
    raises("no such token", doc._tok, doc, 0)
    raises("number expected, got table", doc.token_at, doc, {})
    raises("doc.text is read-only", function() doc.text = "x" end)
    raises("doc fields are named by strings", function() doc[1] = "x" end)
    raises("add_ents: item 1 is not a span of this doc", doc.add_ents, doc, { {} })
    raises("add_ents: unknown option 'over'", doc.add_ents, doc, {}, { over = true })
    raises("glean.Token expected, got table", getmetatable(doc[1]).__index, {}, "text")
    -- a doc getter (Lua code that the C __index calls) that throws
    glean.core.DocGetters.exploding = function() error("boom from a getter") end
    raises("boom from a getter", function() return doc.exploding end)
    glean.core.DocGetters.exploding = nil
    assert.are.equal(text:sub(doc[1].start, doc[1].stop), doc[1].text)
  end)

  it("gazetteers: building, loading, matching", function()
    raises("glean.gazetteer: unknown option 'keys'", glean.gazetteer, { keys = "norm" })
    raises("option 'nlp' must be an nlp from glean.new()", glean.gazetteer, { nlp = doc })
    local gaz = glean.gazetteer { nlp = nlp, name = "errors" }
    assert.is_true(gaz:add("Huawei", "ORG"))
    assert.is_true(gaz:add("Deutsche Telekom", "ORG", "Q9396"))
    raises("bad argument #1 to 'add' (phrase string expected, got nil)", gaz.add, gaz, nil, "X")
    raises("bad argument #2 to 'add' (non-empty label string expected)", gaz.add, gaz, "x", "")
    raises("add: unknown option 'exactly'", gaz.add, gaz, "x", "X", nil, { exactly = true })
    raises("invalid UTF-8", gaz.add, gaz, "bad \xFF", "X")
    raises("load_tsv: unknown option 'labels'", gaz.load_tsv, gaz, "x.tsv", { labels = "X" })
    fails("/nonexistent/list.tsv: No such file or directory", gaz.load_tsv, gaz,
      "/nonexistent/list.tsv")
    local bad = tmpfile("Huawei\tORG\nbad \xFF line\tORG\n")
    fails(bad .. ":2: invalid UTF-8 at column 5", gaz.load_tsv, gaz, bad)
    os.remove(bad)
    raises("match: unknown option 'label'", gaz.match, gaz, doc, { label = { "ORG" } })
    raises("labels[1] is not a string", gaz.match, gaz, doc, { labels = { {} } })
    raises("at most 64 labels", gaz.match, gaz, doc, { labels = exploding(65) })
    raises("boom from __index", gaz.match, gaz, doc, { labels = exploding() })
    raises("glean.Doc expected, got string", gaz.match, gaz, "not a doc")
    raises("no such entry", gaz.entry, gaz, 99)
    local other = glean.new { lang = "none" }
    raises("the doc was parsed by an nlp with other settings", gaz.match, gaz,
      other:parse("Huawei"))
    -- the same through the columns form
    raises("labels[1] is not a string", gaz.match, gaz, doc, { columns = true, labels = { {} } })
    raises("boom from __index", gaz.match, gaz, doc, { columns = true, labels = exploding() })
    raises("glean.Doc expected, got string", gaz.match, gaz, "not a doc", { columns = true })
    raises("the doc was parsed by an nlp with other settings", gaz.match, gaz,
      other:parse("Huawei"), { columns = true })
    raises("match: option 'columns' must be a boolean (got number)", gaz.match, gaz, doc, { columns = 1 })
    fails("/nonexistent/dir/x.glz", gaz.save, gaz, "/nonexistent/dir/x.glz")
    assert.are.equal(2, #gaz:match(doc) > 0 and 2 or 0)
  end)

  it("compiled files: hostile and read-only", function()
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Huawei", "ORG")
    local path = os.tmpname()
    assert.is_true(gaz:save(path))
    local good = h.read(path)
    local cut = tmpfile(good:sub(1, 100))
    fails("not a glean gazetteer (too short for a header)", glean.gazetteer.open, cut,
      { nlp = nlp })
    local flipped = tmpfile(good:sub(1, -2) .. string.char((good:byte(-1) + 1) % 256))
    fails("corrupt gazetteer", glean.gazetteer.open, flipped, { nlp = nlp })
    fails("built with a different tokenizer", glean.gazetteer.open, path,
      { nlp = glean.new { split_hyphens = false } })
    raises("glean.gazetteer.open: unknown option 'name2'", glean.gazetteer.open, path,
      { name2 = "x" })
    raises("bad argument #1 to 'open' (path expected, got nil)", glean.gazetteer.open, nil)
    local opened = assert(glean.gazetteer.open(path, { nlp = nlp }))
    raises("opened from a compiled file and is read-only", opened.add, opened, "x", "X")
    raises("opened from a compiled file and is read-only", opened.load_tsv, opened, path)
    for _, p in ipairs { path, cut, flipped } do os.remove(p) end
  end)
end)

describe("handles whose finalizer already ran", function()
  -- Lua runs finalizers in reverse order of creation, so an object's finalizer (or
  -- anything it calls) can meet glean objects that were finalized before it. Calling
  -- __gc by hand makes that order explicit.
  local function finalize(x) getmetatable(x).__gc(x) end

  it("a closed gazetteer raises, and closing twice is harmless", function()
    for _ = 1, M do
      local nlp = glean.new()
      local doc = nlp:parse("Huawei said so.")
      local gaz = glean.gazetteer { nlp = nlp }
      gaz:add("Huawei", "ORG")
      assert.are.equal(1, #gaz:match(doc))
      finalize(gaz)
      finalize(gaz)
      raises("gazetteer is closed", gaz.match, gaz, doc)
      raises("gazetteer is closed", function() return #gaz end)
      raises("gazetteer is closed", gaz.add, gaz, "x", "X")
      local unused = os.tmpname()   -- os.tmpname creates the file: removed below
      raises("gazetteer is closed", gaz.save, gaz, unused)
      os.remove(unused)
      raises("gazetteer is closed", gaz.entry, gaz, 1)
      assert.matches("%(closed%)$", tostring(gaz))
    end
  end)

  it("a closed nlp: its docs' tokens and its gazetteers raise", function()
    for _ = 1, M do
      local nlp = glean.new()
      local doc = nlp:parse("Huawei said so.")
      local tok = doc[1]
      local gaz = glean.gazetteer { nlp = nlp }
      gaz:add("Huawei", "ORG")
      finalize(nlp)
      raises("nlp is closed", nlp.parse, nlp, "x")
      raises("the token's doc or nlp was closed", function() return tok.norm end)
      raises("the token's doc or nlp was closed", function() return doc[2].text end)
      raises("the doc's nlp was closed", doc._tok, doc, 1)
      raises("the gazetteer's nlp is closed", gaz.match, gaz, doc)
      raises("nlp is closed", glean.gazetteer, { nlp = nlp })
      assert.are.equal("Huawei said so.", doc.text)
    end
  end)

  it("a closed doc has no tokens; its old tokens raise", function()
    for _ = 1, M do
      local nlp = glean.new()
      local doc = nlp:parse("Huawei said so.")
      local tok = doc[2]
      finalize(doc)
      finalize(doc)
      assert.are.equal(0, #doc)
      assert.is_nil(doc[1])
      raises("the token's doc or nlp was closed", function() return tok.text end)
      raises("the token's doc or nlp was closed", tostring, tok)
    end
  end)

  it("the entity recognizer's C judge: construction and runs", function()
    local core = require "glean.core"
    local Span = require "glean.span"
    local nlp = glean.new()
    local doc = nlp:parse(h.read("examples/huawei-5g.txt"))
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Germany", "COUNTRY", "countries")
    local rules = glean.rules(nlp)
    rules:add("run", "<title>+", { label = "RUN" })
    local infos = { { label = "RUN", name = "run", priority = -1 } }
    raises("unknown word set 'nope'", core.recognizer_new, nlp, gaz, nil, rules._core, infos,
      { nope = { "x" } })
    raises("word 2 of 'leading' is not a string", core.recognizer_new, nlp, gaz, nil,
      rules._core, infos, { leading = { "The", 7 } })
    raises("'label' and 'name' must be strings", core.recognizer_new, nlp, gaz, nil,
      rules._core, { { name = "run" } }, {})
    raises("'priority' must be an integer", core.recognizer_new, nlp, gaz, nil, rules._core,
      { { label = "RUN", name = "run", priority = "high" } }, {})
    raises("boom from __index", core.recognizer_new, nlp, gaz, nil, rules._core, exploding(), {})
    local rec = core.recognizer_new(nlp, gaz, nil, rules._core, infos, { leading = { "The" } })
    raises("bad token indices", rec._run, rec, doc, { 0, 1, "X" }, Span)
    raises("boom from __index", rec._run, rec, doc, exploding(3), Span)
    raises("glean.Doc expected", rec._run, rec, {}, nil, Span)
    raises("the doc was parsed by another nlp", rec._run, rec, glean.new():parse("Germany"), nil, Span)
    rules:add("extra", "'Merkel'")   -- a rule the recognizer was not told about
    raises("the rule set has 2 rules, the recognizer knows 1", rec._run, rec, doc, nil, Span)
    local messages = {}
    for _ = 1, M do
      local holder = setmetatable({}, { __gc = function(self)
        local ok, err = pcall(self.rec._run, self.rec, self.doc, nil, Span)
        messages[#messages + 1] = not ok and tostring(err) or "no error"
      end })
      local n2 = glean.new()
      local g2 = glean.gazetteer { nlp = n2 }
      g2:add("Germany", "COUNTRY")
      holder.doc = n2:parse("Germany said so.")
      holder.rec = core.recognizer_new(n2, g2, nil, nil, {}, {})
      holder = nil
      collectgarbage()
      collectgarbage()
    end
    assert.are.equal(M, #messages)
    for _, m in ipairs(messages) do assert.matches("closed", m) end
  end)

  it("the date and acronym extractors' C twins: construction and runs", function()
    local core = require "glean.core"
    local Span = require "glean.span"
    local nlp = glean.new()
    local dated = nlp:parse("On Tuesday, in March 2019, the Federal Network Agency (BNetzA) "
      .. "said BNetzA and the cyber defense agency (BSI) would act.")
    local names = { "month", "weekday", "prep", "month_mod", "rel", "part", "deictic", "rel_mod",
      "rel_unit", "ago_count", "ago_unit", "year_prep", "future", "past" }
    local function sets(over)
      local t = {}
      for _, name in ipairs(names) do t[name] = { "x" } end
      t.month, t.weekday, t.prep = { "March" }, { "tuesday" }, { "on", "in" }
      for k, v in pairs(over or {}) do t[k] = v end
      return t
    end
    local maps = { weekdays = { tuesday = 1 }, months = { march = 3 }, numbers = { one = 1 } }
    local pats = { day = "/^[0-3]?%d$/", day_th = "/^[0-3]?%d[snrt][tdh]$/", year = "/^[12]%d%d%d$/",
      iso = "/^[12]%d%d%d%-[01]%d%-[0-3]%d$/", decade = "/^[12]%d%d0s$/", mid_year = "/^mid%-[12]%d%d%d$/" }
    raises("dates: word set 'past' must be a table", core.dates_new, nlp, sets { past = false }, maps, pats, Span)
    raises("dates: word 2 of 'weekday' is not a string", core.dates_new, nlp, sets { weekday = { "monday", 7 } },
      maps, pats, Span)
    raises("dates: map 'months' must map strings to integers", core.dates_new, nlp, sets(),
      { weekdays = {}, months = { march = "3" }, numbers = {} }, pats, Span)
    raises("the C twin implements pattern 'year' as", core.dates_new, nlp, sets(), maps,
      setmetatable({ year = "/^%d%d%d%d$/" }, { __index = pats }), Span)
    raises("boom from __index", core.dates_new, nlp, exploding(), maps, pats, Span)
    local dates = core.dates_new(nlp, sets(), maps, pats, Span)
    raises("glean.Doc expected", dates._run, dates, {}, "")
    raises("string expected, got no value", dates._run, dates, dated)
    raises("other settings than the rules'", dates._run, dates, glean.new { lang = "none" }:parse("in March"), "")

    raises("acronyms: the C twin implements SHORT as", core.acronyms_new, nlp,
      { heads = {}, glue = {} }, {}, "/^%w+$/", Span)
    raises("acronyms: word set 'glue' must be a table", core.acronyms_new, nlp, { heads = {} }, {},
      "/^[%w][%w%-&%.]*$/", Span)
    raises("acronyms: number words map a digit to a word", core.acronyms_new, nlp,
      { heads = {}, glue = {} }, { ["10"] = "ten" }, "/^[%w][%w%-&%.]*$/", Span)
    raises("a number word is for a digit 1-9", core.acronyms_new, nlp,
      { heads = {}, glue = {} }, { ["0"] = "zero" }, "/^[%w][%w%-&%.]*$/", Span)
    local acr = core.acronyms_new(nlp, { heads = { "agency" }, glue = { "of" } }, { ["7"] = "seven" },
      "/^[%w][%w%-&%.]*$/", Span)
    raises("boom from __index", acr._run, acr, dated, exploding(3))
    raises("doc.ents[1] is not a span", acr._run, acr, dated, { 5 })
    raises("doc.ents[1] has no token index 'last'", acr._run, acr, dated, { { first = 1 } })
    raises("other settings than the rules'", acr._run, acr, glean.new { lang = "none" }:parse("(AB)"))
    local messages = {}
    for _ = 1, M do
      local holder = setmetatable({}, { __gc = function(self)
        local ok, err = pcall(self.dates._run, self.dates, self.doc, "")
        messages[#messages + 1] = not ok and tostring(err) or "no error"
        ok, err = pcall(self.acr._run, self.acr, self.doc)
        messages[#messages + 1] = not ok and tostring(err) or "no error"
      end })
      local n2 = glean.new()
      holder.doc = n2:parse("On Tuesday the Federal Network Agency (BNetzA) said so.")
      holder.dates = core.dates_new(n2, sets(), maps, pats, Span)
      holder.acr = core.acronyms_new(n2, { heads = {}, glue = {} }, {}, "/^[%w][%w%-&%.]*$/", Span)
      holder = nil
      collectgarbage()
      collectgarbage()
    end
    assert.are.equal(2 * M, #messages)
    for _, m in ipairs(messages) do assert.matches("closed", m) end
  end)

  it("finalizers that use collected objects raise instead of crashing", function()
    local messages = {}
    for _ = 1, M do
      -- created first, so finalized last: after the gazetteer, doc and nlp it holds
      local holder = setmetatable({}, { __gc = function(self)
        local ok, err = pcall(self.gaz.match, self.gaz, self.doc)
        messages[#messages + 1] = not ok and tostring(err) or "no error"
        ok, err = pcall(function() return self.tok.norm end)
        messages[#messages + 1] = not ok and tostring(err) or "no error"
      end })
      holder.nlp = glean.new()
      holder.doc = holder.nlp:parse("Huawei said so.")
      holder.tok = holder.doc[1]
      holder.gaz = glean.gazetteer { nlp = holder.nlp }
      holder.gaz:add("Huawei", "ORG")
      holder = nil
      collectgarbage()
      collectgarbage()
    end
    assert.are.equal(2 * M, #messages)
    for i = 1, #messages, 2 do
      assert.matches("gazetteer is closed", messages[i])
      assert.matches("the token's doc or nlp was closed", messages[i + 1])
    end
  end)
end)
