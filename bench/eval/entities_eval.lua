--- entities_eval.lua: score glean.extract.entities against a small hand-made gold
-- standard of named entities in ten BBC News articles, the domain glean is for (CoNLL
-- is Reuters of 1996 with its own conventions; bench/eval/conll_eval.lua scores that).
--
--   lua5.4 bench/eval/entities_eval.lua [--data DIR] [--gold FILE] [--errors]
--
-- DIR defaults to ../shared/data/bbc-news relative to the repo root, FILE to
-- bench/eval/gold/bbc-entities.tsv. When the articles are missing the script prints a
-- "skipped" line and exits 0, so `make eval` works without them. The texts are for
-- research only: the gold file holds paths, byte offsets and labels, never text.
--
-- The gold. Articles: the first two files of each topic folder that the quote golds do
-- not use (business/002, 003, entertainment/001, 002, politics/001, 002, sport/001, 002,
-- tech/001, 002), annotated by a helper that read the articles and never saw glean's
-- output, in OntoNotes style (as spaCy's English models label): PERSON (names without
-- titles: `Chancellor Angela Merkel` -> `Angela Merkel`, `Mr Blair` -> `Blair`), ORG
-- (companies, agencies, parties, clubs, bands, papers, broadcasters), GPE (countries,
-- cities, states, counties), LOC (continents, seas, regions without government), NORP
-- (nationalities, religious and political groups), DATE (dates and periods, relative
-- ones and durations too: `last week`, `three years`). No leading `the` unless written
-- as part of the name, no possessive `'s`, no nested entities; products, works, events,
-- laws, money and quantities are not entities.
--
-- Scores: exact spans (start, stop and label) per label and over all, and over the four
-- name labels (PERSON ORG GPE LOC) without DATE and NORP; --errors lists every missed and
-- spurious span with its text (this is for reading on your own machine: the articles'
-- text is printed, never stored).
local root = ((arg and arg[0] or "bench/eval/entities_eval.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local lib = require "bench.lib"

local opts = require("bench.eval.args").parse_gold("entities_eval", arg,
  root .. "/bench/eval/gold/bbc-entities.tsv")

local data_dir = opts.data or (root .. "/../shared/data/bbc-news")
if not lib.exists(data_dir .. "/business/002.txt") then
  print(("entities_eval: skipped (no %s)"):format(opts.data or "../shared/data/bbc-news"))
  os.exit(0)
end

package.path = package.path .. (";%s/lua/?.lua;%s/lua/?/init.lua"):format(root, root)
package.cpath = package.cpath .. (";%s/build/?.so"):format(root)
local glean = require "glean"

local LABELS = { "PERSON", "ORG", "GPE", "LOC", "NORP", "DATE" }
local NAMES = { PERSON = true, ORG = true, GPE = true, LOC = true }

-- gold[path] = array of { start=, stop=, label= } (1-based, inclusive, as glean's spans)
local gold, paths = {}, {}
for n, c in require("bench.eval.args").gold_lines(opts.gold) do
  local s, e = tonumber(c[3]), tonumber(c[4])
  if c[1] ~= "entity" or #c ~= 5 or not s or not e or not c[5]:find("^%u+$") then
    error(("%s:%d: not an entity line"):format(opts.gold, n))
  end
  local path = c[2]
  if not gold[path] then
    gold[path] = {}
    paths[#paths + 1] = path
  end
  local g = gold[path]
  g[#g + 1] = { start = s + 1, stop = e, label = c[5] }
end
table.sort(paths)

local function only(spans, keep)
  local out = {}
  for _, s in ipairs(spans) do
    if keep(s.label) then out[#out + 1] = s end
  end
  return out
end

local nlp = glean.new { invalid = "replace" }   -- offsets stay those of the file's bytes
local all_pred, all_gold, errors = {}, {}, {}
local offset = 0          -- spans of all articles on one line of offsets, for one score
for _, path in ipairs(paths) do
  local text = assert(lib.read_file(data_dir .. "/" .. path))
  local doc = nlp:parse(text)
  local pred = glean.extract.entities(doc)
  local seen = {}
  for _, g in ipairs(gold[path]) do seen[g.start .. ":" .. g.stop .. ":" .. g.label] = true end
  local found = {}
  for _, p in ipairs(pred) do
    all_pred[#all_pred + 1] = { start = p.start + offset, stop = p.stop + offset, label = p.label }
    local k = p.start .. ":" .. p.stop .. ":" .. p.label
    found[k] = true
    if not seen[k] then
      errors[#errors + 1] = ("%s: spurious %s %q (%s)"):format(path, p.label, p.text, p.source)
    end
  end
  for _, g in ipairs(gold[path]) do
    all_gold[#all_gold + 1] = { start = g.start + offset, stop = g.stop + offset, label = g.label }
    if not found[g.start .. ":" .. g.stop .. ":" .. g.label] then
      errors[#errors + 1] = ("%s: missed %s %q"):format(path, g.label, text:sub(g.start, g.stop))
    end
  end
  offset = offset + #text + 1
end

local function row(name, r)
  print(("%-22s %5d %5d %5d   %.3f   %.3f   %.3f"):format(name, r.tp, r.fp, r.fn, r.precision,
    r.recall, r.f1))
end
print(("entities_eval: %d BBC articles, gold %s"):format(#paths, opts.gold:match("bench/eval/gold/.*$") or opts.gold))
print(("%-22s %5s %5s %5s   %-5s   %-5s   %-5s"):format("", "tp", "fp", "fn", "P", "R", "F1"))
local by = glean.eval.spans(all_pred, all_gold).by_label
for _, l in ipairs(LABELS) do
  row(l, by[l] or { tp = 0, fp = 0, fn = 0, precision = 0, recall = 0, f1 = 0 })
end
row("PERSON+ORG+GPE+LOC", glean.eval.spans(only(all_pred, function(l) return NAMES[l] end),
  only(all_gold, function(l) return NAMES[l] end)))
row("all six labels", glean.eval.spans(all_pred, all_gold))
if opts.errors then
  print()
  for _, e in ipairs(errors) do print(e) end
end
