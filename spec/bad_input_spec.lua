-- Bad and extreme input: each case gives a clear result, never a crash.
local glean = require "glean"
local h = require "spec.helpers"

describe("bad input", function()
  local nlp = glean.new()
  local replace = glean.new { invalid = "replace" }

  it("invalid UTF-8 raises an error naming the byte", function()
    local ok, err = pcall(nlp.parse, nlp, "Huawei \xA3 gear")
    assert.is_false(ok)
    assert.matches("invalid UTF%-8 at byte 8", err)
  end)

  it("invalid UTF-8 with invalid='replace' keeps offsets into the original bytes", function()
    local text = "a \xA315.8m signing"
    local doc = replace:parse(text)
    for tok in doc:tokens() do assert.are.equal(tok.text, text:sub(tok.start, tok.stop)) end
    assert.are.equal("\xA3", doc[2].text)
    assert.are.equal("\u{FFFD}", doc[2].norm)
    assert.are.equal("15.8m", doc[3].text)
  end)

  it("rejects overlong encodings and lone surrogates", function()
    for _, bad in ipairs { "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF",
                           "\xF4\x90\x80\x80", "\xFF", "\x80", "\xE2\x82" } do
      local ok, err = pcall(nlp.parse, nlp, "ok " .. bad .. " ok")
      assert.is_false(ok)
      assert.matches("invalid UTF%-8 at byte 4", err)
      local doc = replace:parse("ok " .. bad .. " ok")
      assert.are.equal("ok", doc[#doc].text)
    end
  end)

  it("handles empty text and text of only spaces", function()
    for _, t in ipairs { "", " ", "\n\n\n", " \t\r\n\u{00A0}\u{2003}\u{3000}" } do
      local doc = nlp:parse(t)
      assert.are.equal(0, #doc)
      assert.are.same({}, doc.sents)
      assert.is_nil(doc[1])
      assert.is_truthy(doc:to_json())
    end
  end)

  it("keeps NUL bytes inside the text as tokens of their own", function()
    local doc = nlp:parse("abc\0def \0")
    assert.are.same({ "abc", "\0", "def", "\0" }, h.texts(doc))
    assert.are.equal(5, doc[3].start)
  end)

  it("tokenizes a 1 MB single word as one token", function()
    local word = string.rep("a", 1024 * 1024)
    local doc = nlp:parse(word)
    assert.are.equal(1, #doc)
    assert.are.equal(#word, doc[1].stop)
    local marks = "e" .. string.rep("\u{301}", 100000)   -- one grapheme cluster
    assert.are.equal(1, #nlp:parse(marks))
  end)

  local mb = h.scale(200, 2)   -- GLEAN_HEAVY=0 (valgrind, GC stress): 2 MB
  it(("parses a %d MB text"):format(mb), function()
    local para = "The U.S. State Department official said on Tuesday that Huawei’s 5G gear "
      .. "poses a risk. “We are saying you need to be very cautious,” he said.\n\n"
    local text = string.rep(para, mb * 1024 * 1024 // #para + 1)
    assert.is_true(#text >= mb * 1024 * 1024)
    local doc = nlp:parse(text)
    local per = #nlp:parse(para)
    assert.are.equal(per * (#text // #para), #doc)
    assert.are.equal(text:sub(doc[#doc].start, doc[#doc].stop), doc[#doc].text)
    doc, text = nil, nil
    collectgarbage()
  end)

  it("raises clear errors for wrong argument types", function()
    assert.has_error(function() nlp:parse(42) end)
    assert.has_error(function() nlp:parse(nil) end)
    assert.has_error(function() nlp:parse("x", "meta") end)
    assert.has_error(function() nlp.parse("not an nlp", "x") end)
    assert.has_error(function() glean.normalize(nil) end)
  end)
end)
