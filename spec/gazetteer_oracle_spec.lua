-- The gazetteer matcher against a plain Lua oracle (API.md "Gazetteers": leftmost-longest,
-- non-overlapping by default, every entry at every position with all=true, a label filter
-- applied before the longest is chosen). Random lists over a small vocabulary, so that a
-- few common first words have hundreds of continuations (more than the matcher's per-word
-- filter of next tokens tells apart, and more than its short linear scan covers), phrases
-- of up to six tokens, shared prefixes, several labels per phrase and duplicates; random
-- documents with the phrases planted in them. The same gazetteer serves documents of two
-- nlps in turn (its per-type cache starts over each time) and survives save and open; the
-- recognizers' capitalised mode starts matches only at tokens with an upper-case letter.
local glean = require "glean"
local h = require "spec.helpers"

-- A deterministic generator (Lua's own may change between versions): xorshift32.
local function generator(seed)
  local state = seed & 0xFFFFFFFF
  return function(n)
    state = state ~ ((state << 13) & 0xFFFFFFFF)
    state = state ~ (state >> 17)
    state = state ~ ((state << 5) & 0xFFFFFFFF)
    return state % n + 1
  end
end

-- Word k of the vocabulary: letters only, so each is one token, lowercase under norm.
local function word(k)
  local s = ""
  repeat
    s = s .. string.char(97 + k % 26)
    k = k // 26
  until k == 0
  return "q" .. s
end

-- A word drawn so that small indices are common: half the draws come from the first 8.
local function draw(rand, nwords)
  if rand(2) == 1 then return word(rand(8)) end
  return word(rand(nwords))
end

-- The list: `n` phrases of 1 to 6 words, labels L1..L3; some phrases repeat with the same
-- label (a duplicate, skipped) or another (kept as a second entry).
local function make_list(rand, n, nwords)
  local list = {}
  for _ = 1, n do
    local r = rand(10)
    if r == 1 and #list > 0 then
      list[#list + 1] = list[rand(#list)]                        -- a duplicate
    elseif r == 2 and #list > 0 then
      local p = list[rand(#list)]
      list[#list + 1] = { words = p.words, label = "L" .. rand(3) } -- another label
    else
      local words = {}
      for k = 1, rand(6) do words[k] = draw(rand, nwords) end
      list[#list + 1] = { words = words, label = "L" .. rand(3) }
    end
  end
  return list
end

-- A document of `n` words with phrases of the list planted in it (capitalised now and
-- then: the key is norm).
local function make_text(rand, list, n, nwords)
  local out = {}
  while #out < n do
    if rand(4) == 1 then
      for _, w in ipairs(list[rand(#list)].words) do out[#out + 1] = w end
    else
      out[#out + 1] = draw(rand, nwords)
    end
    if rand(7) == 1 then out[#out] = out[#out]:gsub("^%l", string.upper) end
  end
  return table.concat(out, " ")
end

-- The oracle's dictionary: phrase key -> its entries ({label=, exact=text or nil}) in the
-- order first added, once each; dict[LONGEST] is the most words of a phrase.
local LONGEST = {}
local function oracle_dict(list)
  local dict = { [LONGEST] = 1 }
  for _, p in ipairs(list) do
    dict[LONGEST] = math.max(dict[LONGEST], #p.words)
    local key = table.concat(p.words, " ")
    local entries = dict[key]
    if not entries then
      entries = {}
      dict[key] = entries
    end
    local seen = false
    for _, e in ipairs(entries) do seen = seen or (e.label == p.label and e.exact == p.exact) end
    if not seen then entries[#entries + 1] = { label = p.label, exact = p.exact } end
  end
  return dict
end

-- The oracle's matches as "first-last LABEL" strings: leftmost-longest (or every entry
-- with all), only entries whose label passes `want` (a set, or nil for all), starting
-- only at the positions `starts` (a set) lets start when it is given. An exact entry
-- applies only where the doc's token texts (`texts`) are its text.
local function oracle(dict, words, all, want, starts, texts)
  local out, n, i, longest = {}, #words, 1, dict[LONGEST]
  local function labels_at(first, last)
    local es = dict[table.concat(words, " ", first, last)]
    if not es then return nil end
    local kept = {}
    for _, e in ipairs(es) do
      if (not want or want[e.label]) and
          (not e.exact or table.concat(texts, " ", first, last) == e.exact) then
        kept[#kept + 1] = e.label
      end
    end
    return #kept > 0 and kept or nil
  end
  while i <= n do
    if starts and not starts[i] then
      i = i + 1
    elseif all then
      for last = i, math.min(n, i + longest - 1) do
        for _, l in ipairs(labels_at(i, last) or {}) do
          out[#out + 1] = ("%d-%d %s"):format(i, last, l)
        end
      end
      i = i + 1
    else
      local found
      for last = math.min(n, i + longest - 1), i, -1 do
        local ls = labels_at(i, last)
        if ls then
          found = ("%d-%d %s"):format(i, last, ls[1])
          out[#out + 1] = found
          i = last + 1
          break
        end
      end
      if not found then i = i + 1 end
    end
  end
  return out
end

local function matched(gaz, doc, opts)
  local out = {}
  for _, s in ipairs(gaz:match(doc, opts)) do
    out[#out + 1] = ("%d-%d %s"):format(s.first, s.last, s.label)
  end
  return out
end

-- The same strings from gaz:match(doc, {columns=true, ...}).
local function matched_columns(gaz, doc, opts)
  local out, m = {}, gaz:match(doc, { columns = true, all = opts and opts.all,
    labels = opts and opts.labels })
  for k = 1, m.n do
    out[#out + 1] = ("%d-%d %s"):format(m.first[k], m.last[k], m.label[k])
  end
  return out
end

-- The recognizers' raw find, capitalised mode, as the same strings.
local function found_capitalised(gaz, doc, all)
  local out, flat = {}, gaz:_find(doc, all, nil, true)
  for k = 1, #flat, 3 do
    out[#out + 1] = ("%d-%d %s"):format(flat[k], flat[k + 1], gaz:entry(flat[k + 2]).label)
  end
  return out
end

-- The positions of tokens that begin with an upper-case letter.
local function capitalised(doc)
  local set = {}
  for tok in doc:tokens() do
    if tok.text:find("^%u") then set[tok.i] = true end
  end
  return set
end

local function lower_words(doc)
  local words = {}
  for tok in doc:tokens() do words[#words + 1] = tok.text:lower() end
  return words
end

describe("the gazetteer matcher against a plain oracle", function()
  local rand = generator(20261202)
  local nwords = 600
  local list = make_list(rand, 6000, nwords)   -- not scaled down: the fan-out needs it
  local dict = oracle_dict(list)
  local nlp_a, nlp_b = glean.new(), glean.new()
  local gaz = glean.gazetteer { nlp = nlp_a }
  for _, p in ipairs(list) do gaz:add(table.concat(p.words, " "), p.label) end

  it("has first words with hundreds of continuations (the hard case for the filter)", function()
    local next_words = {}
    for _, p in ipairs(list) do
      if #p.words >= 2 then
        local set = next_words[p.words[1]] or {}
        set[p.words[2]] = true
        next_words[p.words[1]] = set
      end
    end
    local most = 0
    for _, set in pairs(next_words) do
      local n = 0
      for _ in pairs(set) do n = n + 1 end
      if n > most then most = n end
    end
    assert.is_true(most > 128, "most continuations of a first word: " .. most)
  end)

  it("finds what the oracle finds, leftmost-longest, with all=true and by label", function()
    local total, multi = 0, 0
    for d = 1, 12 do
      local nlp = d % 2 == 1 and nlp_a or nlp_b    -- the type cache starts over each time
      local doc = nlp:parse(make_text(rand, list, h.scale(3000, 800), nwords))
      local words = lower_words(doc)
      local want = oracle(dict, words, false)
      local got = matched(gaz, doc)
      assert.are.same(want, got)
      assert.are.same(want, matched_columns(gaz, doc))
      total = total + #got
      for _, m in ipairs(got) do
        local a, b = m:match("^(%d+)-(%d+)")
        if a ~= b then multi = multi + 1 end
      end
      local all_want, all_got = oracle(dict, words, true), matched(gaz, doc, { all = true })
      local all_columns = matched_columns(gaz, doc, { all = true })
      table.sort(all_want)
      table.sort(all_got)
      table.sort(all_columns)
      assert.are.same(all_want, all_got)
      assert.are.same(all_want, all_columns)
      assert.are.same(oracle(dict, words, false, { L2 = true }),
        matched(gaz, doc, { labels = { "L2" } }))
      assert.are.same(oracle(dict, words, false, { L2 = true }),
        matched_columns(gaz, doc, { labels = { "L2" } }))
      local caps = capitalised(doc)
      assert.are.same(oracle(dict, words, false, nil, caps), found_capitalised(gaz, doc, false))
      all_want, all_got = oracle(dict, words, true, nil, caps), found_capitalised(gaz, doc, true)
      table.sort(all_want)
      table.sort(all_got)
      assert.are.same(all_want, all_got)
    end
    assert.is_true(total > h.scale(10000, 3000) and multi > h.scale(5000, 1500),
      ("%d matches, %d multi-token"):format(total, multi))
  end)

  it("finds what the oracle finds when some entries are exact", function()
    -- A third of the phrases are exact, written with some words capitalised: they apply
    -- only where the document has those very texts (at a walk's first node, deeper, and
    -- next to folded entries of the same words).
    local rand2 = generator(20261207)
    local list2 = make_list(rand2, 4000, nwords)
    local g2, added = glean.gazetteer { nlp = nlp_a }, {}
    local nexact = 0
    for _, p in ipairs(list2) do -- (a duplicate in list2 is the same table again)
      local q = { words = p.words, label = p.label }
      if rand2(3) == 1 then
        local ws = {}
        for k, w in ipairs(p.words) do
          ws[k] = rand2(2) == 1 and w:gsub("^%l", string.upper) or w
        end
        q.exact = table.concat(ws, " ")
        nexact = nexact + 1
      end
      g2:add(q.exact or table.concat(p.words, " "), q.label, nil, q.exact and { exact = true })
      added[#added + 1] = q
    end
    local dict2 = oracle_dict(added)
    local exact_found = 0
    for _ = 1, 8 do
      local doc = nlp_a:parse(make_text(rand2, list2, h.scale(3000, 800), nwords))
      local words, texts = lower_words(doc), {}
      for tok in doc:tokens() do texts[#texts + 1] = tok.text end
      local want = oracle(dict2, words, false, nil, nil, texts)
      assert.are.same(want, matched(g2, doc))
      local all_want = oracle(dict2, words, true, nil, nil, texts)
      local all_got = matched(g2, doc, { all = true })
      table.sort(all_want)
      table.sort(all_got)
      assert.are.same(all_want, all_got)
      assert.are.same(oracle(dict2, words, false, { L1 = true, L3 = true }, nil, texts),
        matched(g2, doc, { labels = { "L1", "L3" } }))
      assert.are.same(oracle(dict2, words, false, nil, capitalised(doc), texts),
        found_capitalised(g2, doc, false))
      for _, s in ipairs(g2:match(doc)) do
        if g2:entry(s.entry).exact then exact_found = exact_found + 1 end
      end
    end
    assert.is_true(nexact > 1000)
    assert.is_true(exact_found > h.scale(200, 50), "exact matches: " .. exact_found)
  end)

  it("gives the same entries, warnings and matches when compiled between adds", function()
    -- Compiling hands the entries to the image; adding more and compiling again must
    -- bring them back in their original order (ties, duplicate numbers, exact entries).
    local function add(g, k, p)
      local phrase = table.concat(p.words, " ")
      if k % 50 == 0 then phrase = phrase:gsub("^%l", string.upper) end
      g:add(phrase, p.label, k % 3 == 0 and ("Q" .. #p.words) or nil,
        k % 70 == 0 and { exact = true } or nil)
    end
    local once, steps = glean.gazetteer { nlp = nlp_a }, glean.gazetteer { nlp = nlp_a }
    local probe = nlp_a:parse(make_text(rand, list, 200, nwords))
    local compiles = 0
    for k, p in ipairs(list) do
      add(once, k, p)
      add(steps, k, p)
      if k % 997 == 0 or k == 3 then    -- match (and so compile) now and then
        assert.are.same(matched(steps, probe, { all = true }), (function()
          local g = glean.gazetteer { nlp = nlp_a }
          for j = 1, k do add(g, j, list[j]) end
          return matched(g, probe, { all = true })
        end)())
        compiles = compiles + 1
      end
    end
    assert.is_true(compiles >= 6)
    assert.are.equal(#once, #steps)
    for n = 1, #once do assert.are.same(once:entry(n), steps:entry(n)) end
    local w1, w2 = once:warnings(), steps:warnings()
    table.sort(w1)
    table.sort(w2)
    assert.is_true(#w1 > 300)
    assert.are.same(w1, w2)
    for _ = 1, 3 do
      local doc = nlp_a:parse(make_text(rand, list, h.scale(3000, 800), nwords))
      assert.are.same(matched(once, doc), matched(steps, doc))
      assert.are.same(matched(once, doc, { all = true }), matched(steps, doc, { all = true }))
    end
  end)

  it("matches the same after save and open", function()
    local path = os.tmpname()
    assert(gaz:save(path))
    local opened = assert(glean.gazetteer.open(path, { nlp = nlp_b }))
    os.remove(path)
    for _ = 1, 3 do
      local doc = nlp_b:parse(make_text(rand, list, h.scale(3000, 800), nwords))
      assert.are.same(oracle(dict, lower_words(doc), false), matched(opened, doc))
      assert.are.same(matched(gaz, doc), matched(opened, doc))
    end
  end)
end)
