-- The news extractors on degenerate and huge documents: bad bytes, nothing but marks,
-- and one document holding thousands of quotes, cues, definitions and dates. Every
-- result must lie inside the text, and the work must grow linearly with the document:
-- counted in Lua VM instructions (debug.sethook) and in kilobytes allocated, which do
-- not depend on the machine's speed, for one copy and for four copies of the same text.
local glean = require "glean"
local helpers = require "spec.helpers"

local nlp = glean.new { invalid = "replace" }
local EXTRACTORS = { "entities", "quotes", "acronyms", "dates", "quantities" }

-- Runs every extractor on text; checks that each span lies inside it. Returns the
-- results by extractor name.
local function extract_all(text)
  local doc = nlp:parse(text, { date = "2019-02-05" })
  local out = {}
  local function inside(s, what)
    assert.is_true(s.start >= 1 and s.stop <= #text and s.start <= s.stop + 1, what)
  end
  for _, name in ipairs(EXTRACTORS) do
    out[name] = glean.extract[name](doc)
  end
  for _, e in ipairs(out.entities) do inside(e, "entity") end
  for _, q in ipairs(out.quotes) do
    inside(q.span, "quote")
    if q.speaker then inside(q.speaker, "speaker") end
    if q.resolved then inside(q.resolved, "resolved speaker") end
  end
  for _, a in ipairs(out.acronyms) do inside(a.short_span, "short form") inside(a.long_span, "long form") end
  for _, d in ipairs(out.dates) do inside(d.span, "date") end
  for _, x in ipairs(out.quantities) do inside(x.span, "quantity") end
  return out
end

-- The work extractor `name` does on text: Lua VM instructions (in thousands) plus the
-- kilobytes it allocates from Lua (the collector stopped meanwhile), which also sees
-- work done inside C functions such as table.concat, plus the kilobytes that its
-- string.find calls read (from the start position to the end of what they found, or
-- to the end of the string: one whole-text search per name, quote or cue is a
-- quadratic step that costs a single VM instruction each time).
local function instructions(name, text)
  local doc = nlp:parse(text, { date = "2019-02-05" })
  if name ~= "entities" then glean.extract.entities(doc) end  -- speakers, long forms see them
  local count, searched = 0, 0
  local find = string.find
  string.find = function(s, pattern, init, plain)
    local r = table.pack(find(s, pattern, init, plain))
    if type(s) == "string" then
      local from = init or 1
      if from < 0 then from = math.max(#s + from + 1, 1) end
      -- read up to the end of the match found, or to the end of the string
      searched = searched + math.max((r[2] or #s) - from + 1, 0)
    end
    return table.unpack(r, 1, r.n)
  end
  collectgarbage("collect")
  collectgarbage("stop")
  local kb = collectgarbage("count")
  debug.sethook(function() count = count + 1 end, "", 1000)
  local ok, err = pcall(glean.extract[name], doc)
  debug.sethook()
  string.find = find
  kb = collectgarbage("count") - kb
  collectgarbage("restart")
  assert(ok, err)
  return count + math.floor(kb) + searched // 1000
end

describe("the extractors on degenerate input", function()
  it("cope with empty text, NUL bytes, invalid UTF-8 and nothing but marks", function()
    for _, text in ipairs {
      "", "   \n\n\t ", "Angela\0Merkel said \"hi\0there\" (BSI\0) on Tuesday\0.",
      "Caf\xe9 \xff\xfe Merkel \"quoted \xc3\" said (B\x80SI) 5\xa3m",
      ("\"'«»„“”‘’()[]{}.,;:!?-–—"):rep(50), ("((((( ))))) (A) (B (C) D) ("):rep(30),
      ('"open '):rep(500), ("\r\n\r"):rep(300) .. "Arsenal v Stoke\r",
      ("on Tuesday, Feb. 30, 2019 and 31 February 2019 and 2019-13-45 "):rep(30),
    } do
      extract_all(text)
    end
    local out = extract_all("Angela\0Merkel said \"hi\0there\" on Tuesday.")
    assert.equal(1, #out.quotes)
    assert.equal("2019-02-05", out.dates[1].value)
  end)
end)

describe("the extractors on a huge document", function()
  local copies = helpers.scale(2000, 200)
  local news = ('The chairman of the Federal Network Agency (FNA), Sher Khan, said: "It is '
    .. 'a risk." The official said on Tuesday that "costs" rose 5% to $2.5bn last week. ')

  it("find every quote, speaker, definition and date of thousands of copies", function()
    local out = extract_all(news:rep(copies))
    assert.equal(2 * copies, #out.quotes)
    assert.equal(copies, #out.acronyms)
    local with_speaker = 0
    for _, q in ipairs(out.quotes) do
      if q.speaker then with_speaker = with_speaker + 1 end
    end
    assert.equal(2 * copies, with_speaker)
    assert.is_true(#out.dates >= 2 * copies)
    assert.is_true(#out.quantities >= 2 * copies)
  end)

  it("do Lua work linear in the document (VM instructions, 4 copies vs 1)", function()
    local one, four = news:rep(copies // 4), news:rep(copies)
    for _, name in ipairs(EXTRACTORS) do
      local a, b = instructions(name, one), instructions(name, four)
      -- linear: 4x; a quadratic step would give 16x
      assert.is_true(b <= 6 * math.max(a, 1), ("%s: %d then %d thousand instructions"):format(name, a, b))
    end
  end)

  it("stay linear with a lone capitalised word every few words (the lower-case test)", function()
    -- each lone capitalised word asks whether the doc also writes it in lower case
    local unit = "Then the Zorblax team met Quibble staff and Wibblo fans. "
    local a = instructions("entities", unit:rep(copies // 4))
    local b = instructions("entities", unit:rep(copies))
    assert.is_true(b <= 6 * math.max(a, 1), ("entities: %d then %d"):format(a, b))
  end)

  it("stay linear with a name of thousands of capitalised words", function()
    local function run(n) return ("Zorb "):rep(n) .. "Agency said." end
    local a = instructions("entities", run(copies))
    local b = instructions("entities", run(4 * copies))
    assert.is_true(b <= 6 * math.max(a, 1), ("entities: %d then %d"):format(a, b))
  end)

  it("stay linear with a quote, a cue or a description every few words", function()
    for _, unit in ipairs { '"a" ', 'the official said "it is" and the official said. ',
        'Zorblax Qux Wibble Agency (ZQWA) ' } do
      local a = instructions("quotes", unit:rep(copies // 4))
      local b = instructions("quotes", unit:rep(copies))
      assert.is_true(b <= 6 * math.max(a, 1), ("quotes on %q: %d then %d"):format(unit, a, b))
      a = instructions("acronyms", unit:rep(copies // 4))
      b = instructions("acronyms", unit:rep(copies))
      assert.is_true(b <= 6 * math.max(a, 1), ("acronyms on %q: %d then %d"):format(unit, a, b))
    end
  end)
end)
