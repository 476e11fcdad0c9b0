-- Token-pattern rules: syntax, semantics, conflicts, actions, explain, errors, and the
-- linear-time guarantee (measured in matcher steps, never in seconds).
local glean = require "glean"
local helpers = require "spec.helpers"

local nlp = glean.new()

local function texts(matches)
  local t = {}
  for i, m in ipairs(matches) do t[i] = m.text end
  return t
end

local function run(pattern, text, opts)
  local rules = glean.rules(nlp)
  rules:add("r", pattern, opts)
  return texts((rules:match(nlp:parse(text))))
end

describe("rule strings", function()
  it("matches bare words by norm (case, accents and punctuation folded)", function()
    assert.same({ "Said", "said" }, run("said", "Said he, and she said."))
    assert.same({ "Zürich" }, run("zurich", "In Zürich today."))
    assert.same({ "’s" }, run([["'s"]], "Huawei’s gear"))
  end)

  it("matches 'quoted' words by exact text", function()
    assert.same({ "Co." }, run("'Co.'", "Huawei Co. and co. ltd"))
    assert.same({ "US" }, run("'US'", "the US and us"))
  end)

  it("matches \"phrases\" token by token, by norm", function()
    assert.same({ "State Department", "state department" },
      run('"State Department"', "The State Department and the state department."))
  end)

  it("matches sets, mixed sets and their negation", function()
    assert.same({ "said", "told" }, run("{said told}", "He said it, she told him."))
    assert.same({ "Co.", "Inc" }, run("{inc 'Co.'}", "Huawei Co. and Acme Inc and co."))
    assert.same({ "he said" }, run("!{she it} said", "she said, he said"))
    assert.same({ "Acme Corp" }, run("!said <title>", "he said Acme Corp"))
  end)

  it("matches flag classes, shapes, lengths and Lua patterns", function()
    assert.same({ "Angela Merkel" }, run("<title> <title>", "Chancellor: Angela Merkel spoke"))
    assert.same({ "BSI", "EU" }, run("<upper>", "the BSI and the EU"))
    assert.same({ "2019", "5" }, run("<num>", "in 2019 with 5 of them"))
    assert.same({ "Berlin" }, run("<shape:Xxxxx>", "in Berlin or Bonn"))
    assert.same({ "in", "or" }, run("<len:2>", "in Berlin or Bonn"))
    assert.same({ "BSI" }, run("/^%u%u%u$/", "the BSI and the EU"))
  end)

  it("supports _ (any token), groups, alternatives and quantifiers", function()
    assert.same({ "a b c" }, run("a _ c", "a b c"))
    assert.same({ "x y", "x z" }, run("x (y | z)", "x y x z x w"))
    assert.same({ "a a a" }, run("a+", "a a a"))
    assert.same({ "b", "a b", "a a b" }, run("a* b", "b a b a a b"))
    assert.same({ "a b", "b" }, run("a? b", "a b b"))
    assert.same({ "a a" }, run("a{2}", "a a a"))
    assert.same({ "a a a" }, run("a{2,3}", "a a a a"))
    assert.same({ "a a a a" }, run("a{2,}", "a a a a"))
    assert.same({ "p q r s" }, run("p (q (r | x) | y)+ s", "p q r s"))
  end)

  it("anchors at sentence starts and ends", function()
    local text = "He left. He came back today."
    assert.same({ "He", "He" }, run("^ he", text))
    assert.same({ "left.", "today." }, run("_ '.' $", text))
    assert.same({ "He left.", "He came back today." }, run("^ he !'.'* '.' $", text))
    assert.same({ text }, run("^ he _* '.' $", text)) -- longest: _* runs on
    assert.same({}, run("he $", text))
  end)

  it("anchors at line starts and ends with ^^ and $$, where $ sees no sentence end", function()
    -- a results table: one sentence for the splitter (no full stops, no blank line)
    local table_text = "Nantes 0 Lens 1\nNice 1 Bastia 1\r\nLille 3 Rennes 1\u{2028}Caen 1 Lyon 1"
    assert.same({ "1" }, run("<num> $", table_text))
    assert.same({ "1", "1", "1", "1" }, run("<num> $$", table_text))
    assert.same({ "Nantes", "Nice", "Lille", "Caen" }, run("^^ <title>", table_text))
    assert.same({ "Nantes" }, run("^ <title>", table_text))
    assert.same({ "Nice 1 Bastia 1" }, run("^^ nice <num> <title> <num> $$", table_text))
    -- sentence ends inside a line are not line ends; a blank line is one
    local prose = "He left. She came back.\n\nThey stayed."
    assert.same({ "left.", "back.", "stayed." }, run("_ '.' $", prose))
    assert.same({ "back.", "stayed." }, run("_ '.' $$", prose))
    assert.same({ "He", "They" }, run("^^ <title>", prose))
    -- $$ is one item, not $ twice; '$$' in quotes is the token
    assert.same({ "$$" }, run("'$$'", "it costs $$ today"))
    assert.error_matches(function() run("^^ $$", table_text) end, "without consuming any token")
  end)

  it("is leftmost-longest and non-overlapping per rule; all=true gives every start", function()
    local rules = glean.rules(nlp)
    rules:add("r", "<title>+")
    local doc = nlp:parse("Angela Dorothea Merkel met Emmanuel Macron.")
    assert.same({ "Angela Dorothea Merkel", "Emmanuel Macron" }, texts((rules:match(doc))))
    assert.same({ "Angela Dorothea Merkel", "Dorothea Merkel", "Merkel", "Emmanuel Macron", "Macron" },
      texts((rules:match(doc, { all = true }))))
  end)

  it("captures named groups; inside a repeat the last repetition wins", function()
    local rules = glean.rules(nlp)
    rules:add("r", "who:(<title>+) {said says}")
    rules:add("rep", "(w:<title> ',')+ 'and'")
    local doc = nlp:parse("then Angela Merkel said so. Bonn, Berlin, and more")
    local ms = rules:match(doc)
    assert.equal(2, #ms)
    assert.equal("Angela Merkel", ms[1].groups.who.text)
    assert.equal("Berlin", ms[2].groups.w.text)
  end)

  it("gives a capture around the whole rule without re-running it, but not one in a repeat", function()
    local rules = glean.rules(nlp)
    rules:add("whole", "ent:(<title> <title>?)")
    rules:add("repeated", "(last:<upper>)+")
    local ms = rules:match(nlp:parse("Angela Merkel met NATO EU chiefs"))
    local got = {}
    for _, m in ipairs(ms) do
      local g = m.groups.ent or m.groups.last
      got[#got + 1] = m.rule .. ":" .. m.text .. "=" .. g.text
    end
    assert.same({ "whole:Angela Merkel=Angela Merkel", "repeated:NATO EU=EU" }, got)
  end)

  it("reports the same matches and captures as flat integers (rules:_match_flat)", function()
    local rules = glean.rules(nlp)
    rules:add("said", "who:(<title>+) {said says} what:_?")
    rules:add("year", "in y:<num>")
    rules:add("plain", "'Bonn'")
    local doc = nlp:parse("Angela Merkel said in 2019 that Bonn says")
    local flat, n = rules._core:_match_flat(doc, nil, false, nil)
    local ms = rules:match(doc)
    assert.equal(#ms, n)
    local k, got, want = 1, {}, {}
    for i = 1, n do
      local name, caps = rules._core:_info(flat[k])
      local row = { name, flat[k + 1], flat[k + 2] }
      for c = 1, #caps do
        local a, b = flat[k + 1 + 2 * c], flat[k + 2 + 2 * c]
        row[#row + 1] = caps[c] .. "=" .. (a > 0 and (a .. "-" .. b) or "none")
      end
      got[i] = table.concat(row, " ")
      k = k + 3 + 2 * #caps
      local m = ms[i]
      local w = { m.rule, m.first, m.last }
      for c = 1, #caps do
        local g = m.groups[caps[c]]
        w[#w + 1] = caps[c] .. "=" .. (g and (g.first .. "-" .. g.last) or "none")
      end
      want[i] = table.concat(w, " ")
    end
    assert.same(want, got)
    assert.equal("said 1 4 who=1-2 what=4-4", got[1])
    assert.equal(#flat + 1, k)
  end)

  it("records which top-level alternative matched", function()
    local rules = glean.rules(nlp)
    rules:add("r", "huawei | deutsche telekom")
    local ms = rules:match(nlp:parse("Deutsche Telekom buys from Huawei."))
    assert.same({ 2, 1 }, { ms[1].alternative, ms[2].alternative })
    assert.equal("rule:r", ms[1].source)
  end)
end)

describe("entities in rules", function()
  local function doc_with_ents()
    local doc = nlp:parse("Deutsche Telekom AG said Huawei Technologies Co. met officials in Berlin.")
    local gaz = glean.gazetteer { nlp = nlp }
    gaz:add("Deutsche Telekom", "ORG")
    gaz:add("Huawei Technologies", "ORG")
    gaz:add("Berlin", "GPE")
    gaz:annotate(doc)
    return doc
  end

  it("@LABEL consumes a whole entity span, with label sets and @*", function()
    local doc = doc_with_ents()
    local rules = glean.rules(nlp)
    rules:add("suffix", "@ORG {ag 'Co.'}")
    rules:add("place", "in @GPE|LOC")
    rules:add("said_after", "@* 'AG'? said")
    local got = {}
    for _, m in ipairs((rules:match(doc))) do got[#got + 1] = m.rule .. ":" .. m.text end
    assert.same({ "said_after:Deutsche Telekom AG said", "suffix:Deutsche Telekom AG",
      "suffix:Huawei Technologies Co.", "place:in Berlin" }, got)
    rules:add("person", "@PERSON")
    assert.same({}, texts((rules:match(doc, { rule = "person" }))))
  end)

  it("token specs test the covering entity with ent=", function()
    local doc = doc_with_ents()
    local rules = glean.rules(nlp)
    rules:add("r", { { ent = "GPE" } })
    rules:add("any", { { ent = true, is_title = true, op = "+" } })
    local ms = rules:match(doc, { rule = "r" })
    assert.same({ "Berlin" }, texts(ms))
    assert.same({ "Deutsche Telekom", "Huawei Technologies", "Berlin" },
      texts((rules:match(doc, { rule = "any" }))))
  end)
end)

describe("token specs (Lua tables)", function()
  it("combines keys with AND and supports op, name and flags", function()
    local rules = glean.rules(nlp)
    rules:add("r", {
      { lower = { "mr.", "ms." } },
      { is_title = true, op = "+", name = "who" },
      { norm = "said", op = "?" },
    }, { label = "PERSON" })
    local ms = rules:match(nlp:parse("Then Mr. John Smith said hello and Ms. Jones left."))
    assert.same({ "Mr. John Smith said", "Ms. Jones" }, texts(ms))
    assert.equal("John Smith", ms[1].groups.who.text)
    assert.equal("PERSON", ms[1].label)
  end)

  it("supports text, shape, pattern, length and op='!' and {min,max}", function()
    local rules = glean.rules(nlp)
    rules:add("r", { { text = "A" }, { op = "!", norm = "b" }, { shape = "dd", op = { 1, 2 } } })
    rules:add("p", { { pattern = "^%u%u%u$", length = 3 } })
    local doc = nlp:parse("A x 12 34 56 A b 12 BSI")
    assert.same({ "A x 12 34" }, texts((rules:match(doc, { rule = "r" }))))
    assert.same({ "BSI" }, texts((rules:match(doc, { rule = "p" }))))
  end)

  it("rejects unknown keys and bad values with the rule name and token number", function()
    local rules = glean.rules(nlp)
    assert.has_error(function() rules:add("bad", { { nrom = "x" } }) end)
    local ok, err = pcall(rules.add, rules, "bad", { { nrom = "x" } })
    assert.is_false(ok)
    assert.matches("rule bad, token 1: unknown key 'nrom'", err, 1, true)
    ok, err = pcall(rules.add, rules, "bad2", { { op = "%" } })
    assert.matches("rule bad2, token 1: 'op' must be", err, 1, true)
    ok, err = pcall(rules.add, rules, "bad3", { "said" })
    assert.matches("token spec must be a table", err, 1, true)
    assert.equal(0, #rules)
  end)
end)

describe("conflicts", function()
  -- "Deutsche Telekom AG" is claimed by three rules of different lengths and priorities.
  local text = "Deutsche Telekom AG said so."
  local function make()
    local rules = glean.rules(nlp)
    rules:add("two", "deutsche telekom", { label = "ORG2", priority = 1 })
    rules:add("three", "deutsche telekom ag said", { label = "ORG3" })
    rules:add("tail", "telekom ag said", { label = "TAIL", priority = 5 })
    rules:add("tail_twin", "telekom ag said", { label = "TWIN", priority = 5 })
    return rules
  end
  local function ents(doc)
    local t = {}
    for i, e in ipairs(doc.ents) do t[i] = e.label .. ":" .. e.text end
    return t
  end

  it("longest (default): longest span, then priority, then the earlier rule", function()
    local doc = nlp:parse(text)
    assert.equal(1, make():annotate(doc))
    assert.same({ "ORG3:Deutsche Telekom AG said" }, ents(doc))
  end)

  it("priority: higher priority first; equal priority goes to the earlier rule", function()
    local doc = nlp:parse(text)
    make():annotate(doc, { style = "priority", keep_rejected = true })
    assert.same({ "TAIL:Telekom AG said" }, ents(doc))
    local lost = {}
    for _, r in ipairs(doc.rejected) do lost[#lost + 1] = r.rule end
    table.sort(lost)
    assert.same({ "tail_twin", "three", "two" }, lost)
    for _, r in ipairs(doc.rejected) do
      assert.matches("overlaps TAIL %(rule tail, tokens 2%-4%)", r.reason)
    end
  end)

  it("first: the earliest start wins, then the longer span", function()
    local doc = nlp:parse(text)
    make():annotate(doc, { style = "first" })
    assert.same({ "ORG3:Deutsche Telekom AG said" }, ents(doc))
  end)

  it("all: every labeled match in doc.matches, overlaps kept, doc.ents untouched", function()
    local doc = nlp:parse(text)
    assert.equal(4, make():annotate(doc, { style = "all" }))
    assert.equal(4, #doc.matches)
    assert.same({}, ents(doc))
  end)

  it("is deterministic: the same winner however often it runs", function()
    for _ = 1, 20 do
      local doc = nlp:parse(text)
      make():annotate(doc, { style = "priority" })
      assert.same({ "TAIL:Telekom AG said" }, ents(doc))
    end
  end)

  it("does not annotate unlabeled rules", function()
    local rules = glean.rules(nlp)
    rules:add("nolabel", "deutsche telekom")
    local doc = nlp:parse(text)
    assert.equal(0, rules:annotate(doc))
    assert.equal(1, #(rules:match(doc)))
  end)
end)

describe("actions", function()
  it("reject matches by returning false and relabel by returning a table", function()
    local rules = glean.rules(nlp)
    rules:add("caps", "<title>+", { label = "NAME", action = function(m, doc)
      assert.equal("glean.Doc", tostring(doc):match("^glean%.Doc"))
      if m.text == "Monday" then return false end
      if m.text:find("Telekom") then return { label = "ORG", checked = true } end
    end })
    local doc = nlp:parse("on Monday, Deutsche Telekom met Angela Merkel.")
    rules:annotate(doc, { keep_rejected = true })
    local got = {}
    for _, e in ipairs(doc.ents) do got[#got + 1] = e.label .. ":" .. e.text end
    assert.same({ "ORG:Deutsche Telekom", "NAME:Angela Merkel" }, got)
    assert.is_true(doc.ents[1].checked)
    assert.equal("Monday", doc.rejected[1].text)
    assert.equal("rejected by its action", doc.rejected[1].reason)
  end)

  it("sets the fields of a table action on every match", function()
    local rules = glean.rules(nlp)
    rules:add("r", "huawei", { label = "ORG", action = { id = "Q1234", kb = "wikidata" } })
    local m = rules:match(nlp:parse("Huawei"))[1]
    assert.same({ "Q1234", "wikidata" }, { m.id, m.kb })
  end)

  it("propagates an error raised in an action with the rule name", function()
    local rules = glean.rules(nlp)
    rules:add("boom", "huawei", { action = function() error("no network") end })
    local ok, err = pcall(rules.match, rules, nlp:parse("Huawei and Huawei"))
    assert.is_false(ok)
    assert.matches("rule boom: action failed: .*no network", err)
    for _ = 1, 200 do pcall(rules.match, rules, nlp:parse("Huawei")) end -- ASan: no leak
  end)
end)

describe("malformed rules", function()
  local cases = {
    { "(said", "rule bad, column 6: expected ')' to close the group, found the end of the rule" },
    { "said)", "rule bad, column 5: expected no ')' here (nothing to close), found ')'" },
    { "", "rule bad, column 1: expected at least one item, found the end of the rule" },
    { "a | ", "rule bad, column 5: expected at least one item" },
    { "'Co.", "rule bad, column 5: expected a closing '" },
    { "<titel>", "rule bad, column 2: expected a class: title upper" },
    { "<len:4-2>", "rule bad, column 2: <len:MIN-MAX> needs MIN <= MAX" },
    { "a{3,2}", "rule bad, column 2: a repeat {n,m} needs n <= m <= 1000" },
    { "a{2000}", "rule bad, column 2: a repeat {n,m} needs n <= m <= 1000" },
    { "a?*", "rule bad, column 3: two quantifiers in a row" },
    { "b (a?)*", "rule bad, column 7: a repeated item must consume a token" },
    { "a?", "rule bad: it can match without consuming any token" },
    { "^ $", "rule bad: it can match without consuming any token" },
    { "{}", "rule bad, column 1: empty set {}" },
    { "{a b", "rule bad, column 5: expected '}' to close the set" },
    { "!(a b)", "rule bad, column 2: expected after !, one token item" },
    { "@", "rule bad, column 2: expected an entity label after @" },
    { "/[a/", "rule bad: bad Lua pattern /[a/" },
    { "//", "rule bad, column 1: empty Lua pattern //" },
    { '""', "rule bad, column 1: empty quotes" },
    { string.rep("(", 40) .. "a" .. string.rep(")", 40), "groups nested too deeply (limit 32)" },
    { "a{1000}{1000}", "rule bad, column 8: two quantifiers in a row" },
    { "a+{2}", "rule bad, column 3: two quantifiers in a row" },
    { "{a \u{5BF}}", "rule bad, column 1: '\u{5BF}' normalizes to nothing" },
    { "x \u{301}", "rule bad, column 5: '\u{301}' normalizes to nothing" },
    { "(a{1000}){1000}", "rule bad: too large (more than 65536 instructions" },
  }
  for _, case in ipairs(cases) do
    it(("rejects %q with a clear message"):format(case[1]:sub(1, 30)), function()
      local rules = glean.rules(nlp)
      local ok, err = pcall(rules.add, rules, "bad", case[1])
      assert.is_false(ok)
      assert.matches(case[2], err, 1, true)
      assert.equal(0, #rules) -- nothing half-added
      rules:add("good", "said")
      assert.equal(1, #(rules:match(nlp:parse("he said"))))
    end)
  end

  it("rejects bad arguments and unknown options", function()
    local rules = glean.rules(nlp)
    assert.has_error(function() rules:add("", "x") end, "bad argument #1 to 'add' (rule name expected)")
    assert.has_error(function() rules:add("x", 42) end)
    assert.has_error(function() rules:add("x", "y", { lable = "X" }) end,
      "add: unknown option 'lable' (known: action, label, priority)")
    rules:add("x", "y")
    assert.has_error(function() rules:add("x", "z") end, "add: a rule named 'x' exists")
    assert.has_error(function() rules:match(nlp:parse("y"), { al = true }) end)
    assert.has_error(function() rules:explain(nlp:parse("y"), "nope") end, "explain: no rule named 'nope'")
    assert.has_error(function() rules:explain(nlp:parse("y"), "x", 5) end)
    assert.has_error(function() glean.rules("nlp") end)
  end)
end)

describe("explain", function()
  local doc = nlp:parse(helpers.read("examples/huawei-5g.txt"))

  it("shows each element, the tokens it consumed and the failing test with the token's value", function()
    local rules = glean.rules(nlp)
    rules:add("title_said", "<title>+ said")
    local i = doc:token_at(doc.text:find("Huawei Technologies")).i
    local out = rules:explain(doc, "title_said", i)
    assert.matches("rule title_said: <title>+ said\n", out, 1, true)
    assert.matches('1   <title>%+ +tokens %d+%-%d+ "Huawei Technologies Co%."\n', out)
    assert.matches('2   said +failed on token %d+ "says": norm="says", expected "said"', out)
    assert.matches('no match: stopped at token %d+ "says"', out)
  end)

  it("without a start, explains the first match or the attempt that got farthest", function()
    local rules = glean.rules(nlp)
    rules:add("m", "chancellor <title> <title> said")
    rules:add("miss", "chancellor <title> <title> told")
    assert.matches('first match from token %d+ "Chancellor"', rules:explain(doc, "m"))
    assert.matches('match: tokens %d+%-%d+ "Chancellor Angela Merkel said"', rules:explain(doc, "m"))
    local out = rules:explain(doc, "miss")
    assert.matches('farthest attempt from token %d+ "Chancellor"', out)
    assert.matches('failed on token %d+ "said": norm="said", expected "told"', out)
  end)

  it("names flags, lengths, entities and the end of the document", function()
    local rules = glean.rules(nlp)
    rules:add("f", "<title>")
    rules:add("e", "@ORG")
    rules:add("l", "<len:10-12>")
    rules:add("end", "huawei _")
    local d = nlp:parse("said Huawei")
    assert.matches('failed on token 1 "said": is_title=false', rules:explain(d, "f", 1))
    assert.matches('failed on token 1 "said": no entity starts here', rules:explain(d, "e", 1))
    assert.matches('length=4, expected 10%-12', rules:explain(d, "l", 1))
    assert.matches("failed on reached the end of the document", rules:explain(d, "end", 2), 1, true)
  end)
end)

describe("Lua pattern predicates", function()
  it("call into Lua once per token type, never per token", function()
    local rules = glean.rules(nlp)
    rules:add("r", "/^%u%u+$/ /^%u%u+$/?")
    local doc = nlp:parse(string.rep("BSI EU BSI eu BSI EU ", 1000))
    assert.equal(3000, #(rules:match(doc)))
    assert.equal(3, rules.lua_pattern_calls)   -- BSI, EU, eu
    rules:match(nlp:parse("EU BSI"))
    assert.equal(0, rules.lua_pattern_calls)   -- cached per type for the nlp
  end)

  it("raise a runtime pattern error as a clear error, not a crash", function()
    local rules = glean.rules(nlp)
    assert.has_error(function() rules:add("early", "x /a%f/") end,
      "rule early: bad Lua pattern /a%f/: missing '[' after '%f' in pattern")
    rules:add("r", "x /q(/")   -- passes the check at add: it never meets a 'q' there
    local ok, err = pcall(rules.match, rules, nlp:parse("x q y"))
    assert.is_false(ok)
    assert.matches("Lua pattern /q(/: unfinished capture", err, 1, true)
    assert.equal(0, #(rules:match(nlp:parse("x y")))) -- still usable
  end)
end)

describe("linear time", function()
  it("matches (_? ){30} _{30} over 100,000 tokens in steps linear in the length", function()
    local rules = glean.rules(nlp)
    rules:add("r", "(_? ){30} _{30}")
    local function steps(ntok)
      local doc = nlp:parse(string.rep("w ", ntok))
      assert.equal(ntok, #doc)
      local ms, n = rules:match(doc)
      return n, ms
    end
    -- the first match also builds the DFA cache (a cost per rule set, not per token)
    local cold = steps(50000)
    assert.is_true(cold <= 50000 * rules._core:_program_size() * 4, "steps " .. cold)
    local s50, m50 = steps(50000)
    local s100, m100 = steps(100000)
    assert.is_true(#m100 > 0 and #m50 > 0)
    assert.equal(m100[1].last, 60)            -- leftmost-longest: 60 tokens
    local ratio = s100 / s50
    assert.is_true(ratio > 1.9 and ratio < 2.1, "steps ratio " .. ratio)
    -- bounded by tokens x program size (with a small constant)
    assert.is_true(s100 <= 100000 * rules._core:_program_size() * 4, "steps " .. s100)
  end)

  it("does not rescan after a match: _ (_* x)? over a long run without x", function()
    local rules = glean.rules(nlp)
    rules:add("r", "_ (_* x)?")
    local function steps(ntok)
      local _, n = rules:match(nlp:parse(string.rep("w ", ntok)))
      return n
    end
    steps(20000) -- builds the DFA cache
    local ratio = steps(40000) / steps(20000)
    assert.is_true(ratio > 1.9 and ratio < 2.1, "steps ratio " .. ratio)
  end)
end)

describe("prefilters", function()
  it("skip a rule in a document where a token it requires never occurs", function()
    local rules = glean.rules(nlp)
    rules:add("suffix", "ent:(<title>+ {'Co.' 'Inc'})")
    local without = nlp:parse(("Angela Merkel met Emmanuel Macron in Berlin. "):rep(20))
    local ms, steps = rules:match(without)
    assert.same({}, ms)
    assert.equal(0, steps)
    local with = nlp:parse("Angela Merkel met Huawei Technologies Co. in Berlin.")
    ms, steps = rules:match(with)
    assert.same({ "Huawei Technologies Co." }, texts(ms))
    assert.is_true(steps > 0)
  end)

  it("spawn a rule that opens with an entity only where an entity starts", function()
    local rules = glean.rules(nlp)
    rules:add("said", "@ORG said")
    local doc = nlp:parse(("the staff said that it said so and said no . "):rep(10) .. "Huawei said so.")
    doc:add_ents({ doc:span(#doc - 3, #doc - 3, "ORG") })
    local ms, steps = rules:match(doc)
    assert.same({ "Huawei said" }, texts(ms))
    -- spawned at every token it would take more than #doc steps
    assert.is_true(steps < 30 and #doc > 100, ("steps %d over %d tokens"):format(steps, #doc))
  end)

  it("pass doc.ents to the matcher only when a rule looks at entities", function()
    local plain, ents = glean.rules(nlp), glean.rules(nlp)
    plain:add("said", "{said says} <title>")
    ents:add("said", "{said says} <title>")
    assert.is_false(plain._core:_uses_ents())
    assert.is_false(ents._core:_uses_ents())
    ents:add("by", { { norm = "by" }, { ent = "ORG" } })
    assert.is_true(ents._core:_uses_ents())
    local doc = nlp:parse("Huawei said Tuesday it was hit by Reuters, says Merkel.")
    doc:add_ents({ doc:span(1, 1, "ORG"), doc:span(8, 8, "ORG") })   -- Huawei, Reuters
    assert.same({ "said Tuesday", "says Merkel" }, texts(plain:match(doc)))
    assert.same({ "said Tuesday", "by Reuters", "says Merkel" }, texts(ents:match(doc)))
  end)
end)

-- Random rules over a small vocabulary: the backward longest-match pass (used by match)
-- and the Pike VM (used by explain) are independent; they must agree on the longest match
-- from every start.
local function random_rules(seed, items, max_depth, quantifiers)
  local function rand(n)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n + 1
  end
  local function gen(depth)
    local parts = {}
    for _ = 1, rand(3) do
      local item
      if depth < max_depth and rand(4) == 1 then
        item = "(" .. gen(depth + 1) .. (rand(2) == 1 and (" | " .. gen(depth + 1)) or "") .. ")"
      else
        item = items[rand(#items)]
      end
      parts[#parts + 1] = item .. quantifiers[rand(#quantifiers)]
    end
    return table.concat(parts, " ")
  end
  return gen, rand
end

-- Compares rules:match{all=true} with rules:explain from every token; returns the count.
local function agree_with_explain(rules, doc, src)
  local got = {}
  for _, m in ipairs((rules:match(doc, { all = true }))) do got[m.first] = m.last end
  for s = 1, #doc do
    local out = rules:explain(doc, "r", s)
    local a, b = out:match("\nmatch: tokens (%d+)%-(%d+)")
    if not a then a = out:match("\nmatch: token (%d+)") b = a end
    assert.equal(got[s], b and tonumber(b), ("rule %q on %q from token %d:\n%s")
      :format(src, doc.text, s, out))
  end
  return #doc
end

describe("matchers agree", function()
  it("on 300 random rules and documents", function()
    local gen, rand = random_rules(12345, { "a", "b", "'C'", "{a b}", "!a", "<title>",
      "<upper>", "_", "^", "$", "@X", "/^%l$/" }, 3, { "", "", "", "?", "*", "+", "{1,2}" })
    local words = { "a", "b", "C", "D", "a", "b", ".", "EE" }
    local checked = 0
    for _ = 1, 300 do
      local rules = glean.rules(nlp)
      local src = "b " .. gen(0)
      if pcall(rules.add, rules, "r", src) then
        local toks = {}
        for i = 1, 12 do toks[i] = words[rand(#words)] end
        local doc = nlp:parse(table.concat(toks, " "))
        doc.ents = {}
        if #doc > 3 then doc:add_ents({ doc:span(2, 3, "X") }) end
        checked = checked + agree_with_explain(rules, doc, src)
      end
    end
    assert.is_true(checked > 1000, "checked " .. checked)
  end)

  -- without the fixed opening word: rules may start with @X (spawned only where an
  -- entity starts), _, ^ or an optional item
  it("on 300 random rules that open with anything, on documents with entities", function()
    local gen, rand = random_rules(777, { "a", "b", "'C'", "!a", "<title>", "_", "^", "$",
      "@X", "@X|Y", "@*" }, 2, { "", "", "?", "*", "+" })
    local words = { "a", "b", "C", "D", "a", "." }
    local checked, ent_first = 0, 0
    for _ = 1, 300 do
      local rules = glean.rules(nlp)
      local src = gen(0)
      if pcall(rules.add, rules, "r", src) then
        if src:find("^%(?@") then ent_first = ent_first + 1 end
        local toks = {}
        for i = 1, 12 do toks[i] = words[rand(#words)] end
        local doc = nlp:parse(table.concat(toks, " "))
        doc.ents = {}
        doc:add_ents({ doc:span(2, 3, "X"), doc:span(6, 6, "Y"), doc:span(9, 11, "X") })
        checked = checked + agree_with_explain(rules, doc, src)
      end
    end
    assert.is_true(checked > 1000, "checked " .. checked)
    assert.is_true(ent_first > 20, "rules opening with an entity: " .. ent_first)
  end)

  -- The first pass runs on a DFA cached across documents; the NFA simulation it is built
  -- from stays as its fallback and reference (rules._core:_tune(true) forces it). Several
  -- random rules per set, so that their states share the DFA's.
  it("on 100 random rule sets, with the DFA and with the NFA first pass", function()
    local gen, rand = random_rules(4242, { "a", "b", "'C'", "!a", "<title>", "_", "^", "$",
      "^^", "$$", "@X", "@X|Y", "@*", "{a b}", "ent=X" }, 2, { "", "", "?", "*", "+", "{1,3}" })
    local words = { "a", "b", "C", "D", "a", ".", "\n" }
    local compared = 0
    for _ = 1, 100 do
      local rules = glean.rules(nlp)
      for k = 1, 4 do pcall(rules.add, rules, "r" .. k, gen(0)) end
      if #rules._core > 0 then
        for _ = 1, 3 do -- documents in turn: the cache is reused
          local toks = {}
          for i = 1, 20 do toks[i] = words[rand(#words)] end
          local doc = nlp:parse(table.concat(toks, " "))
          local ents = #doc > 12 and rules._core:_uses_ents() and
            { 2, 3, "X", 6, 6, "Y", 9, 12, "X" } or nil
          for _, all in ipairs({ false, true }) do
            rules._core:_tune(true)
            local want = { rules._core:_match_flat(doc, ents, all, nil) }
            rules._core:_tune(false)
            local got = { rules._core:_match_flat(doc, ents, all, nil) }
            assert.same(want, got)
            compared = compared + want[2]
          end
        end
      end
    end
    assert.is_true(compared > 500, "matches compared " .. compared)
  end)
end)

describe("documents", function()
  it("handles empty documents, NUL bytes and docs from another nlp of the same settings", function()
    local rules = glean.rules(nlp)
    rules:add("r", "a b")
    assert.same({}, (rules:match(nlp:parse(""))))
    assert.equal(0, #(rules:match(nlp:parse("a\0b"))))
    local other = glean.new()
    assert.equal(1, #(rules:match(other:parse("x a b"))))
    local hy = glean.new { split_hyphens = false }
    assert.has_error(function() rules:match(hy:parse("a b")) end)
  end)

  it("rejects overlapping entities in doc.ents with a clear error", function()
    local rules = glean.rules(nlp)
    rules:add("r", "@X")
    local doc = nlp:parse("a b c")
    doc.ents = { doc:span(1, 2, "X"), doc:span(2, 3, "X") }
    assert.has_error(function() rules:match(doc) end,
      "entities 1 and 2 overlap or are out of order (doc.ents must be sorted and non-overlapping)")
  end)
end)

describe("examples/rules.lua", function()
  it("runs on the bundled article and finds speakers, dates, acronyms and a near miss", function()
    local out = {}
    local saved_print, saved_write, saved_arg = print, io.write, arg
    _G.print = function(...)
      local t = {}
      for i = 1, select("#", ...) do t[#t + 1] = tostring((select(i, ...))) end
      out[#out + 1] = table.concat(t, "\t") .. "\n"
    end
    io.write = function(...)
      for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
    end
    _G.arg = {}
    local ok, err = pcall(dofile, "examples/rules.lua")
    _G.print, io.write, _G.arg = saved_print, saved_write, saved_arg
    assert(ok, err)
    local text = table.concat(out)
    assert.matches("title_name +%d+%-%d+ +Chancellor Angela Merkel +name=Angela Merkel title=Chancellor", text)
    assert.matches("official_said +%d+%-%d+ +a U.S. State Department official said", text)
    assert.matches("acronym +%d+%-%d+ +the cyber defense agency %(BSI%) +long=the cyber defense agency short=BSI", text)
    assert.matches("relative +%d+%-%d+ +last week", text)
    assert.matches('4   told +failed on token %d+ "said": norm="said", expected "told"', text)
  end)
end)
