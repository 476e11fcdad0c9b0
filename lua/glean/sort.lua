--- glean.sort — stable sorts of spans and candidates by an integer key, without a Lua
-- comparator: keys are packed with the element's index into one integer and sorted in C
-- (core.sort_integers), so a sort costs n key computations instead of n log n calls.
-- The extractors sort a few hundred candidates per article; with a comparator the sorts
-- were a third of their time, and table.sort's own `<` still a tenth.
local M = {}

-- tables made with room for n items: filled without a rehash at each doubling
local core = require "glean.core"
local new_table, sort_integers = core.new_table, core.sort_integers

local INDEX_BITS = 20                 -- up to 2^20 elements per packed sort
local INDEX_MASK = (1 << INDEX_BITS) - 1
M.MAX_KEY = (1 << (63 - INDEX_BITS)) - 1   -- keys are integers in [0, MAX_KEY]

local function packed(arr, n, keys)
  sort_integers(keys)
  local copy = table.move(arr, 1, n, 1, new_table(n))
  for i = 1, n do arr[i] = copy[keys[i] & INDEX_MASK] end
  return arr
end

--- sort.by(arr, key) sorts arr in place by key(x) (an integer in [0, MAX_KEY]), ties kept
-- in their order. Returns arr.
function M.by(arr, key)
  local n = #arr
  if n < 2 then return arr end
  if n > INDEX_MASK then
    -- too many to pack: a comparator sort, made stable with the original positions
    local pos = {}
    for i = 1, n do pos[arr[i]] = i end
    table.sort(arr, function(a, b)
      local ka, kb = key(a), key(b)
      if ka ~= kb then return ka < kb end
      return pos[a] < pos[b]
    end)
    return arr
  end
  local keys = new_table(n)
  for i = 1, n do
    local k = key(arr[i])
    if math.type(k) ~= "integer" or k < 0 or k > M.MAX_KEY then
      error(("sort.by: key %s of item %d is not an integer in [0, %d]"):format(tostring(k), i, M.MAX_KEY), 2)
    end
    keys[i] = (k << INDEX_BITS) | i
  end
  return packed(arr, n, keys)
end

M.MAX_ITEMS = INDEX_MASK            -- at most this many elements for sort.by_keys

--- sort.by_keys(arr, keys) sorts arr in place by keys[i], integers in [0, MAX_KEY] that
-- the caller computed (and checked) itself, ties kept in their order; at most MAX_ITEMS
-- elements. Returns arr. (sort.by without a key function call and check per element.)
function M.by_keys(arr, keys)
  local n = #arr
  if n < 2 then return arr end
  for i = 1, n do keys[i] = (keys[i] << INDEX_BITS) | i end
  return packed(arr, n, keys)
end

--- sort.in_text_order(arr) is true when arr's spans are sorted by `first`.
function M.in_text_order(arr)
  local prev = -1
  for i = 1, #arr do
    local f = arr[i].first
    if f < prev then return false end
    prev = f
  end
  return true
end

--- sort.by_first(arr) sorts spans (tables with an integer `first`) into text order,
-- stable; already sorted input (the usual case) costs one pass.
function M.by_first(arr)
  local n = #arr
  if M.in_text_order(arr) then return arr end
  if n > INDEX_MASK then
    return M.by(arr, function(x) return x.first end)
  end
  local keys = new_table(n)
  for i = 1, n do keys[i] = (arr[i].first << INDEX_BITS) | i end
  return packed(arr, n, keys)
end

return M
