-- Specs for glean.utf8.valid: strict UTF-8 (RFC 3629) with the 1-based position of the
-- first bad byte, including positions right after the 8-byte ASCII fast path.
local glean = require "glean"

local valid = glean.utf8.valid

-- Each invalid class: the bad bytes, and the 1-based position (within them) of the byte
-- that valid() must report.
local INVALID = {
  { "lone continuation byte", "\x80", 1 },
  { "lone continuation byte 0xBF", "\xBF", 1 },
  { "truncated 2-byte sequence at end", "\xC3", 1 },
  { "truncated 3-byte sequence at end", "\xE2\x82", 1 },
  { "truncated 4-byte sequence at end", "\xF0\x9F\x98", 1 },
  { "2-byte lead followed by ASCII", "\xC3(", 1 },
  { "3-byte lead, bad second continuation", "\xE2\x82(", 1 },
  { "overlong 2-byte (C0 AF)", "\xC0\xAF", 1 },
  { "overlong 2-byte (C1 BF)", "\xC1\xBF", 1 },
  { "overlong 3-byte (E0 80 AF)", "\xE0\x80\xAF", 1 },
  { "overlong 3-byte (E0 9F BF)", "\xE0\x9F\xBF", 1 },
  { "overlong 4-byte (F0 8F BF BF)", "\xF0\x8F\xBF\xBF", 1 },
  { "lone high surrogate U+D800", "\xED\xA0\x80", 1 },
  { "lone low surrogate U+DFFF", "\xED\xBF\xBF", 1 },
  { "above U+10FFFF (F4 90 80 80)", "\xF4\x90\x80\x80", 1 },
  { "F5 lead", "\xF5\x80\x80\x80", 1 },
  { "5-byte form", "\xF8\x88\x80\x80\x80", 1 },
  { "0xFE", "\xFE", 1 },
  { "0xFF", "\xFF", 1 },
}

describe("glean.utf8.valid", function()
  it("accepts ASCII, the empty string and NUL bytes", function()
    assert.is_true(valid(""))
    assert.is_true(valid("hello, world"))
    assert.is_true(valid("\0"))
    assert.is_true(valid("a\0b\0\0c"))
    local all = {}
    for b = 0, 127 do all[#all + 1] = string.char(b) end
    assert.is_true(valid(table.concat(all)))
    assert.is_true(valid(("The quick brown fox. "):rep(10000)))
  end)

  it("accepts 2-, 3- and 4-byte sequences and the boundary code points", function()
    assert.is_true(valid("caf\u{E9} \u{20AC} \u{6F22}\u{5B57} \u{1F600}"))
    for _, cp in ipairs({ 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF,
      0x10000, 0x10FFFF }) do
      assert.is_true(valid(utf8.char(cp)), ("U+%04X"):format(cp))
      assert.is_true(valid("ab" .. utf8.char(cp) .. "cd"), ("U+%04X"):format(cp))
    end
    assert.is_true(valid("\xF4\x8F\xBF\xBF")) -- U+10FFFF spelled out
    assert.is_true(valid("\xED\x9F\xBF"))     -- U+D7FF, just below the surrogates
  end)

  it("returns true and nothing else for valid input", function()
    assert.equal(1, select("#", valid("ok")))
  end)

  for _, case in ipairs(INVALID) do
    local name, bad, at = case[1], case[2], case[3]
    it("rejects " .. name .. " and reports its position", function()
      local ok, pos = valid(bad)
      assert.is_false(ok)
      assert.equal(at, pos)
      ok, pos = valid("abc" .. bad)
      assert.is_false(ok)
      assert.equal(3 + at, pos)
      ok, pos = valid("\u{E9}\u{20AC}" .. bad .. "xyz")
      assert.is_false(ok)
      assert.equal(5 + at, pos)
    end)
  end

  -- The validator skips ASCII eight bytes at a time: a bad byte at every offset around
  -- one or two words must still be found at the right place.
  it("reports the right position after ASCII runs of every length 0..40", function()
    for _, case in ipairs(INVALID) do
      for k = 0, 40 do
        local s = ("a"):rep(k) .. case[2] .. ("z"):rep(17)
        local ok, pos = valid(s)
        assert.is_false(ok, case[1] .. " k=" .. k)
        assert.equal(k + case[3], pos, case[1] .. " k=" .. k)
      end
    end
  end)

  it("accepts multi-byte characters after ASCII runs of every length 0..40", function()
    for k = 0, 40 do
      for _, ch in ipairs({ "\u{E9}", "\u{20AC}", "\u{1F600}", "\u{10FFFF}" }) do
        assert.is_true(valid(("a"):rep(k) .. ch), "k=" .. k)
        assert.is_true(valid(("a"):rep(k) .. ch .. ("b"):rep(k)), "k=" .. k)
      end
    end
  end)

  it("reports only the first bad byte", function()
    local ok, pos = valid("ok\xFF\xFE")
    assert.is_false(ok)
    assert.equal(3, pos)
    ok, pos = valid(("x"):rep(1000) .. "\u{E9}" .. ("y"):rep(1000) .. "\xC3")
    assert.is_false(ok)
    assert.equal(2003, pos)
  end)

  -- Lua 5.4's utf8.len (strict mode) follows the same rules: no overlongs, no
  -- surrogates, nothing above U+10FFFF, and it reports the start of the bad sequence.
  it("agrees with utf8.len on random byte strings", function()
    local bytes = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
      0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF }
    local seqs = { "\xED\xA0\x80", "\xED\x9F\xBF", "\xE0\x80\xAF", "\xE0\xA0\x80",
      "\xF0\x8F\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80",
      "\xC0\x80", "\xC2\x80", ("a"):rep(9) }
    math.randomseed(2024)
    for _ = 1, 20000 do
      local t = {}
      for i = 1, math.random(0, 24) do
        local r = math.random()
        if r < 0.4 then
          t[i] = string.char(bytes[math.random(#bytes)])
        elseif r < 0.5 then
          t[i] = seqs[math.random(#seqs)]
        else
          -- utf8.char also encodes surrogates, which strict decoding must reject
          t[i] = utf8.char(math.random(0, 0x10FFFF))
        end
      end
      local s = table.concat(t)
      local n, lpos = utf8.len(s)
      local ok, pos = valid(s)
      if n then
        assert.is_true(ok, ("%q"):format(s))
      else
        assert.is_false(ok, ("%q"):format(s))
        assert.equal(lpos, pos, ("%q"):format(s))
      end
    end
  end)

  it("rejects non-string arguments", function()
    local ok, msg = pcall(valid, nil)
    assert.is_false(ok)
    assert.truthy(msg:find("bad argument #1 to 'valid' (string expected, got nil)", 1, true), msg)
    ok, msg = pcall(valid, 5)
    assert.is_false(ok)
    assert.truthy(msg:find("string expected, got number", 1, true), msg)
  end)
end)
