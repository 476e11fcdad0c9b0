-- Specs for glean.normalize: Unicode conformance (NormalizationTest.txt), the named
-- forms and flag tables on real text, the ASCII fast-path segmentation, invalid UTF-8
-- handling and argument errors.
local glean = require "glean"
local h = require "spec.helpers"

local normalize = glean.normalize
local TEST_FILE = "/usr/share/unicode/NormalizationTest.txt.bz2"
-- GLEAN_HEAVY=0 (valgrind, GC stress) checks every 7th conformance line and every 13th
-- code point instead of all of them.
local LINE_STEP, CP_STEP = h.scale(1, 7), h.scale(1, 13)

-- "U+0061 U+0301" style rendering for assertion messages.
local function hex(s)
  local out = {}
  local ok = pcall(function()
    for _, c in utf8.codes(s) do out[#out + 1] = ("%04X"):format(c) end
  end)
  if not ok then return (("%q"):format(s)) end
  return table.concat(out, " ")
end

local function file_exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

-- Reads NormalizationTest.txt once. Each entry: {lineno=, part=, c={c1..c5}} where the
-- columns are UTF-8 strings; part1 is the set of code points listed in Part 1.
local conformance
local function load_conformance()
  if conformance then return conformance end
  local p = assert(io.popen("bzcat " .. TEST_FILE, "r"))
  local entries, part1, part, nlines = {}, {}, nil, 0
  local lineno = 0
  for line in p:lines() do
    lineno = lineno + 1
    local pn = line:match("^@Part(%d+)")
    if pn then
      part = tonumber(pn)
    elseif line ~= "" and line:sub(1, 1) ~= "#" then
      local cols = {}
      for field in line:gmatch("([^;]*);") do
        if #cols == 5 then break end
        local cps = {}
        for h in field:gmatch("%x+") do cps[#cps + 1] = tonumber(h, 16) end
        cols[#cols + 1] = utf8.char(table.unpack(cps))
        if #cols == 1 and part == 1 then
          assert(#cps == 1, "Part 1 line with more than one code point: " .. lineno)
          part1[cps[1]] = true
        end
      end
      assert(#cols == 5, "cannot parse line " .. lineno .. ": " .. line)
      nlines = nlines + 1
      if LINE_STEP == 1 or nlines % LINE_STEP == 1 then
        entries[#entries + 1] = { lineno = lineno, part = part, c = cols }
      end
    end
  end
  p:close()
  conformance = { entries = entries, part1 = part1 }
  return conformance
end

-- Runs check(entry, fail) over every line; fail(msg) records a failure. Asserts that
-- there were no failures (showing the first 10) and that the file was really read.
local function run_conformance(check)
  local data = load_conformance()
  local failures, nfail, checked = {}, 0, 0
  for _, e in ipairs(data.entries) do
    checked = checked + 1
    check(e, function(msg)
      nfail = nfail + 1
      if #failures < 10 then
        failures[#failures + 1] = ("line %d (Part %d): %s"):format(e.lineno, e.part, msg)
      end
    end)
  end
  assert(checked > 18000 // LINE_STEP, "only " .. checked .. " conformance lines were read")
  assert(nfail == 0, ("%d of %d lines failed; first ones:\n%s")
    :format(nfail, checked, table.concat(failures, "\n")))
  return checked
end

-- expect(fail, form, input_col, expected_col, e [, wrap]): fail unless
-- normalize(wrap(c[input]), form) == wrap(c[expected]).
local function expect(fail, form, e, i, x, wrap)
  local input, want = e.c[i], e.c[x]
  if wrap then input, want = wrap(input), wrap(want) end
  local ok, got = pcall(normalize, input, form)
  if not ok then
    fail(("%s(c%d) raised %s"):format(form, i, tostring(got)))
  elseif got ~= want then
    fail(("%s(c%d) = [%s], want c%d = [%s]"):format(form, i, hex(got), x, hex(want)))
  end
end

-- The invariants from the header of NormalizationTest.txt, per form.
local INVARIANTS = {
  nfc = { { 1, 2 }, { 2, 2 }, { 3, 2 }, { 4, 4 }, { 5, 4 } },
  nfd = { { 1, 3 }, { 2, 3 }, { 3, 3 }, { 4, 5 }, { 5, 5 } },
  nfkc = { { 1, 4 }, { 2, 4 }, { 3, 4 }, { 4, 4 }, { 5, 4 } },
  nfkd = { { 1, 5 }, { 2, 5 }, { 3, 5 }, { 4, 5 }, { 5, 5 } },
}
local FORMS = { "nfc", "nfd", "nfkc", "nfkd" }

describe("glean.normalize conformance (NormalizationTest.txt)", function()
  local have_file = file_exists(TEST_FILE)

  for _, form in ipairs(FORMS) do
    it(form:upper() .. " invariants hold on every line", function()
      if not have_file then
        pending(TEST_FILE .. " is missing (install the unicode-data package)")
        return
      end
      local n = run_conformance(function(e, fail)
        for _, inv in ipairs(INVARIANTS[form]) do expect(fail, form, e, inv[1], inv[2]) end
      end)
      print(("\n%s: %d lines OK"):format(form:upper(), n))
    end)
  end

  -- The same invariants with ASCII runs around each line: the runs are longer than the
  -- 8-byte fast-path word and digits never take part in a canonical composition, so the
  -- result must be the expected column wrapped the same way. This is what proves the
  -- fast path cuts the text at safe places.
  it("invariants hold with long ASCII context on both sides", function()
    if not have_file then
      pending(TEST_FILE .. " is missing (install the unicode-data package)")
      return
    end
    local pre, post = "0123456789", "9876543210X"
    local wrap = function(s) return pre .. s .. post end
    run_conformance(function(e, fail)
      for _, form in ipairs(FORMS) do
        for _, inv in ipairs(INVARIANTS[form]) do expect(fail, form, e, inv[1], inv[2], wrap) end
      end
    end)
  end)

  it("every code point not in Part 1 is unchanged by all four forms", function()
    if not have_file then
      pending(TEST_FILE .. " is missing (install the unicode-data package)")
      return
    end
    local part1 = load_conformance().part1
    local failures, nfail, checked = {}, 0, 0
    for cp = 0, 0x10FFFF, CP_STEP do
      if (cp < 0xD800 or cp > 0xDFFF) and not part1[cp] then
        checked = checked + 1
        local s = utf8.char(cp)
        for _, form in ipairs(FORMS) do
          local got = normalize(s, form)
          if got ~= s then
            nfail = nfail + 1
            if #failures < 10 then
              failures[#failures + 1] = ("U+%04X %s -> [%s]"):format(cp, form, hex(got))
            end
          end
        end
      end
    end
    assert(checked > 1000000 // CP_STEP, "only " .. checked .. " code points checked")
    assert(nfail == 0, ("%d failures; first ones:\n%s"):format(nfail, table.concat(failures, "\n")))
  end)

  -- Batches of the same code points separated by spaces (a starter that composes with
  -- nothing): exercises the fast path switching in and out hundreds of thousands of times.
  it("Part 1 rule also holds for code points batched into one string", function()
    if not have_file then
      pending(TEST_FILE .. " is missing (install the unicode-data package)")
      return
    end
    local part1 = load_conformance().part1
    local batch, bad = {}, {}
    local function flush()
      if #batch == 0 then return end
      local s = table.concat(batch, " ")
      for _, form in ipairs({ "nfc", "nfkd" }) do
        local got = normalize(s, form)
        if got ~= s and #bad < 10 then
          bad[#bad + 1] = ("%s of batch starting [%s] changed"):format(form, hex(batch[1]))
        end
      end
      batch = {}
    end
    for cp = 0, 0x10FFFF, CP_STEP do
      if (cp < 0xD800 or cp > 0xDFFF) and not part1[cp] then
        batch[#batch + 1] = utf8.char(cp)
        if #batch == 64 then flush() end
      end
    end
    flush()
    assert(#bad == 0, table.concat(bad, "\n"))
  end)
end)

describe("glean.normalize forms", function()
  it("defaults to NFC", function()
    assert.equal("\u{E9}", normalize("e\u{301}"))
    assert.equal("\u{E9}", normalize("e\u{301}", nil))
    assert.equal("\u{E9}", normalize("e\u{301}", "nfc"))
  end)

  it("NFD decomposes é and Hangul, and orders marks canonically", function()
    assert.equal("e\u{301}", normalize("\u{E9}", "nfd"))
    assert.equal("\u{1100}\u{1161}\u{11A8}", normalize("\u{AC01}", "nfd"))
    -- U+0316 (ccc 220) sorts before U+0301 (ccc 230)
    assert.equal("a\u{316}\u{301}", normalize("a\u{301}\u{316}", "nfd"))
    assert.equal("\u{E1}\u{316}", normalize("a\u{301}\u{316}", "nfc"))
    -- ḋ + dot below: the dot below moves in and composes first
    assert.equal("\u{1E0D}\u{307}", normalize("\u{1E0B}\u{323}", "nfc"))
    assert.equal("\u{AC01}", normalize("\u{1100}\u{1161}\u{11A8}", "nfc"))
  end)

  it("NFKC folds fullwidth forms, ligatures and other compatibility characters", function()
    assert.equal("ABC123", normalize("ＡＢＣ１２３", "nfkc"))
    assert.equal("fi", normalize("\u{FB01}", "nfkc"))
    assert.equal("ffl", normalize("\u{FB04}", "nfkc"))
    assert.equal("x2", normalize("x\u{B2}", "nfkc"))
    assert.equal("1", normalize("\u{2460}", "nfkc"))
    assert.equal("kg", normalize("\u{338F}", "nfkc"))
    assert.equal("...", normalize("\u{2026}", "nfkc"))
    assert.equal("e\u{301}", normalize("\u{E9}", "nfkd"))
    assert.equal("\u{E9}", normalize("\u{E9}", "nfkc"))
    -- NFC keeps compatibility characters
    assert.equal("\u{FB01}ＡＢ", normalize("\u{FB01}ＡＢ", "nfc"))
  end)

  it("casefold is NFKC plus full case folding", function()
    assert.equal("strasse", normalize("Straße", "casefold"))
    assert.equal("strasse", normalize("STRASSE", "casefold"))
    assert.equal("fi", normalize("\u{FB01}", "casefold"))
    assert.equal("σασ", normalize("ΣΑΣ", "casefold"))
    assert.equal("σ", normalize("ς", "casefold"))
    assert.equal("\u{E9}cole", normalize("\u{C9}COLE", "casefold"))
    assert.equal("\u{E9}cole", normalize("E\u{301}COLE", "casefold"))
    assert.equal("abc", normalize("ＡＢＣ", "casefold"))
    assert.equal("hello, world! 123", normalize("HeLLo, World! 123", "casefold"))
  end)

  it("search strips marks, folds case, punctuation and spaces", function()
    assert.equal("huawei's", normalize("Huawei’s", "search"))
    assert.equal("creme brulee", normalize("Crème Brûlée", "search"))
    assert.equal("creme brulee", normalize("Cre\u{300}me Bru\u{302}le\u{301}e", "search"))
    assert.equal("strasse", normalize("Straße", "search"))
    assert.equal("sao paulo", normalize("São  Paulo", "search"))
    assert.equal("a b c", normalize("a \t\n  b\u{A0}\u{2003} c", "search"))
    assert.equal("\"quoted\" - it's...", normalize("“Quoted” — it’s…", "search"))
  end)

  it("search folds every listed punctuation character", function()
    local cases = {
      ["\u{2019}"] = "'", ["\u{2018}"] = "'", ["\u{201B}"] = "'", ["\u{2032}"] = "'",
      ["\u{201C}"] = '"', ["\u{201D}"] = '"', ["\u{201E}"] = '"', ["\u{2033}"] = '"',
      ["\u{2010}"] = "-", ["\u{2011}"] = "-", ["\u{2012}"] = "-", ["\u{2013}"] = "-",
      ["\u{2014}"] = "-", ["\u{2015}"] = "-", ["\u{2212}"] = "-",
      ["\u{2026}"] = "...",
    }
    for from, to in pairs(cases) do
      assert.equal("x" .. to .. "y", normalize("x" .. from .. "y", "search"), hex(from))
      -- fold_punct alone (no compatibility mapping) gives the same
      assert.equal("x" .. to .. "y", normalize("x" .. from .. "y", { fold_punct = true }), hex(from))
    end
    local spaces = { 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
      0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000 }
    for _, cp in ipairs(spaces) do
      local sp = utf8.char(cp)
      assert.equal("x y", normalize("x" .. sp .. "y", "search"), hex(sp))
      assert.equal("x y", normalize("x" .. sp .. "y", { fold_punct = true }), hex(sp))
    end
  end)

  it("ASCII-only input is returned unchanged by nfc/nfd/nfkc/nfkd", function()
    local all = {}
    for b = 0, 127 do all[#all + 1] = string.char(b) end
    local ascii = table.concat(all)
    local long = ("The quick brown fox jumps over the lazy dog. 0123456789\n"):rep(2000)
    for _, form in ipairs(FORMS) do
      assert.equal(ascii, normalize(ascii, form))
      assert.equal(long, normalize(long, form))
    end
    assert.equal(ascii:lower(), normalize(ascii, "casefold"))
  end)

  it("handles the empty string and NUL bytes", function()
    for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd", "casefold", "search" }) do
      assert.equal("", normalize("", form))
      assert.equal("a\0b", normalize("a\0b", form))
    end
    assert.equal("\0", normalize("\0"))
    assert.equal("\u{E9}\0\u{E9}\0", normalize("\u{E9}\0e\u{301}\0"))
    assert.equal("e\u{301}\0e\u{301}", normalize("\u{E9}\0\u{E9}", "nfd"))
  end)
end)

describe("glean.normalize ASCII fast-path boundaries", function()
  it("composes a mark after k ASCII bytes for k = 0..40", function()
    for k = 0, 40 do
      local pre = ("abcdefghij"):rep(5):sub(1, k)
      assert.equal(pre .. "\u{E9}", normalize(pre .. "e\u{301}"), "k=" .. k)
      assert.equal(pre .. "\u{E9}xyz", normalize(pre .. "e\u{301}xyz"), "k=" .. k)
      assert.equal(pre .. "e\u{301}", normalize(pre .. "\u{E9}", "nfd"), "k=" .. k)
      assert.equal(pre .. "a\u{316}\u{301}", normalize(pre .. "a\u{301}\u{316}", "nfd"), "k=" .. k)
    end
  end)

  it("handles a combining mark at the very start and right after non-ASCII", function()
    assert.equal("\u{301}abc", normalize("\u{301}abc"))
    assert.equal("\u{301}", normalize("\u{301}"))
    assert.equal("\u{316}\u{301}", normalize("\u{301}\u{316}", "nfc"))
    assert.equal("\u{1E17}", normalize("\u{113}\u{301}")) -- ē + acute -> ḗ
    assert.equal("\u{1E17}", normalize("e\u{304}\u{301}"))
  end)

  it("composes marks in the middle of long ASCII runs, in many stretches", function()
    local run = ("x"):rep(1000)
    local s = run .. "e\u{301}" .. run .. "A\u{30A}" .. run .. "\u{1100}\u{1161}" .. run
    local want = run .. "\u{E9}" .. run .. "\u{C5}" .. run .. "\u{AC00}" .. run
    assert.equal(want, normalize(s))
    local RUN = ("X"):rep(1000)
    local up = RUN .. "E\u{301}" .. RUN .. "A\u{30A}" .. RUN .. "\u{1100}\u{1161}" .. RUN
    assert.equal(run .. "\u{E9}" .. run .. "\u{E5}" .. run .. "\u{AC00}" .. run,
      normalize(up, "casefold"))
  end)

  it("a single ASCII char between two non-ASCII stretches still composes", function()
    assert.equal("\u{E9}\u{E9}\u{E9}", normalize("\u{E9}e\u{301}\u{E9}"))
    assert.equal("\u{E9}\u{E1}", normalize("e\u{301}a\u{301}"))
    assert.equal("\u{C5}\u{E9}", normalize("\u{212B}e\u{301}")) -- Angstrom sign -> Å
  end)

  -- Long runs of marks take the counting-sort path of the canonical ordering; the
  -- order among marks of equal class must be kept (stable sort).
  it("orders long runs of combining marks stably", function()
    local CCC = { [0x301] = 230, [0x300] = 230, [0x316] = 220, [0x323] = 220, [0x5B0] = 10,
      [0x334] = 1 }
    local marks = { 0x301, 0x300, 0x316, 0x323, 0x5B0, 0x334 }
    math.randomseed(7)
    for _, n in ipairs({ 2, 5, 31, 32, 33, 100, 1000, 100000 }) do
      local seq = {}
      for i = 1, n do seq[i] = marks[math.random(#marks)] end
      local sorted = {}
      for i = 1, n do sorted[i] = { seq[i], i } end
      table.sort(sorted, function(a, b)
        if CCC[a[1]] ~= CCC[b[1]] then return CCC[a[1]] < CCC[b[1]] end
        return a[2] < b[2]
      end)
      local want = {}
      for i = 1, n do want[i] = sorted[i][1] end
      local input = "x" .. utf8.char(table.unpack(seq, 1, math.min(n, 1000)))
      if n > 1000 then
        local parts = { "x" }
        for i = 1, n, 1000 do parts[#parts + 1] = utf8.char(table.unpack(seq, i, math.min(n, i + 999))) end
        input = table.concat(parts)
      end
      local wparts = { "x" }
      for i = 1, n, 1000 do wparts[#wparts + 1] = utf8.char(table.unpack(want, i, math.min(n, i + 999))) end
      local expected = table.concat(wparts)
      local got = normalize(input .. "y", "nfd")
      assert.truthy(got == expected .. "y", "n=" .. n)
      assert.truthy(normalize(input, "nfkd") == expected, "n=" .. n)
    end
    local many = "a" .. ("\u{301}\u{316}"):rep(100)
    assert.equal("a" .. ("\u{316}"):rep(100) .. ("\u{301}"):rep(100), normalize(many, "nfd"))
    assert.equal("\u{E1}" .. ("\u{316}"):rep(100) .. ("\u{301}"):rep(99), normalize(many, "nfc"))
  end)

  it("agrees with its own NFD->NFC round trip on random mixed strings", function()
    local pool = { "a", "e", "o", "A", "E", "x", " ", "\n", "1", "\u{301}", "\u{300}",
      "\u{316}", "\u{323}", "\u{308}", "\u{E9}", "\u{C5}", "\u{1E0B}", "\u{1100}", "\u{1161}",
      "\u{11A8}", "\u{AC00}", "\u{FB01}", "ß", "Σ", "\u{2019}", "\u{A0}", "\u{212B}", "漢" }
    math.randomseed(1234)
    for _ = 1, 2000 do
      local t = {}
      for i = 1, math.random(0, 40) do t[i] = pool[math.random(#pool)] end
      local s = table.concat(t)
      local nfc, nfd = normalize(s), normalize(s, "nfd")
      assert.equal(nfc, normalize(nfd), hex(s))
      assert.equal(nfc, normalize(nfc), hex(s))
      assert.equal(nfd, normalize(nfc, "nfd"), hex(s))
      assert.equal(normalize(s, "nfkc"), normalize(normalize(s, "nfkd"), "nfkc"), hex(s))
    end
  end)
end)

describe("glean.normalize flag tables", function()
  it("an empty table is NFC", function()
    assert.equal("\u{E9}\u{FB01}", normalize("e\u{301}\u{FB01}", {}))
  end)

  it("decompose alone is NFD", function()
    assert.equal("e\u{301}\u{FB01}", normalize("\u{E9}\u{FB01}", { decompose = true }))
  end)

  it("compat alone is NFKC, with decompose NFKD", function()
    assert.equal("\u{E9}fi", normalize("e\u{301}\u{FB01}", { compat = true }))
    assert.equal("e\u{301}fi", normalize("\u{E9}\u{FB01}", { compat = true, decompose = true }))
  end)

  it("casefold alone folds case without compatibility mappings", function()
    assert.equal("strasse", normalize("Straße", { casefold = true }))
    assert.equal("\u{E9}cole", normalize("E\u{301}COLE", { casefold = true }))
    assert.equal("\u{217B}", normalize("\u{216B}", { casefold = true })) -- Ⅻ -> ⅻ
    assert.equal("xii", normalize("\u{216B}", { casefold = true, compat = true }))
    assert.equal("ＡＢ", normalize("ＡＢ", { casefold = false }))
  end)

  it("strip_marks alone drops combining marks but keeps case", function()
    assert.equal("Creme Brulee", normalize("Crème Brûlée", { strip_marks = true }))
    assert.equal("Creme", normalize("Cre\u{300}me", { strip_marks = true }))
    assert.equal("\u{FB01}", normalize("\u{FB01}", { strip_marks = true }))
  end)

  it("fold_punct alone keeps case and accents", function()
    assert.equal("\"Café\" - it's...", normalize("“Café” – it’s…", { fold_punct = true }))
  end)

  it("collapse_space alone turns runs of white space into one space", function()
    assert.equal("a b c", normalize("a \t\r\n  b\u{A0}\u{3000}c", { collapse_space = true }))
    assert.equal(" a b ", normalize("  a    b  ", { collapse_space = true }))
    assert.equal("A\u{E9} B", normalize("A\u{E9}   B", { collapse_space = true }))
    assert.equal("a\u{2019} b", normalize("a\u{2019}\n\n b", { collapse_space = true }))
  end)

  it("strip_controls drops Cc/Cf characters but keeps \\n, \\t and \\r", function()
    local s = "a\1b\27c\127d\n\te\r\u{85}f\u{200B}g\u{AD}h\u{FEFF}i\u{9F}j\0k"
    assert.equal("abcd\n\te\r\u{85}fghijk", normalize(s, { strip_controls = true }))
    assert.equal(s, normalize(s, {}))
  end)

  -- Removing a control between a base and its mark must not leave the output
  -- unnormalized: the result is NFC of the text without the controls.
  it("strip_controls happens before composition", function()
    local sc = { strip_controls = true }
    for k = 0, 20 do
      local pre = ("abcdefghijklmnopqrstu"):sub(1, k)
      assert.equal(pre .. "\u{E9}x", normalize(pre .. "e\1\u{301}x", sc), "k=" .. k)
      assert.equal(pre .. "\u{E9}x", normalize(pre .. "e\1\127\2\u{301}x", sc), "k=" .. k)
      assert.equal(pre .. "\u{E9}", normalize(pre .. "e\u{200D}\u{301}", sc), "k=" .. k)
      assert.equal(pre .. "\u{E1}\u{316}", normalize(pre .. "a\u{316}\u{AD}\u{301}", sc), "k=" .. k)
      assert.equal(pre .. "a\u{316}\u{301}",
        normalize(pre .. "a\u{301}\u{9F}\u{316}", { strip_controls = true, decompose = true }), "k=" .. k)
    end
    assert.equal("\u{1E17}", normalize("\u{113}\1\u{301}", sc))        -- ē ^A ́ -> ḗ
    assert.equal("\u{1E17} \u{1E17}", normalize("\u{113}\1\u{301} \u{113}\u{9F}\u{301}", sc))
    assert.equal("a b", normalize("a \1\2 \127b", { strip_controls = true, collapse_space = true }))
    -- without the flag the control blocks composition, as NFC requires
    assert.equal("e\1\u{301}x", normalize("e\1\u{301}x"))
  end)

  it("false flags are the same as absent ones", function()
    assert.equal("\u{E9}", normalize("e\u{301}", { compat = false, casefold = false,
      strip_marks = false, fold_punct = false, collapse_space = false,
      strip_controls = false, decompose = false }))
  end)
end)

describe("glean.normalize invalid UTF-8", function()
  local function err_of(s, form, opts)
    local ok, msg = pcall(normalize, s, form, opts)
    assert.is_false(ok, "expected an error for " .. ("%q"):format(s))
    return msg
  end

  local BAD = {
    { name = "lone continuation", s = "abc\x80def", pos = 4, repl = "abc\u{FFFD}def" },
    { name = "truncated sequence at end", s = "abc\xE2\x82", pos = 4, repl = "abc\u{FFFD}\u{FFFD}" },
    { name = "truncated 4-byte at end", s = "\xF0\x9F\x98", pos = 1, repl = ("\u{FFFD}"):rep(3) },
    { name = "truncated before ASCII", s = "\xE2\x82x", pos = 1, repl = "\u{FFFD}\u{FFFD}x" },
    { name = "overlong 2-byte", s = "\xC0\xAF", pos = 1, repl = "\u{FFFD}\u{FFFD}" },
    { name = "overlong 3-byte", s = "x\xE0\x80\xAF", pos = 2, repl = "x\u{FFFD}\u{FFFD}\u{FFFD}" },
    { name = "lone surrogate", s = "\xED\xA0\x80", pos = 1, repl = ("\u{FFFD}"):rep(3) },
    { name = "above U+10FFFF", s = "\xF4\x90\x80\x80", pos = 1, repl = ("\u{FFFD}"):rep(4) },
    { name = "0xFF", s = "\xFF", pos = 1, repl = "\u{FFFD}" },
    { name = "bad byte after valid non-ASCII", s = "\u{436}\u{20AC}\xFE!", pos = 6,
      repl = "\u{436}\u{20AC}\u{FFFD}!" },
  }

  for _, case in ipairs(BAD) do
    it("raises for " .. case.name .. ", naming the 1-based byte", function()
      for _, form in ipairs({ "nfc", "nfd", "nfkc", "nfkd", "casefold", "search" }) do
        local msg = err_of(case.s, form)
        assert.truthy(msg:find("invalid UTF%-8 at byte " .. case.pos .. "$"), form .. ": " .. msg)
      end
      local msg = err_of(case.s, "nfc", { invalid = "error" })
      assert.truthy(msg:find("invalid UTF-8 at byte " .. case.pos, 1, true), msg)
    end)

    it("replaces " .. case.name .. " with one U+FFFD per bad byte", function()
      assert.equal(case.repl, normalize(case.s, "nfc", { invalid = "replace" }))
      assert.equal(case.repl, normalize(case.s, nil, { invalid = "replace" }))
      assert.equal(case.repl, normalize(case.s, { invalid = "replace" }))
      assert.equal(case.repl, normalize(case.s, "nfd", { invalid = "replace" }))
    end)
  end

  it("reports the position after ASCII runs of every length", function()
    for k = 0, 40 do
      local s = ("a"):rep(k) .. "\xFF" .. ("b"):rep(k)
      local msg = err_of(s)
      assert.truthy(msg:find("invalid UTF%-8 at byte " .. (k + 1) .. "$"), msg)
      assert.equal(("a"):rep(k) .. "\u{FFFD}" .. ("b"):rep(k), normalize(s, nil, { invalid = "replace" }))
    end
    local s = ("a"):rep(1000) .. "\u{E9}" .. ("b"):rep(1000) .. "\xC3"
    assert.truthy(err_of(s):find("invalid UTF-8 at byte 2003", 1, true))
  end)

  it("keeps the replacement in place so marks do not jump over it", function()
    assert.equal("e\u{FFFD}\u{301}", normalize("e\xFF\u{301}", nil, { invalid = "replace" }))
    assert.equal("\u{E9}\u{FFFD}", normalize("e\u{301}\x80", nil, { invalid = "replace" }))
    assert.equal("\u{FFFD}\u{301}", normalize("\x80\u{301}", "nfd", { invalid = "replace" }))
  end)

  it("replaces inside form tables and with the search form", function()
    assert.equal("cafe\u{FFFD}x",
      normalize("Caf\u{E9}\xFFX", { casefold = true, strip_marks = true, invalid = "replace" }))
    assert.equal("a \u{FFFD} b", normalize("A \xC0  B", "search", { invalid = "replace" }))
    assert.equal("\u{FFFD}", normalize("\xFF", { invalid = "replace", decompose = true }))
    assert.truthy(err_of("\xFF", { invalid = "error" }):find("invalid UTF-8 at byte 1", 1, true))
  end)

  it("only the first bad byte is named", function()
    assert.truthy(err_of("ok\xFF\xFE"):find("invalid UTF-8 at byte 3", 1, true))
  end)
end)

describe("glean.normalize argument errors", function()
  local function err_of(...)
    local ok, msg = pcall(normalize, ...)
    assert.is_false(ok)
    return msg
  end

  it("rejects a non-string subject", function()
    assert.truthy(err_of(nil):find("bad argument #1 to 'normalize' (string expected, got nil)", 1, true))
    assert.truthy(err_of({}):find("string expected, got table", 1, true))
    assert.truthy(err_of(42):find("string expected, got number", 1, true))
  end)

  it("rejects unknown form names", function()
    local msg = err_of("x", "nfx")
    assert.truthy(msg:find("unknown form 'nfx'", 1, true), msg)
    assert.truthy(msg:find("nfc", 1, true), msg)
    assert.truthy(err_of("x", ""):find("unknown form ''", 1, true))
  end)

  it("rejects forms of the wrong type", function()
    assert.truthy(err_of("x", 5):find("form name or table expected, got number", 1, true))
    assert.truthy(err_of("x", true):find("form name or table expected, got boolean", 1, true))
  end)

  it("rejects unknown flag keys and wrong flag types", function()
    local msg = err_of("x", { compat = true, casefould = true })
    assert.truthy(msg:find("unknown option 'casefould'", 1, true), msg)
    assert.truthy(msg:find("casefold", 1, true), msg)
    assert.truthy(err_of("x", { compat = 1 }):find("option 'compat' must be a boolean", 1, true))
    assert.truthy(err_of("x", { invalid = "skip" }):find("option 'invalid' must be one of", 1, true))
    assert.truthy(err_of("x", { "nfc" }):find("unknown option '1'", 1, true))
  end)

  it("rejects bad options tables", function()
    assert.truthy(err_of("x", "nfc", { bogus = true }):find("unknown option 'bogus'", 1, true))
    assert.truthy(err_of("x", "nfc", "replace"):find("options table expected, got string", 1, true))
    assert.truthy(err_of("x", "nfc", { invalid = "drop" }):find("must be one of", 1, true))
    assert.truthy(err_of("x", nil, { invalid = true }):find("must be one of", 1, true))
  end)

  it("points the error at the caller", function()
    local ok, msg = pcall(function() local r = normalize("x", "nfx"); return r end)
    assert.is_false(ok)
    assert.truthy(msg:find("normalize_spec.lua", 1, true), msg)
  end)
end)

describe("glean.normalize large input", function()
  local chunk = table.concat({
    "Huawei’s CEO said “5G is here” — in Zürich, São Paulo and 東京 (ＴＯＫＹＯ)…\n",
    "Crème brûlée costs €5\u{A0}000; STRASSE vs Straße; e\u{301}te\u{301} \u{FB01}n\n",
    "plain ASCII line with nothing special in it at all, just words and 12345 numbers\n",
    "\u{1100}\u{1161}\u{11A8} \u{AC00} ΣΑΣ ς a\u{301}\u{316} \u{1E0B}\u{323}\t tabs  and  spaces\n",
  })

  it("normalizes a 20 MB string exactly like its pieces", function()
    local reps = math.ceil(20 * 1024 * 1024 / #chunk)
    local big = chunk:rep(reps)
    assert.truthy(#big >= 20 * 1024 * 1024)
    for _, form in ipairs({ "nfc", "nfd", "nfkc", "search" }) do
      local piece = normalize(chunk, form)
      local got = normalize(big, form)
      assert.equal(#piece * reps, #got, form)
      assert.truthy(got == piece:rep(reps), form)
    end
  end)

  it("joins line-by-line results into the whole-text result", function()
    math.randomseed(99)
    local lines = {}
    for l in chunk:gmatch("[^\n]*") do if l ~= "" then lines[#lines + 1] = l end end
    local text, pieces = {}, {}
    for i = 1, 20000 do
      local l = lines[math.random(#lines)]
      text[i] = l
      pieces[i] = normalize(l, "nfd")
    end
    assert.truthy(normalize(table.concat(text, "\n"), "nfd") == table.concat(pieces, "\n"))
  end)
end)
