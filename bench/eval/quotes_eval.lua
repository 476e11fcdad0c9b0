--- quotes_eval.lua: score glean.extract.quotes and glean.extract.acronyms against a small
-- hand-made gold standard on ten BBC News articles.
--
--   lua5.4 bench/eval/quotes_eval.lua [--data DIR] [--gold FILE] [--errors]
--
-- DIR defaults to ../shared/data/bbc-news relative to the repo root (found from this
-- script's path), FILE to bench/eval/gold/bbc-quotes.tsv. When the articles are missing
-- the script prints a "skipped" line and exits 0, so `make eval` works without them.
-- The BBC texts are for research only: the gold file holds paths, byte offsets and
-- labels, never article text.
--
-- The gold. Articles: the first two of each topic folder, by file number, that have a
-- double quotation mark and a bracketed capitalised word (business/001, 009,
-- entertainment/017, 022, politics/003, 020, sport/013, 016, tech/007, 013). Annotated
-- by reading each article, before looking at the extractor's output on it:
--  * a quote is every top-level quotation of somebody's words in quotation marks:
--    statements, partial quotes and scare quotes (kind statement | phrase); a quotation
--    nested in another is part of it; a quote that runs over paragraphs is one quote
--    from its first opening mark to its last closing mark (in this corpus paragraphs
--    were run together: `… got. "As a result …` continues the same quote). The span
--    covers the marks. There are no titles of works in quotation marks in these ten.
--  * the speaker is the mention the text attributes the quote to: the subject of the
--    cue verb or the object of `said X`, `according to X`; a name without its titles
--    (Chancellor Angela Merkel -> Angela Merkel), a noun phrase with its determiner and
--    complement (A spokeswoman for the RAD), a pronoun as written (she). A quote with no
--    cue of its own gets the mention of the quote it continues or, failing that, the
--    source the text names for it; none when the text names nobody.
--  * an acronym pair is a definition in brackets: the short form's span and the long
--    form's span, without a leading article; each definition counts (EOC is defined
--    twice in politics/003).
--
-- A second gold, bench/eval/gold/bbc-quotes-heldout.tsv (--gold), covers ten other
-- articles (the next two of each folder by the same test: business/012, 015,
-- entertainment/026, 042, politics/050, 062, sport/021, 033, tech/030, 031), annotated
-- by the same conventions by someone who had not seen the extractors' output; the
-- extractors were not tuned on them before they were first scored (`make eval` runs both).
--
-- Scores (byte spans, exact match):
--  * quotes: a predicted quote is right when its span (marks included) equals a gold one.
--  * speakers: over quotes; a gold quote with a speaker is found when the same quote is
--    predicted with a speaker whose head word equals the gold speaker's (the head: the
--    last word, or the word before `of`/`for` in a role with a complement: "spokeswoman"
--    in "A spokeswoman for the RAD"); a predicted speaker is right under the same test.
--    "exact" requires the same byte span instead of the same head word (a speaker
--    inherited from an earlier quote is at that quote's mention).
--  * acronyms: a predicted pair is right when both its short and long spans equal a
--    gold pair's.
--
-- Run glean.extract.entities first? No: this measures the quote and acronym extractors
-- on their own (speakers come from noun phrases and capitalised names).

local root = ((arg and arg[0] or "bench/eval/quotes_eval.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local lib = require "bench.lib"

local opts = require("bench.eval.args").parse_gold("quotes_eval", arg,
  root .. "/bench/eval/gold/bbc-quotes.tsv")

local data_dir = opts.data or (root .. "/../shared/data/bbc-news")
local shown_dir = opts.data or "../shared/data/bbc-news"
if not lib.exists(data_dir .. "/business/001.txt") then
  print(("quotes_eval: skipped (no %s)"):format(shown_dir))
  os.exit(0)
end

package.path = package.path .. (";%s/lua/?.lua;%s/lua/?/init.lua"):format(root, root)
package.cpath = package.cpath .. (";%s/build/?.so"):format(root)
local glean = require "glean"

---------------------------------------------------------------------------- the gold

-- gold[path] = { quotes = { {s=, e=, kind=, ss=, se=} }, acronyms = { {ss=, se=, ls=, le=} } }
local gold, paths = {}, {}
for n, c in require("bench.eval.args").gold_lines(opts.gold) do
  local path = c[2]
  if not gold[path] then
    gold[path] = { quotes = {}, acronyms = {} }
    paths[#paths + 1] = path
  end
  if c[1] == "quote" then
    local g = gold[path].quotes
    g[#g + 1] = { s = tonumber(c[3]), e = tonumber(c[4]), kind = c[5],
      ss = tonumber(c[6]), se = tonumber(c[7]) }
  elseif c[1] == "acronym" then
    local g = gold[path].acronyms
    g[#g + 1] = { ss = tonumber(c[3]), se = tonumber(c[4]), ls = tonumber(c[5]), le = tonumber(c[6]) }
  else
    error(("%s:%d: unknown record type '%s'"):format(opts.gold, n, c[1]))
  end
end

---------------------------------------------------------------------------- scoring

local function prf(tp, fp, fn)
  local p = tp + fp > 0 and tp / (tp + fp) or 0
  local r = tp + fn > 0 and tp / (tp + fn) or 0
  local f = p + r > 0 and 2 * p * r / (p + r) or 0
  return p, r, f
end

-- The head word of a speaker mention (see the header), lowercased.
local function head(text)
  local words = {}
  for w in text:gmatch("[^%s]+") do words[#words + 1] = w end
  for k = 2, #words - 1 do
    if (words[k] == "of" or words[k] == "for") and words[k - 1]:find("^%l") then
      return words[k - 1]:lower()
    end
  end
  return (words[#words] or ""):lower():gsub("['’]s$", "")
end

local counts = { q = { 0, 0, 0 }, sh = { 0, 0, 0 }, sx = { 0, 0, 0 }, a = { 0, 0, 0 } }
local errors = {}
local function err(path, msg) errors[#errors + 1] = path .. ": " .. msg end

local nlp = glean.new()
table.sort(paths)
for _, path in ipairs(paths) do
  local text = assert(lib.read_file(data_dir .. "/" .. path))
  local doc = nlp:parse(text)
  local quotes = glean.extract.quotes(doc)
  local acronyms = glean.extract.acronyms(doc)
  local g = gold[path]

  local gq = {}
  for _, q in ipairs(g.quotes) do gq[q.s .. ":" .. q.e] = q end
  local seen = {}
  for _, q in ipairs(quotes) do
    local key = (q.span.start - 1) .. ":" .. q.span.stop
    local gold_q = gq[key]
    local shown = text:sub(q.span.start, math.min(q.span.stop, q.span.start + 50))
    if gold_q then
      counts.q[1] = counts.q[1] + 1
      seen[key] = true
    else
      counts.q[2] = counts.q[2] + 1
      err(path, "spurious quote " .. shown)
    end
    if q.speaker then
      local ok_head = gold_q and gold_q.ss and
        head(q.speaker.text) == head(text:sub(gold_q.ss + 1, gold_q.se))
      local ok_exact = gold_q and gold_q.ss and q.speaker.start - 1 == gold_q.ss and q.speaker.stop == gold_q.se
      counts.sh[ok_head and 1 or 2] = counts.sh[ok_head and 1 or 2] + 1
      counts.sx[ok_exact and 1 or 2] = counts.sx[ok_exact and 1 or 2] + 1
      if ok_head and not ok_exact then
        err(path, ("inexact speaker %q at %d (gold %q at %d) for %s"):format(q.speaker.text,
          q.speaker.start - 1, text:sub(gold_q.ss + 1, gold_q.se), gold_q.ss, shown))
      end
      if not ok_head then
        err(path, ("wrong speaker %q (gold %q) for %s"):format(q.speaker.text,
          gold_q and gold_q.ss and text:sub(gold_q.ss + 1, gold_q.se) or "none", shown))
      end
    end
  end
  for _, q in ipairs(g.quotes) do
    local key = q.s .. ":" .. q.e
    if not seen[key] then
      counts.q[3] = counts.q[3] + 1
      err(path, "missed quote " .. text:sub(q.s + 1, math.min(q.e, q.s + 50)))
    end
  end
  -- speaker recall: gold speakers without a right prediction
  local right_head, right_exact = {}, {}
  for _, q in ipairs(quotes) do
    local key = (q.span.start - 1) .. ":" .. q.span.stop
    local gold_q = gq[key]
    if gold_q and gold_q.ss and q.speaker then
      if head(q.speaker.text) == head(text:sub(gold_q.ss + 1, gold_q.se)) then right_head[key] = true end
      if q.speaker.start - 1 == gold_q.ss and q.speaker.stop == gold_q.se then right_exact[key] = true end
    end
  end
  for _, q in ipairs(g.quotes) do
    if q.ss then
      local key = q.s .. ":" .. q.e
      if not right_head[key] then
        counts.sh[3] = counts.sh[3] + 1
        if seen[key] then
          local found
          for _, p in ipairs(quotes) do
            if (p.span.start - 1) .. ":" .. p.span.stop == key then found = p end
          end
          if found and not found.speaker then
            err(path, ("no speaker (gold %q) for %s"):format(text:sub(q.ss + 1, q.se),
              text:sub(q.s + 1, math.min(q.e, q.s + 50))))
          end
        end
      end
      if not right_exact[key] then counts.sx[3] = counts.sx[3] + 1 end
    end
  end

  local ga = {}
  for _, a in ipairs(g.acronyms) do ga[a.ss .. ":" .. a.se .. ":" .. a.ls .. ":" .. a.le] = true end
  local aseen = {}
  for _, a in ipairs(acronyms) do
    local key = (a.short_span.start - 1) .. ":" .. a.short_span.stop .. ":" .. (a.long_span.start - 1)
      .. ":" .. a.long_span.stop
    if ga[key] then
      counts.a[1] = counts.a[1] + 1
      aseen[key] = true
    else
      counts.a[2] = counts.a[2] + 1
      err(path, ("spurious acronym %s = %s"):format(a.short, a.long))
    end
  end
  for _, a in ipairs(g.acronyms) do
    local key = a.ss .. ":" .. a.se .. ":" .. a.ls .. ":" .. a.le
    if not aseen[key] then
      counts.a[3] = counts.a[3] + 1
      err(path, ("missed acronym %s = %s"):format(text:sub(a.ss + 1, a.se), text:sub(a.ls + 1, a.le)))
    end
  end
end

print(("quotes_eval: %d BBC articles, gold %s"):format(#paths, opts.gold:gsub("^.*/bench/", "bench/")))
print(("%-26s %5s %5s %5s %7s %7s %7s"):format("", "tp", "fp", "fn", "P", "R", "F1"))
local rows = { { "quotes (span)", counts.q }, { "speakers (head word)", counts.sh },
  { "speakers (exact span)", counts.sx }, { "acronym pairs", counts.a } }
for _, row in ipairs(rows) do
  local c = row[2]
  local p, r, f = prf(c[1], c[2], c[3])
  print(("%-26s %5d %5d %5d %7.3f %7.3f %7.3f"):format(row[1], c[1], c[2], c[3], p, r, f))
end
if opts.errors then
  print()
  for _, e in ipairs(errors) do print(e) end
end
