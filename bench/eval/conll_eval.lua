--- conll_eval.lua: score glean.extract.entities against CoNLL-2003 English (train, dev).
--
--   lua5.4 bench/eval/conll_eval.lua [--data DIR] [--split train|dev|both] [--errors N] [--top K]
--
-- DIR defaults to ../shared/data/conll2003-en relative to the repo root (found from this
-- script's path). When the data is missing the script prints a "skipped" line and exits
-- 0, so `make eval` works for people who do not have the corpus.
--
-- Text: CoNLL gives tokens only. Each document (between `-DOCSTART-` lines) is rebuilt by
-- joining a sentence's tokens with single spaces and the sentences with newlines; the
-- gold entities (IOB2 tags) get byte offsets in that text. glean parses the text and
-- glean.extract.entities runs with its built-in lists and rules only — no list is derived
-- from CoNLL (that would be overfitting: use train for error analysis, report dev).
--
-- Labels: glean PERSON -> PER, GPE and LOC -> LOC, ORG -> ORG; these three are scored
-- with exact spans (start, end, label) by glean.eval.spans, per label and micro-averaged
-- ("PER+LOC+ORG"). glean's NORP is scored against CoNLL's MISC on its own line, for
-- information only (MISC also holds events, products and works, which glean does not
-- look for). DATE has no CoNLL counterpart and is left out.
--
-- --errors N prints, for the splits evaluated, the K (--top K, default 20) most frequent
-- missed and spurious entity texts per kind of error, with N contexts each.

local T0 = os.clock()

local root = ((arg and arg[0] or "bench/eval/conll_eval.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local exists = lib.exists

---------------------------------------------------------------------------- options


local DEFAULT_REL = "../shared/data/conll2003-en"
local FILES = { train = "train.txt", dev = "valid.txt" }
local opts = require("bench.eval.args").parse("conll_eval", arg, { "train", "dev" }, { top = 20 })

local data_dir = opts.data or (root .. "/" .. DEFAULT_REL)
local shown_dir = opts.data or DEFAULT_REL
local splits = {}
if opts.split ~= "dev" then splits[#splits + 1] = "train" end
if opts.split ~= "train" then splits[#splits + 1] = "dev" end

do
  local any = false
  for _, s in ipairs(splits) do
    if exists(data_dir .. "/" .. FILES[s]) then any = true end
  end
  if not any then
    print(("conll_eval: skipped (no %s)"):format(shown_dir))
    os.exit(0)
  end
end

-- `make eval` sets LUA_PATH/LUA_CPATH; as a fallback (appended, so those win) look in
-- the repo's lua/ and build/ directories.
package.path = package.path .. (";%s/lua/?.lua;%s/lua/?/init.lua"):format(root, root)
package.cpath = package.cpath .. (";%s/build/?.so"):format(root)
local glean = require "glean"

---------------------------------------------------------------------------- reading

local read_conll = require("bench.eval.conll").read

------------------------------------------------------------------------- evaluating

local MAP = { PERSON = "PER", GPE = "LOC", LOC = "LOC", ORG = "ORG", NORP = "MISC" }
local nlp = glean.new()
local entities = glean.extract.entities

local function context(text, s)
  local a = math.max(1, s.start - 40)
  local b = math.min(#text, s.stop + 40)
  return (text:sub(a, s.start - 1) .. "⟦" .. text:sub(s.start, s.stop) .. "⟧" .. text:sub(s.stop + 1, b))
    :gsub("\n", " ⏎ ")
end

local errors = {}   -- kind -> text -> { n =, ex = {} }
local by_source = {} -- span source -> { tp =, n = }
local function record(kind, text, ex)
  local k = errors[kind]
  if not k then k = {}; errors[kind] = k end
  local e = k[text]
  if not e then e = { n = 0, ex = {} }; k[text] = e end
  e.n = e.n + 1
  if #e.ex < 5 then e.ex[#e.ex + 1] = ex end
end

local function evaluate(name, path)
  local docs = read_conll(path)
  local pred_all, gold_all = {}, {}
  local offset = 0       -- spans of all docs in one coordinate system
  local seconds = 0
  for _, d in ipairs(docs) do
    local t0 = os.clock()
    local doc = nlp:parse(d.text)
    local found = entities(doc)
    seconds = seconds + os.clock() - t0
    local pred = {}
    for _, e in ipairs(found) do
      local label = MAP[e.label]
      if label then pred[#pred + 1] = { start = e.start, stop = e.stop, label = label, source = e.source } end
    end
    if opts.errors > 0 then
      local gold_at, pred_at = {}, {}
      for _, g in ipairs(d.gold) do gold_at[g.start .. ":" .. g.stop] = g end
      for _, p in ipairs(pred) do pred_at[p.start .. ":" .. p.stop] = p end
      for _, g in ipairs(d.gold) do
        local p = pred_at[g.start .. ":" .. g.stop]
        if g.label ~= "MISC" and not (p and p.label == g.label) then
          local kind
          if p then kind = ("%s labelled %s (%s)"):format(g.label, p.label, p.source)
          else
            kind = "missed " .. g.label
            for _, q in ipairs(pred) do
              if q.start <= g.stop and g.start <= q.stop then
                kind = ("%s with other bounds (%s %s)"):format(g.label, q.label, q.source)
                break
              end
            end
          end
          record(kind, d.text:sub(g.start, g.stop), context(d.text, g))
        end
      end
      for _, p in ipairs(pred) do
        local g = gold_at[p.start .. ":" .. p.stop]
        local src = by_source[p.source] or { tp = 0, n = 0 }
        by_source[p.source] = src
        src.n = src.n + 1
        if g and g.label == p.label then src.tp = src.tp + 1 end
        if p.label ~= "MISC" and not g then
          local kind = ("spurious %s (%s)"):format(p.label, p.source)
          for _, q in ipairs(d.gold) do
            if q.start <= p.stop and p.start <= q.stop then
              kind = ("spurious %s (%s) overlapping gold %s"):format(p.label, p.source, q.label)
              break
            end
          end
          record(kind, d.text:sub(p.start, p.stop), context(d.text, p))
        end
      end
    end
    for _, p in ipairs(pred) do
      pred_all[#pred_all + 1] = { start = p.start + offset, stop = p.stop + offset, label = p.label }
    end
    for _, g in ipairs(d.gold) do
      gold_all[#gold_all + 1] = { start = g.start + offset, stop = g.stop + offset, label = g.label }
    end
    offset = offset + #d.text + 1
  end
  local main_pred, main_gold = {}, {}
  for _, p in ipairs(pred_all) do
    if p.label ~= "MISC" then main_pred[#main_pred + 1] = p end
  end
  for _, g in ipairs(gold_all) do
    if g.label ~= "MISC" then main_gold[#main_gold + 1] = g end
  end
  return {
    name = name, docs = #docs, bytes = offset, seconds = seconds,
    all = glean.eval.spans(pred_all, gold_all),
    main = glean.eval.spans(main_pred, main_gold),
  }
end

local results = {}
for _, s in ipairs(splits) do
  local path = data_dir .. "/" .. FILES[s]
  if exists(path) then
    results[#results + 1] = evaluate(s, path)
  else
    print(("conll_eval: %s: skipped (no %s)"):format(s, path))
  end
end

----------------------------------------------------------------------------- report

local HEAD = "%-22s | %-6s %-6s %-6s | %6s %6s %6s"
local ROW = "%-22s | %.4f %.4f %.4f | %6d %6d %6d"
print("CoNLL-2003 English, glean.extract.entities (built-in lists and rules only), exact spans")
for _, R in ipairs(results) do
  print()
  print(HEAD:format(("%s (%d docs)"):format(R.name, R.docs), "P", "R", "F1", "gold", "pred", "tp"))
  local function row(title, s)
    print(ROW:format(title, s.precision, s.recall, s.f1, s.tp + s.fn, s.tp + s.fp, s.tp))
  end
  for _, label in ipairs({ "PER", "LOC", "ORG" }) do
    row(label, R.all.by_label[label] or { precision = 0, recall = 0, f1 = 0, tp = 0, fp = 0, fn = 0 })
  end
  row("PER+LOC+ORG (micro)", R.main)
  row("MISC vs glean NORP", R.all.by_label.MISC or { precision = 0, recall = 0, f1 = 0, tp = 0, fp = 0, fn = 0 })
  print(("%s: %.2fs in parse + entities (%.1f MB/s)"):format(R.name, R.seconds,
    R.bytes / R.seconds / 1e6))
end

if opts.errors > 0 then
  print("\nprecision by source (exact span and label)")
  local srcs = {}
  for name, c in pairs(by_source) do srcs[#srcs + 1] = { name = name, c = c } end
  table.sort(srcs, function(a, b) return a.c.n > b.c.n end)
  for _, x in ipairs(srcs) do
    print(("%-28s %6d predicted  %.3f precise"):format(x.name, x.c.n, x.c.tp / x.c.n))
  end
  local kinds = {}
  for kind, texts in pairs(errors) do
    local total, list = 0, {}
    for text, e in pairs(texts) do
      total = total + e.n
      list[#list + 1] = { text = text, e = e }
    end
    table.sort(list, function(a, b) return a.e.n > b.e.n or (a.e.n == b.e.n and a.text < b.text) end)
    kinds[#kinds + 1] = { kind = kind, total = total, list = list }
  end
  table.sort(kinds, function(a, b) return a.total > b.total end)
  for _, k in ipairs(kinds) do
    print(("\n== %s: %d =="):format(k.kind, k.total))
    for i = 1, math.min(opts.top, #k.list) do
      local x = k.list[i]
      print(("%5d  %s"):format(x.e.n, x.text))
      for j = 1, math.min(opts.errors, #x.e.ex) do print("         " .. x.e.ex[j]) end
    end
  end
end

print(("time: %.2fs cpu"):format(os.clock() - T0))
