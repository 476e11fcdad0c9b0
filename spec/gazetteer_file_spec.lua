-- Hostile compiled gazetteers (API.md "Gazetteers": "a corrupt or truncated file gives
-- nil, message, never a crash"). A valid file is truncated, bit-flipped, lengthened and
-- given lying headers; every case must give nil and a message that says what is wrong.
-- (Crafted sections with a valid checksum are tested in C: tests/c/test_gazetteer.c.)
local glean = require "glean"
local h = require "spec.helpers"

local nlp = glean.new()
local HEADER = 320

-- A small but complete gazetteer: several labels and sources, ids, exact entries,
-- shared prefixes, phrases of one to four tokens.
local function build()
  local gaz = glean.gazetteer { nlp = nlp, name = "hostile" }
  gaz:add("Huawei", "ORG", "Q160120")
  gaz:add("Huawei Technologies", "ORG")
  gaz:add("Huawei Technologies Co.", "ORG")
  gaz:add("Deutsche Telekom", "ORG")
  gaz:add("BSI", "ORG", nil, { exact = true })
  gaz:add("US", "GPE", nil, { exact = true })
  gaz:add("United States", "GPE", "Q30")
  gaz:add("European Commission", "ORG")
  gaz:add("Germany", "GPE")
  gaz:add("Brussels", "GPE")
  gaz:add("5G", "TECH")
  gaz:add("5G mobile network equipment", "TECH")
  return gaz
end

local article = h.read("examples/huawei-5g.txt")
local doc = nlp:parse(article)

local function write(path, bytes)
  local f = assert(io.open(path, "wb"))
  f:write(bytes)
  f:close()
end

local function results(gaz)
  local out = {}
  for _, s in ipairs(gaz:match(doc, { all = true })) do
    out[#out + 1] = ("%d %d %s %s"):format(s.first, s.last, s.label, tostring(s.id))
  end
  return out
end

-- The header's fields (see csrc/glean_gazetteer_image.h), and its section table: the
-- entries up to the first unused (zero) one.
local function header(bytes)
  local hd = {}
  hd.magic, hd.version, hd.header_size, hd.file_size, hd.checksum, hd.key =
    string.unpack("<c8 I4 I4 I8 I8 I4", bytes)
  hd.counts = { string.unpack("<I4 I4 I4 I4 I4 I4 I4 I4", bytes, 65) }
  hd.counts[#hd.counts] = nil
  hd.sections = {}
  for k = 0, (HEADER - 96) // 16 - 1 do
    local off, size = string.unpack("<I8 I8", bytes, 97 + 16 * k)
    if off == 0 then break end
    hd.sections[#hd.sections + 1] = { offset = off, size = size, at = 96 + 16 * k }
  end
  return hd
end

local function set(bytes, at, fmt, value) -- at is 0-based
  local v = string.pack(fmt, value)
  return bytes:sub(1, at) .. v .. bytes:sub(at + #v + 1)
end

local function flip(bytes, at, mask) -- at is 0-based
  local b = bytes:byte(at + 1) ~ (mask or 0xFF)
  return bytes:sub(1, at) .. string.char(b) .. bytes:sub(at + 2)
end

local good_path = os.tmpname()
assert(build():save(good_path))
local good = h.read(good_path)
os.remove(good_path)
local hd = header(good)
local path = os.tmpname() -- each case writes it, opens it and removes it

-- Opens these bytes as a file: returns nil and the message with the path taken off,
-- or fails the test if the file opened.
local function refused(bytes, what)
  write(path, bytes)
  local gaz, err = glean.gazetteer.open(path, { nlp = nlp })
  os.remove(path)
  assert(gaz == nil, ("%s: opened a hostile file"):format(what))
  assert(type(err) == "string", what)
  local prefix = path .. ": "
  assert(err:sub(1, #prefix) == prefix, ("%s: message without the path: %s"):format(what, err))
  return err:sub(#prefix + 1)
end

local TRUNCATED =
  "corrupt gazetteer: the header's file size differs from the file's (truncated?)"
local KNOWN = {
  "^not a glean gazetteer %(too short for a header%)$",
  "^not a glean gazetteer %(bad magic%)$",
  "^gazetteer format version %d+, this glean reads version 2$",
  "^corrupt gazetteer: [%w '%(%)%?,]+$",
  "^built with a different tokenizer ",
  "^built with Unicode ",
}
local function known(msg)
  for _, p in ipairs(KNOWN) do
    if msg:find(p) then return true end
  end
  return false
end

describe("the valid file", function()
  it("opens and matches like the gazetteer it came from", function()
    write(path, good)
    local gaz = assert(glean.gazetteer.open(path, { nlp = nlp }))
    os.remove(path)  -- the mapping stays valid
    local want = results(build())
    assert.is_true(#want > 20)
    assert.are.same(want, results(gaz))
    assert.are.equal(#good, hd.file_size)
    assert.are.equal(HEADER, hd.header_size)
    assert.is_true(#hd.sections >= 8)
    for _, s in ipairs(hd.sections) do
      assert.is_true(s.offset >= HEADER and s.offset % 8 == 0 and s.offset + s.size <= #good)
    end
  end)
end)

describe("a truncated file", function()
  it("is refused at every byte of the header", function()
    for len = 0, HEADER - 1 do
      assert.are.equal("not a glean gazetteer (too short for a header)",
        refused(good:sub(1, len), "length " .. len))
    end
    assert.are.equal(TRUNCATED, refused(good:sub(1, HEADER), "header only"))
  end)

  it("is refused at every section boundary and inside sections", function()
    local cuts = {}
    for _, s in ipairs(hd.sections) do
      cuts[#cuts + 1] = s.offset
      cuts[#cuts + 1] = s.offset + s.size
      cuts[#cuts + 1] = s.offset + s.size // 2
      cuts[#cuts + 1] = s.offset + 1
    end
    cuts[#cuts + 1] = #good - 1
    local n = 0
    for _, len in ipairs(cuts) do
      if len < #good then
        n = n + 1
        assert.are.equal(TRUNCATED, refused(good:sub(1, len), "cut at " .. len))
      end
    end
    assert.is_true(n >= 2 * #hd.sections)
  end)
end)

describe("a file of the wrong kind", function()
  it("is refused when empty, a directory, a device or another file format", function()
    assert.are.equal("not a glean gazetteer (too short for a header)", refused("", "empty"))
    assert.are.equal("not a glean gazetteer (bad magic)",
      refused(string.rep("\0", 1000), "zeros"))
    assert.are.equal("not a glean gazetteer (bad magic)", refused(article, "a text file"))
    assert.are.equal("not a glean gazetteer (bad magic)",
      refused("GLEANGZ\x1B" .. good:sub(9), "magic off by one"))
    -- a directory: errno of an earlier failed call must not leak into the message
    io.open("/nonexistent/file")
    local gaz, err = glean.gazetteer.open("/tmp", { nlp = nlp })
    assert.is_nil(gaz)
    assert.are.equal("/tmp: not a regular file", err)
    gaz, err = glean.gazetteer.open("/dev/null", { nlp = nlp })
    assert.is_nil(gaz)
    assert.are.equal("/dev/null: not a regular file", err)
  end)

  it("is refused without blocking when it is a FIFO", function()
    local fifo = os.tmpname()
    os.remove(fifo)
    if not os.execute("mkfifo " .. fifo .. " 2>/dev/null") then return end -- no mkfifo here
    local gaz, err = glean.gazetteer.open(fifo, { nlp = nlp })
    os.remove(fifo)
    assert.is_nil(gaz)
    assert.are.equal(fifo .. ": not a regular file", err)
  end)

  it("is refused with its version when the format version differs", function()
    -- version 1 (before 2026-12-06) had another checksum: its files are refused as such
    assert.are.equal("gazetteer format version 1, this glean reads version 2",
      refused(set(good, 8, "<I4", 1), "version 1"))
    assert.are.equal("gazetteer format version 3, this glean reads version 2",
      refused(set(good, 8, "<I4", 3), "version 3"))
    assert.are.equal("gazetteer format version 0, this glean reads version 2",
      refused(set(good, 8, "<I4", 0), "version 0"))
    assert.are.equal("gazetteer format version 4294967295, this glean reads version 2",
      refused(set(good, 8, "<I4", 0xFFFFFFFF), "version -1"))
  end)

  it("is refused when longer than its header says, or the header says longer", function()
    local msg = TRUNCATED
    assert.are.equal(msg, refused(good .. "\0", "one more byte"))
    assert.are.equal(msg, refused(good .. string.rep("\0", 4096), "a page more"))
    assert.are.equal(msg, refused(set(good, 16, "<I8", #good + 8), "header says bigger"))
    assert.are.equal(msg, refused(set(good, 16, "<I8", -1), "header says 2^64-1"))
    assert.are.equal(msg, refused(set(good, 16, "<I8", #good - 8) .. "", "header says smaller"))
  end)
end)

describe("a file with flipped bytes", function()
  it("is refused for every byte of the header, with the field's own message", function()
    local by_field = {}
    for at = 0, HEADER - 1 do
      for _, mask in ipairs { 0xFF, 0x01, 0x80 } do
        local msg = refused(flip(good, at, mask), ("header byte %d ^ 0x%02X"):format(at, mask))
        assert(known(msg),
          ("header byte %d ^ 0x%02X: unexpected message %q"):format(at, mask, msg))
        if at < 8 then
          assert.are.equal("not a glean gazetteer (bad magic)", msg)
        elseif at < 12 then
          assert.matches("^gazetteer format version", msg)
        elseif at < 24 then
          assert.matches("^corrupt gazetteer: ", msg)
        elseif at < 32 then
          assert.are.equal("corrupt gazetteer: checksum mismatch", msg)
        elseif at >= 96 + 16 * #hd.sections then
          -- unused section slots and padding: only the checksum can see them
          assert.are.equal("corrupt gazetteer: checksum mismatch", msg)
        end
        by_field[msg] = true
      end
    end
    -- the counts and the section table are checked one by one, not only by the checksum
    assert.is_true(by_field["corrupt gazetteer: vocabulary table size"])
    assert.is_true(by_field["corrupt gazetteer: unknown key kind"])
    assert.is_true(by_field["corrupt gazetteer: header size"])
    local sections = 0
    for msg in pairs(by_field) do
      if msg:find("^corrupt gazetteer: section '.*' is out of bounds or of the wrong size$") then
        sections = sections + 1
      end
    end
    assert.are.equal(#hd.sections, sections)
  end)

  it("is refused for a sample of bytes in every section and between them", function()
    local seed, n = 12345, 0
    local function rand(m) -- a small LCG: the same sample every run
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % m
    end
    for _, s in ipairs(hd.sections) do
      local points = { s.offset, s.offset + s.size - 1, s.offset + s.size // 2 }
      for _ = 1, 25 do points[#points + 1] = s.offset + rand(math.max(s.size, 1)) end
      if s.offset + s.size < #good and (s.offset + s.size) % 8 ~= 0 then
        points[#points + 1] = s.offset + s.size   -- alignment padding after the section
      end
      for _, at in ipairs(points) do
        if at >= s.offset and at < #good and (s.size > 0 or at == s.offset) then
          n = n + 1
          local want = "corrupt gazetteer: checksum mismatch"
          if s == hd.sections[#hd.sections] and at == s.offset + s.size - 1 then
            want = "corrupt gazetteer: the string pool does not end with a NUL byte"
          end
          assert.are.equal(want, refused(flip(good, at, 1 << rand(8)), "section byte " .. at))
        end
      end
    end
    assert.is_true(n > 25 * #hd.sections)
  end)
end)

describe("a file whose header lies", function()
  -- The sizes are checked before the checksum, so these give the header's own message.
  local function count_at(k) return 64 + 4 * (k - 1) end -- nvocab, nslots, nnodes, ...

  it("is refused when the counts disagree with each other or with the sections", function()
    local nvocab, nslots, nnodes, nedges, nentries, nlabels, nsources = table.unpack(hd.counts)
    local cases = {
      { count_at(2), 3, "vocabulary table size" },                 -- not a power of two
      { count_at(2), 0, "vocabulary table size" },
      { count_at(2), nslots * 2, nil },
      { count_at(1), nslots + 1, "vocabulary table size" },        -- more words than slots
      { count_at(1), nvocab + 1, nil },
      { count_at(3), 0, nil },
      { count_at(3), nnodes + 1, nil },
      { count_at(3), nnodes - 1, nil },
      { count_at(3), 0xFFFFFFFF, nil },
      { count_at(4), nnodes, nil },
      { count_at(4), nedges + 1, nil },
      { count_at(4), 0xFFFFFFFF, nil },
      { count_at(5), nentries + 1, nil },
      { count_at(5), 0xFFFFFFFF, nil },
      { count_at(6), nlabels + 1, nil },
      { count_at(6), 0x40000000, nil },
      { count_at(7), nsources + 1, nil },
      { count_at(7), 0, nil },
      { 32, 3, "unknown key kind" },
      { 32, 0xFFFFFFFF, "unknown key kind" },
      { 12, 319, "header size" },
      { 12, 0, "header size" },
    }
    for _, c in ipairs(cases) do
      local at, value, want = c[1], c[2], c[3]
      local msg = refused(set(good, at, "<I4", value), ("u32 at %d = %d"):format(at, value))
      assert.matches("^corrupt gazetteer: ", msg)
      assert.are_not.equal("corrupt gazetteer: checksum mismatch", msg)
      if want then assert.are.equal("corrupt gazetteer: " .. want, msg) end
    end
  end)

  it("is refused when a section is misplaced, misaligned, too big or overflows", function()
    local pattern = "^corrupt gazetteer: section '.*' is out of bounds or of the wrong size$"
    for k, s in ipairs(hd.sections) do
      -- the pool's size is free (what it must end with is checked instead); the pool
      -- comes first in the file, and whichever section ends the file cannot move on
      local pool = k == #hd.sections
      local at_end = s.offset + s.size > #good - 8
      local lies = {
        { s.at, 0 },                         -- inside the header
        { s.at, HEADER - 8 },
        { s.at, s.offset + 4 },              -- misaligned
        { s.at, s.offset + 8 },              -- shifted (the file's last section: past its end)
        { s.at, #good + 8 },                 -- past the end
        { s.at, -8 },                        -- offset + size overflows
        { s.at + 8, s.size + 8 },            -- size bigger than the counts say
        { s.at + 8, -1 },
      }
      if not pool then lies[#lies + 1] = { s.at + 8, 0 } end
      for _, lie in ipairs(lies) do
        local what = ("section %d: i64 at %d = %d"):format(k, lie[1], lie[2])
        local msg = refused(set(good, lie[1], "<i8", lie[2]), what)
        local shifted = lie[1] == s.at and lie[2] == s.offset + 8 and not at_end
        if pool and (shifted or (lie[1] == s.at + 8 and lie[2] ~= -1)) then
          -- a pool of another size or place: its final NUL or the checksum says no
          assert.matches("^corrupt gazetteer: ", msg)
        elseif shifted then
          -- still inside the file, aligned and of the right size: only the checksum,
          -- which covers the header too, sees that it moved
          assert(msg:find(pattern) or msg == "corrupt gazetteer: checksum mismatch",
            what .. ": " .. msg)
        else
          assert(msg:find(pattern), what .. ": " .. msg)
        end
      end
    end
  end)

  it("is refused when the string pool does not end with NUL", function()
    local pool = hd.sections[#hd.sections]
    assert.are.equal("\0", good:sub(pool.offset + pool.size, pool.offset + pool.size))
    for _, size in ipairs { pool.size - 1, 0 } do
      local bytes = set(good, pool.at + 8, "<I8", size)
      local msg = refused(bytes, "pool size " .. size)
      if size == 0 or bytes:byte(pool.offset + size) ~= 0 then
        assert.are.equal("corrupt gazetteer: the string pool does not end with a NUL byte", msg)
      else
        assert.are.equal("corrupt gazetteer: checksum mismatch", msg)
      end
    end
  end)
end)
