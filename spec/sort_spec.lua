-- glean.sort: packed-key stable sorts used by the extractors and doc:add_ents.
local sort = require "glean.sort"
local helpers = require "spec.helpers"

describe("glean.sort", function()
  it("sorts by an integer key and keeps ties in their order", function()
    local items = {}
    for i, k in ipairs({ 5, 1, 3, 1, 5, 0, 3 }) do items[i] = { k = k, i = i } end
    sort.by(items, function(x) return x.k end)
    local got = {}
    for i, x in ipairs(items) do got[i] = x.k .. ":" .. x.i end
    assert.same({ "0:6", "1:2", "1:4", "3:3", "3:7", "5:1", "5:5" }, got)
  end)

  it("agrees with table.sort on random keys up to MAX_KEY", function()
    local seed = 99
    local function rand(n)
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    end
    for _, range in ipairs({ 3, 1000, sort.MAX_KEY }) do
      local a, b = {}, {}
      for i = 1, 2000 do
        local k = range == sort.MAX_KEY and (sort.MAX_KEY - rand(2147483647)) or rand(range)
        a[i] = { k = k, i = i }
        b[i] = a[i]
      end
      sort.by(a, function(x) return x.k end)
      table.sort(b, function(x, y) if x.k ~= y.k then return x.k < y.k end return x.i < y.i end)
      assert.same(b, a)
    end
  end)

  it("rejects keys that are not integers in range, naming the item", function()
    local items = { { k = 1 }, { k = 1.5 } }
    assert.has_error(function() sort.by(items, function(x) return x.k end) end,
      ("sort.by: key 1.5 of item 2 is not an integer in [0, %d]"):format(sort.MAX_KEY))
    assert.has_error(function() sort.by({ { k = -1 }, { k = 2 } }, function(x) return x.k end) end,
      ("sort.by: key -1 of item 1 is not an integer in [0, %d]"):format(sort.MAX_KEY))
  end)

  it("puts spans in text order, leaving sorted input alone", function()
    local spans = { { first = 4 }, { first = 1 }, { first = 4, tag = "b" }, { first = 2 } }
    assert.is_false(sort.in_text_order(spans))
    sort.by_first(spans)
    assert.same({ 1, 2, 4, 4 }, { spans[1].first, spans[2].first, spans[3].first, spans[4].first })
    assert.is_nil(spans[3].tag)
    assert.equal("b", spans[4].tag)
    assert.is_true(sort.in_text_order(spans))
    assert.same({}, sort.by_first({}))
  end)

  -- 2^20 items take seconds, minutes under valgrind: only in the full-size run
  local heavy_it = helpers.heavy and it or pending
  heavy_it("falls back to a stable comparator sort past 2^20 items", function()
    local n = (1 << 20) + 5
    local items = {}
    for i = 1, n do items[i] = { first = (n - i) // 2, i = i } end
    sort.by_first(items)
    for i = 2, n do
      local a, b = items[i - 1], items[i]
      assert(a.first < b.first or (a.first == b.first and a.i < b.i), "order at " .. i)
    end
  end)
  it("core.sort_integers sorts integers in place, negatives and extremes included", function()
    local core = require "glean.core"
    local t = { 3, -7, math.maxinteger, 0, math.mininteger, 3, 42 }
    local want = { math.mininteger, -7, 0, 3, 3, 42, math.maxinteger }
    core.sort_integers(t)
    assert.same(want, t)
    local empty, one = {}, { 5 }
    core.sort_integers(empty)
    core.sort_integers(one)
    assert.same({}, empty)
    assert.same({ 5 }, one)
    -- the same order as table.sort on a few thousand pseudo-random keys
    local a, b, seed = {}, {}, 7
    for i = 1, 3000 do
      seed = (seed * 1103515245 + 12345) % 2147483648
      a[i] = seed - 1073741824
      b[i] = a[i]
    end
    core.sort_integers(a)
    table.sort(b)
    assert.same(b, a)
  end)

  it("core.sort_integers names an item that is not an integer and leaves no garbage behind", function()
    local core = require "glean.core"
    assert.has_error(function() core.sort_integers({ 1, 2.5, 3 }) end,
      "sort_integers: item 2 is not an integer")
    assert.has_error(function() core.sort_integers({ 1, "x" }) end,
      "sort_integers: item 2 is not an integer")
    assert.has_error(function() core.sort_integers("not a table") end)
  end)

  it("core.new_table makes an empty table of the asked room, and refuses negative sizes", function()
    local core = require "glean.core"
    local t = core.new_table(100, 4)
    assert.equal(0, #t)
    assert.is_nil(next(t))
    t[50] = true                  -- any slot can be filled first
    assert.is_true(t[50])
    assert.has_error(function() core.new_table(-1) end, "bad argument #1 to 'new_table' (size must not be negative)")
    assert.has_error(function() core.new_table(1, -1) end, "bad argument #2 to 'new_table' (size must not be negative)")
    -- the room is a hint: a huge one gives an ordinary table that grows past it
    local big = core.new_table(1 << 40, 1 << 40)
    big[(1 << 20) + 5] = 1
    big.x = 2
    assert.equal(1, big[(1 << 20) + 5])
    assert.equal(2, big.x)
  end)
end)
