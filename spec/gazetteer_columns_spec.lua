-- gaz:match(doc, {columns=true}): the same matches as gaz:match's spans, as parallel
-- arrays (first, last, start, stop, entry, label, source, id), for lists with a match
-- every few tokens. Checked against the spans on the Huawei article and its gazetteer.
local glean = require "glean"
local h = require "spec.helpers"

local article = h.read("examples/huawei-5g.txt")
local FIELDS = { "first", "last", "start", "stop", "entry", "label", "source", "id" }

-- Asserts that m holds exactly the spans' matches, field by field, and that m:span(k)
-- is the span gaz:match gave (same fields, nothing more, same metatable).
local function assert_same_matches(m, spans)
  assert.are.equal(#spans, m.n)
  assert.are.equal(m.n, #m)
  for _, f in ipairs(FIELDS) do
    if f ~= "id" then assert.are.equal(m.n, #m[f], f) end
  end
  for k, s in ipairs(spans) do
    for _, f in ipairs(FIELDS) do
      assert.are.equal(s[f], m[f][k], ("match %d, field %s"):format(k, f))
    end
    local made = m:span(k)
    assert.are.equal(getmetatable(s), getmetatable(made))
    assert.are.equal(s.text, made.text)
    local keys_s, keys_made = {}, {}
    for key in pairs(s) do keys_s[#keys_s + 1] = key end
    for key in pairs(made) do keys_made[#keys_made + 1] = key end
    table.sort(keys_s)
    table.sort(keys_made)
    assert.are.same(keys_s, keys_made)
    for _, key in ipairs(keys_s) do assert.are.equal(s[key], made[key], key) end
  end
end

describe("gaz:match(doc, {columns=true})", function()
  local nlp = glean.new()
  local doc = nlp:parse(article)
  local gaz = glean.gazetteer { nlp = nlp, name = "huawei-world" }
  assert(gaz:load_tsv("examples/huawei-world.tsv"))

  it("gives the spans' matches as columns, leftmost-longest, all=true and by label", function()
    for _, opts in ipairs({ {}, { all = true }, { labels = { "ORG", "PERSON" } } }) do
      local spans = gaz:match(doc, opts)
      local with_columns = { columns = true, all = opts.all, labels = opts.labels }
      assert_same_matches(gaz:match(doc, with_columns), spans)
    end
    local m = gaz:match(doc, { columns = true })
    assert.is_true(m.n > 30, m.n .. " matches")
  end)

  it("holds byte offsets of the text, labels, ids and the list's name", function()
    local m = gaz:match(doc, { columns = true })
    local seen = {}
    for k = 1, m.n do
      local text = doc.text:sub(m.start[k], m.stop[k])
      seen[#seen + 1] = ("%s %s %s"):format(text, m.label[k], m.id[k] or "-")
      assert.are.equal("huawei-world", m.source[k])
      assert.are.equal(doc[m.first[k]].start, m.start[k])
      assert.are.equal(doc[m.last[k]].stop, m.stop[k])
      assert.are.equal(m.label[k], gaz:entry(m.entry[k]).label)
    end
    local text = table.concat(seen, "\n")
    assert.truthy(text:find("Huawei ORG Q160120", 1, true))
    assert.truthy(text:find("Deutsche Telekom ORG", 1, true))
    assert.truthy(text:find("Germany GPE Q183", 1, true))
  end)

  it("leaves id[k] nil for an entry without an id", function()
    local g = glean.gazetteer { nlp = nlp }
    g:add("Deutsche Telekom", "ORG", "Q9396")
    g:add("Telekom", "BRAND")
    local m = g:match(nlp:parse("Deutsche Telekom, not Telekom alone."), { columns = true })
    assert.are.equal(2, m.n)
    assert.are.same({ 1, 5 }, m.first)
    assert.are.same({ 2, 5 }, m.last)
    assert.are.same({ "ORG", "BRAND" }, m.label)
    assert.are.equal("Q9396", m.id[1])
    assert.is_nil(m.id[2])
    assert.is_nil(m:span(2).id)
    assert.are.equal("Telekom", m:span(2).text)
  end)

  it("is the same from a saved and reopened file", function()
    local path = os.tmpname()
    assert(gaz:save(path))
    local opened = assert(glean.gazetteer.open(path, { nlp = nlp }))
    os.remove(path)
    assert_same_matches(opened:match(doc, { columns = true }), gaz:match(doc))
  end)

  it("is empty, not nil, for an empty text and where nothing matches", function()
    for _, text in ipairs({ "", "nothing of the list here", "\0" }) do
      local m = gaz:match(nlp:parse(text), { columns = true })
      assert.are.equal(0, m.n)
      assert.are.equal(0, #m)
      assert.are.same({}, m.first)
      assert.are.same({}, m.label)
    end
    assert.are.equal(0, gaz:match(doc, { columns = true, labels = { "NOPE" } }).n)
  end)

  it("refuses a columns option that is not a boolean, and match numbers out of range", function()
    assert.has_error(function() gaz:match(doc, { columns = "yes" }) end)
    local ok, err = pcall(gaz.match, gaz, doc, { columns = "yes" })
    assert.is_false(ok)
    assert.truthy(tostring(err):find("columns", 1, true), err)
    local m = gaz:match(doc, { columns = true })
    for _, k in ipairs({ 0, m.n + 1, 1.5, "1" }) do
      ok, err = pcall(m.span, m, k)
      assert.is_false(ok)
      assert.truthy(tostring(err):find("match number from 1 to " .. m.n, 1, true), err)
    end
  end)
end)
