-- report.lua — turns the JSON lines collected by bench/run.sh into markdown tables.
-- Usage: lua5.4 bench/report.lua RESULTS.jsonl > table.md
-- Each input line is {"kind":"facts",...} or {"kind":"run","input":"file"|"dir",
-- "label":..., "rc":..., "cmd":..., "note":..., "result":<the tool's own JSON line>|null}.
-- Measurements of the same tool on the same input (glean C and the C baseline run
-- before and after the peers) are pooled: median over all their timed runs.

local ROOT = ((arg and arg[0] or "bench/report.lua"):match("^(.*)/[^/]*$") or ".") .. "/.."
package.path = ROOT .. "/?.lua;" .. package.path
local lib = require "bench.lib"

local decode = require "bench.json_decode"

local facts, runs, failures = {}, {}, {}
for line in io.lines(arg[1]) do
  if line:match("^%s*{") then
    local ok, r = pcall(decode, line)
    if ok and r then
      if r.kind == "facts" then
        for k, v in pairs(r) do facts[k] = v end
      elseif r.kind == "run" then
        if r.result and r.result.tool then
          runs[#runs + 1] = r
        else
          failures[#failures + 1] = r
        end
      end
    end
  end
end

-- Pool by input + tool (the gazetteer section's inputs are "gaz-<size>").
local pooled = {}
for _, r in ipairs(runs) do
  local key = r.input .. "|" .. r.result.tool
  local p = pooled[key]
  if not p then
    p = { input = r.input, tool = r.result.tool, res = r.result, times = {}, rss = 0,
      label = r.label, note = r.note, count = 0, all = {} }
    pooled[key] = p
  end
  p.count = p.count + 1
  p.all[#p.all + 1] = r.result
  for _, t in ipairs(r.result.times_s or {}) do p.times[#p.times + 1] = t end
  if #(r.result.times_s or {}) == 0 and r.result.median_s then p.times[#p.times + 1] = r.result.median_s end
  p.rss = math.max(p.rss, r.result.peak_rss_kb or 0)
end
for _, p in pairs(pooled) do
  p.median = lib.median(p.times)
  p.bytes = p.res.bytes
  p.MBps = p.median and p.bytes and p.bytes / p.median / 1e6
  p.tokps = p.res.tokens and p.median and p.res.tokens / p.median
end

local function get(input, tool) return pooled[input .. "|" .. tool] end
-- The tool on the corpus file, else on the directory.
local function get_any(tool) return get("file", tool) or get("dir", tool) end

-- Thousands separators on the integer part of a formatted number: "-1234.5" -> "-1,234.5".
local function group(s)
  local sign, int, rest = s:match("^(-?)(%d+)(.*)$")
  if not int then return s end
  return sign .. int:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "") .. rest
end
local function fmt_num(x, digits)
  if not x then return "n/a" end
  if x >= 100 then return group(string.format("%.0f", x)) end
  if x >= 10 then return group(string.format("%.1f", x)) end
  return group(string.format("%." .. (digits or 2) .. "f", x))
end
local function fmt_int(x)
  if not x then return "n/a" end
  return group(string.format("%d", math.floor(x + 0.5)))
end
local function mb(kb) return (kb and kb > 0) and fmt_num(kb / 1024, 1) or "n/a" end

local out = {}
local function w(s) out[#out + 1] = s or "" end

w("# glean benchmark")
w()
w(("Measured %s by `bench/run.sh` (`make bench`). Machine: `nproc` = %s, CPU `%s`, "
  .. "loadavg at start %s, %s. 1 MB = 10^6 bytes; MB/s and tokens/s are medians of the "
  .. "timed runs inside one process (input already in memory). Peak RSS = the "
  .. "process's maximum resident set (input text included).")
  :format(facts.date or "?", facts.nproc or "?", facts.cpu or "?", facts.loadavg or "?",
    facts.compiler or ""))
w()
if facts.corpus then
  w(("Input: `%s` = BBC News only (%s bytes, %s distinct articles, built by "
    .. "`shared/peers/make_corpus.py --only bbc`: articles joined by \"\\n\\n\\n\", the one "
    .. "Latin-1 byte decoded as U+00A3, duplicates dropped, shuffled), the same file for glean "
    .. "(`--file`) and every peer. glean and the Node/Python peers work per article, the C "
    .. "peers on the whole buffer. The directory rows read `%s` (one file per "
    .. "document, %s files, the Latin-1 byte replaced by U+FFFD).")
    :format(facts.corpus, fmt_int(facts.corpus_bytes), fmt_int(facts.corpus_docs),
      facts.dir or "?", fmt_int(facts.dir_docs)))
else
  w(("Input: `%s` (one file per document). Peers not run: %s")
    :format(facts.dir or "?", facts.peers_missing or "see above"))
end
w()

local ref = get_any("glean-c-parse")
local naive = get("file", "c-naive-emit")

local TOK = {
  { "file", "glean-c-parse", "**glean C** glean_parse (tokens + sentences), one reused doc" },
  { "dir", "glean-c-parse", "glean C, directory input" },
  { "file", "glean-lua-parse", "**glean Lua** nlp:parse(text)" },
  { "dir", "glean-lua-parse", "glean Lua, directory input" },
  { "file", "c-naive-emit", "C baseline byte-class tokenizer, emit (start,len)" },
  { "file", "c-naive-count", "C baseline byte-class tokenizer, count only" },
  { "file", "icu-ubrk-word-utf16", "ICU word BreakIterator, UTF-16" },
  { "file", "icu-ubrk-word-utf8", "ICU word BreakIterator, UTF-8 UText" },
  { "file", "natural-word", "natural WordTokenizer" },
  { "file", "nltk-wordpunct", "NLTK wordpunct_tokenize" },
  { "file", "natural-treebank", "natural TreebankWordTokenizer" },
  { "file", "wink-tokenizer", "wink-tokenizer" },
  { "file", "wink-tokens", "wink-nlp readDoc, tokens-only pipe" },
  { "file", "wink-full", "wink-nlp readDoc, default pipe" },
  { "file", "nltk-treebank", "NLTK TreebankWordTokenizer (per line)" },
  { "file", "compromise", "compromise nlp.tokenize" },
}
local NORM = {
  { "file", "glean-c-normalize-casefold", "**glean C** glean_normalize CASEFOLD (NFKC_Casefold), per article" },
  { "dir", "glean-c-normalize-casefold", "glean C CASEFOLD, directory input" },
  { "file", "glean-lua-normalize-casefold", "**glean Lua** glean.normalize(s, \"casefold\"), per article" },
  { "file", "glean-c-normalize-search", "glean C SEARCH form (casefold + strip marks, fold punct, collapse space)" },
  { "file", "glean-lua-normalize-search", "glean Lua glean.normalize(s, \"search\")" },
  { "file", "utf8proc-map-nfkc_cf", "utf8proc_map COMPOSE\\|COMPAT\\|CASEFOLD\\|STABLE, per article (in glean's bench)" },
  { "file", "utf8proc-nfkc_cf-whole", "utf8proc_map, whole buffer (peer)" },
  { "file", "utf8proc-nfkc_cf-line", "utf8proc_map, per line (peer)" },
  { "file", "icu-normalizer2-nfkc_cf-whole", "ICU Normalizer2 NFKC_Casefold, C API via UTF-16, whole" },
  { "file", "icu-normalizer2-nfkc_cf-line", "ICU C API via UTF-16, per line" },
  { "file", "icu-normalizer2-utf8-nfkc_cf-whole", "ICU C++ normalizeUTF8, whole" },
  { "file", "icu-normalizer2-utf8-nfkc_cf-line", "ICU C++ normalizeUTF8, per line" },
}

local function notes_for(p)
  local n = {}
  local r = p.res
  if p.note and p.note ~= "" then n[#n + 1] = p.note end
  if r.version then n[#n + 1] = r.version end
  if r.icu then n[#n + 1] = "ICU " .. r.icu end
  if r.utf8proc then n[#n + 1] = "utf8proc " .. r.utf8proc end
  if r.MBps_incl_conv and r.tool:match("utf16") then n[#n + 1] = ("%s MB/s incl. UTF-8->UTF-16"):format(fmt_num(r.MBps_incl_conv)) end
  if r.MBps_first then n[#n + 1] = ("first (cold) run %s MB/s"):format(fmt_num(r.MBps_first)) end
  if r.peak_rss_per_doc_byte then
    n[#n + 1] = ("peak RSS %.1f bytes per input byte"):format(r.peak_rss_per_doc_byte)
  end
  if r.sentences then n[#n + 1] = ("%s sentences"):format(fmt_int(r.sentences)) end
  if r.articles then n[#n + 1] = ("%s articles"):format(fmt_int(r.articles)) end
  if r.units and r.tool == "nltk-treebank" then n[#n + 1] = ("%s lines"):format(fmt_int(r.units)) end
  if facts.corpus_bytes and p.bytes and p.input == "file" and p.bytes < facts.corpus_bytes * 0.99 then
    n[#n + 1] = ("first %s bytes only (--limit-mb)"):format(fmt_int(p.bytes))
  end
  n[#n + 1] = ("%d runs%s"):format(#p.times, p.count > 1 and (" pooled from %d processes"):format(p.count) or "")
  return table.concat(n, "; ")
end

--- A markdown table: the header and alignment lines, then a row for each { input, tool,
-- label } of `rows` that was measured, its cells from cells(p, label).
local function measured_table(header, align, rows, cells)
  w(header)
  w(align)
  for _, row in ipairs(rows) do
    local p = get(row[1], row[2])
    if p then w("| " .. table.concat(cells(p, row[3]), " | ") .. " |") end
  end
end

local function any_measured(rows)
  for _, row in ipairs(rows) do if get(row[1], row[2]) then return true end end
  return false
end

if any_measured(TOK) then
w("## Tokenization")
w()
measured_table("| tool | MB/s | tokens | tokens/s | peak RSS MB | glean-C ÷ tool | tool ÷ C-naive (xC) | notes |",
  "|---|---:|---:|---:|---:|---:|---:|---|", TOK, function(p, label)
    return { label, fmt_num(p.MBps), fmt_int(p.res.tokens), fmt_int(p.tokps), mb(p.rss),
      ref and fmt_num(ref.MBps / p.MBps) or "n/a", naive and fmt_num(naive.MBps / p.MBps) or "n/a",
      notes_for(p) }
  end)
w()
w("Token counts differ because each tool has its own rules (glean: spaCy-style English "
  .. "tokens incl. punctuation, clitics and split hyphens). glean-C ÷ tool > 1 means glean "
  .. "is that many times faster.")
w()
end

local nref = get_any("glean-c-normalize-casefold")
if any_measured(NORM) then
w("## Normalization (NFKC_Casefold)")
w()
measured_table("| tool | MB/s | out bytes | output FNV-1a | peak RSS MB | glean-C casefold ÷ tool | notes |",
  "|---|---:|---:|---|---:|---:|---|", NORM, function(p, label)
    local extra = ""
    if p.res.docs_equal_to_glean_casefold then
      extra = ("glean CASEFOLD output identical on %s of %s articles; "):format(
        fmt_int(p.res.docs_equal_to_glean_casefold), fmt_int(p.res.docs))
    end
    if p.res.calls then extra = extra .. ("%s calls; "):format(fmt_int(p.res.calls)) end
    return { label, fmt_num(p.MBps), fmt_int(p.res.out_bytes),
      (p.res.hash and not p.res.hash:match("^0+$")) and p.res.hash or "-", mb(p.rss),
      nref and fmt_num(nref.MBps / p.MBps) or "n/a", extra .. notes_for(p) }
  end)
w()
w("glean's hash covers the per-article outputs with the \"\\n\\n\\n\" separators hashed back "
  .. "in, so equal hashes mean byte-identical output to the whole-buffer peers (glean's out "
  .. "bytes exclude the 3-byte separators). The per-line peers print no hash.")
w()
end

local iter = get_any("glean-lua-iterate-tokens")
if iter then
  w(("Secondary: iterating every token of every parsed article from Lua (`for tok in doc:tokens()`, "
    .. "reading `tok.text` and `tok.norm`): %s tokens/s (%s tokens, %s MB/s of text).")
    :format(fmt_int(iter.tokps), fmt_int(iter.res.tokens), fmt_num(iter.MBps)))
  w()
end

if any_measured(TOK) or any_measured(NORM) then
w("## Targets")
w()
w("| target | measured (median) | status |")
w("|---|---:|---|")
local function target(name, p, goal)
  if not p then
    w(("| %s | n/a | not measured |"):format(name))
    return
  end
  w(("| %s | %s MB/s | %s |"):format(name, fmt_num(p.MBps), p.MBps >= goal and "met" or "**missed**"))
end
target("tokenize + sentences from C >= 150 MB/s", ref, 150)
target("nlp:parse from Lua >= 100 MB/s", get_any("glean-lua-parse"), 100)
target("glean.normalize(s, \"casefold\") >= 250 MB/s", get_any("glean-lua-normalize-casefold"), 250)
w()
end

-- Gazetteers: one block of rows per phrase-list size, glean then the peers.
local GAZ_SIZES = {}
do
  local seen = {}
  for _, r in ipairs(runs) do
    local s = r.input:match("^gaz%-(.+)$")
    if s and not seen[s] then seen[s] = true GAZ_SIZES[#GAZ_SIZES + 1] = s end
  end
end
local function gaz(size, tool) return get("gaz-" .. size, tool) end
local function median_of(list, field)
  local t = {}
  for _, r in ipairs(list or {}) do if r[field] then t[#t + 1] = r[field] end end
  return lib.median(t)
end
local function ms(s) return s and fmt_num(s * 1e3, 2) or "n/a" end
local function secs(s) return s and fmt_num(s, 3) or "n/a" end
-- Per size: the figures the targets are judged on.
local G = {}
for _, size in ipairs(GAZ_SIZES) do
  local b, o, m, l = gaz(size, "glean-c-gaz-build"), gaz(size, "glean-c-gaz-open"),
    gaz(size, "glean-c-gaz-match"), gaz(size, "glean-lua-gaz-parse-match")
  G[size] = {
    build = b, open = o, match = m, lua = l,
    open_fresh = o and median_of(o.all, "first_s"), -- first open of each fresh process
    open_all = o and lib.median(o.times),
    excl = m and m.res.MBps_excl, incl = m and m.res.MBps_incl, lua_MBps = l and l.res.MBps,
  }
end
if #GAZ_SIZES > 0 then
  w("## Gazetteers")
  w()
  w(("Phrase lists: `%s/dict_{10k,100k,1m}.txt` (built by `shared/peers/make_dicts.py` from "
    .. "wordnet-base, libgeonames-common and wamerican-huge; one lowercase phrase per line), "
    .. "each line turned into the TSV line `phrase<TAB>TERM` for glean (`%s`, under `%s`). "
    .. "Text: the BBC corpus file above (%s bytes, %s articles), the same file for every tool. "
    .. "glean: `glean_bench_gazetteer` (C, key = norm, one tokenizer with english, "
    .. "split_hyphens, invalid=replace) and `bench/bench_gazetteer.lua` (Lua), each step in its "
    .. "own process; the peers run their own scripts of `shared/peers` exactly as "
    .. "`run_bench.py` runs them (`DICT CORPUS --runs N`).")
    :format(facts.gaz_dicts or "/tmp/peers/dicts", facts.gaz_tsv_cmd or "awk", facts.gaz_tmp or "?",
      fmt_int(facts.corpus_bytes), fmt_int(facts.corpus_docs)))
  w()
  w("| size | tool | entries | build s | bytes/entry | open ms | MB/s | matches | peak RSS MB | notes |")
  w("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
  local function row(size, tool, entries, build, bpe, open, MBps, matches, rss, notes)
    w(("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"):format(size, tool, entries, build,
      bpe, open, MBps, matches, rss, notes))
  end
  for _, size in ipairs(GAZ_SIZES) do
    local g = G[size]
    local b, o, m, l = g.build, g.open, g.match, g.lua
    if b or m then
      local br, mr = b and b.res or {}, m and m.res or {}
      local entries = fmt_int(br.entries or mr.entries)
      if b then
        row(size, "**glean C** build: glean_gaz_builder_load_tsv + glean_gaz_compile", entries,
          secs(br.build_s), fmt_num(br.bytes_per_entry, 1), "", "", "", mb(br.peak_rss_kb),
          ("load_tsv %s s + compile %s s (median of %d%s); save %s s; file %s bytes; %s warnings%s")
            :format(secs(br.load_s), secs(br.compile_s), br.runs or 1,
              br.processes and ", each build in its own process: peak RSS is the largest" or "",
              secs(br.save_s),
              fmt_int(br.file_bytes), fmt_int(br.warnings),
              (br.warnings or 0) > 0 and (" (duplicates, phrases with no token left; e.g. %s)")
                :format((br.first_warning or ""):gsub("|", "\\|")) or ""))
      end
      if o then
        row(size, "**glean C** glean_gaz_open (mmap + checks + checksum)", entries, "", "",
          ms(g.open_fresh), "", "", mb(o.rss),
          ("median of the first open in %d fresh processes; %s ms median of all %d opens; file in the page cache")
            :format(#o.all, ms(g.open_all), #o.times))
      end
      if m then
        row(size, "**glean C** glean_gaz_find, docs parsed beforehand (tokenization excluded)",
          entries, "", "", ms(mr.open_s), fmt_num(mr.MBps_excl), fmt_int(mr.matches),
          mb(m.rss), ("first pass %s MB/s; %s multi-token matches; %s tokens; RSS after open %s MB, with all docs parsed %s MB")
            :format(fmt_num(mr.MBps_excl_first), fmt_int(mr.matches_multi_token),
              fmt_int(mr.tokens), mb(mr.rss_after_open_kb), mb(mr.rss_with_docs_kb)))
        row(size, "**glean C** glean_parse + glean_gaz_find per doc (tokenization included)",
          entries, "", "", "", fmt_num(mr.MBps_incl), fmt_int(mr.matches_incl), mb(m.rss),
          ("first pass %s MB/s; glean_parse alone %s MB/s in the same process")
            :format(fmt_num(mr.MBps_incl_first), fmt_num(mr.MBps_parse)))
      end
      if l then
        local lr = l.res
        row(size, "**glean Lua** nlp:parse + gaz:match per doc", fmt_int(lr.entries), "", "",
          ms(lr.open_s), fmt_num(lr.MBps), fmt_int(lr.matches), mb(l.rss),
          ("gaz:match alone (docs parsed beforehand) %s MB/s; first pass %s MB/s; %d runs%s")
            :format(fmt_num(lr.MBps_match_only), fmt_num(lr.MBps_first), #l.times,
              lr.MBps_span_floor and ("; nlp:parse alone %s MB/s; the %s span tables alone, made "
                .. "by Lua's table constructor with no glean call, %s ms a pass: parse + span "
                .. "tables bound the path at %s MB/s"):format(fmt_num(lr.MBps_parse_only),
                  fmt_int(lr.matches), ms(lr.span_floor_median_s),
                  fmt_num(lr.MBps_parse_plus_floor)) or ""))
        if lr.MBps_columns then
          row(size, "**glean Lua** nlp:parse + gaz:match(doc, {columns=true}) per doc",
            fmt_int(lr.entries), "", "", "", fmt_num(lr.MBps_columns), fmt_int(lr.matches_columns),
            "", ("the same matches as parallel arrays (first, last, start, stop, entry, label, "
              .. "source, id), no table per match; median of %d runs, timed after the "
              .. "passes above (the lexicon and type map warm)"):format(#(lr.times_columns_s or {})))
        end
      end
    end
    for _, pt in ipairs {
      { "vectorscan-lit-caseless", "Vectorscan hs_compile_lit_multi + hs_scan, caseless (whole buffer)", "db_bytes" },
      { "pyahocorasick", "pyahocorasick Automaton.iter (lowered text, whole string)", "automaton_bytes" },
      { "modern-ahocorasick-default", "modern-ahocorasick count() per article (lowered)", "typed_array_bytes" },
    } do
      local p = gaz(size, pt[1])
      if p then
        local r = p.res
        local n = {}
        if p.note and p.note ~= "" then n[#n + 1] = p.note end
        if r.wb_MBps then n[#n + 1] = ("with word-boundary check %s MB/s"):format(fmt_num(r.wb_MBps)) end
        if r[pt[3]] then n[#n + 1] = ("%s %s bytes"):format(pt[3], fmt_int(r[pt[3]])) end
        if r.peak_rss_after_build_kb then n[#n + 1] = ("RSS after build %s MB"):format(mb(r.peak_rss_after_build_kb)) end
        n[#n + 1] = ("%d runs"):format(#p.times)
        row(size, pt[2], fmt_int(r.patterns), secs(r.build_s),
          r[pt[3]] and r.patterns and fmt_num(r[pt[3]] / r.patterns, 1) or "n/a", "",
          fmt_num(p.MBps), ("%s raw / %s wb"):format(fmt_int(r.matches_raw),
            r.matches_wb and fmt_int(r.matches_wb) or "-"), mb(p.rss), table.concat(n, "; "))
      end
    end
  end
  w()
  w("Columns: build s = glean: TSV load + compile (median of the build runs; saving is extra), "
    .. "peers: their automaton/database build from the phrase list; bytes/entry = glean: "
    .. "compiled file size / entries kept, peers: their own size figure / phrases (Vectorscan's "
    .. "database, pyahocorasick's and modern-ahocorasick's automaton sizes); open ms = "
    .. "glean_gaz_open of the saved file (the match rows give the open inside that process); "
    .. "MB/s = corpus bytes / median pass time (1 MB = 10^6 bytes); peak RSS = the whole "
    .. "process (build, open or open+match, corpus and parsed docs included; peers: after "
    .. "building and scanning).")
  w()
  local ctl, u = G["1m-control"], gaz("1m-control", "glean-gaz-unseen")
  if ctl and u then
    local ur, small_m = u.res, G["10k"] and G["10k"].match
    local same = ctl.match and small_m and ctl.match.res.matches == small_m.res.matches
    w(("Size 1m-control is a control, not one of the issue's lists: the 10k list plus the %s "
      .. "entries of the 1m list that match nowhere in the corpus (`bench/gaz_unseen.lua`, every "
      .. "occurrence with `all=true`; %s of the 1m entries match somewhere). Its matches are "
      .. "%s the 10k list's, so against the 10k rows it shows what the size of a list costs "
      .. "the matcher by itself, apart from the ten times more matches of the 1m list.")
      :format(fmt_int(ur.unseen), fmt_int(ur.matched),
        same and "exactly" or "meant to be (but here not exactly)"))
    w()
  end
  w("Match counts are not comparable one to one: glean counts token-level, whole-phrase, "
    .. "leftmost-longest non-overlapping matches (key = the token's norm, so case-insensitive); "
    .. "the peers count every overlapping raw substring occurrence (raw) and the subset whose "
    .. "neighbours are not word characters (wb; each tool's own notion of a word character: "
    .. "modern-ahocorasick's wholeWord uses Intl.Segmenter). Entries glean skipped "
    .. "(duplicates after normalization, tokens that normalize to nothing) are in the "
    .. "warnings count. Vectorscan's HS_FLAG_CASELESS folds ASCII only; pyahocorasick and "
    .. "modern-ahocorasick scan text lowered beforehand (not timed).")
  w()

  w("### Gazetteer targets")
  w()
  w("| target | measured | status |")
  w("|---|---:|---|")
  local big, small = G["1m"], G["10k"]
  local function t_row(name, value, shown, ok)
    if value == nil then
      w(("| %s | n/a | not measured |"):format(name))
    else
      w(("| %s | %s | %s |"):format(name, shown, ok and "met" or "**missed**"))
    end
  end
  local bb = big and big.build and big.build.res
  t_row("1M entries: build (load TSV + compile) <= 3 s", bb and bb.build_s,
    bb and (secs(bb.build_s) .. " s"), bb and bb.build_s <= 3)
  t_row("1M entries: open <= 20 ms (first open in a fresh process)", big and big.open_fresh,
    big and big.open_fresh and (ms(big.open_fresh) .. " ms"), big and big.open_fresh and big.open_fresh <= 0.020)
  t_row("1M entries: <= 64 bytes per entry compiled", bb and bb.bytes_per_entry,
    bb and fmt_num(bb.bytes_per_entry, 1), bb and bb.bytes_per_entry <= 64)
  t_row("1M entries: peak RSS <= 150 MB, build process", bb and bb.peak_rss_kb,
    bb and (mb(bb.peak_rss_kb) .. " MB"), bb and bb.peak_rss_kb <= 150 * 1024)
  local bm = big and big.match
  t_row("1M entries: peak RSS <= 150 MB, open + match process", bm and bm.rss,
    bm and (mb(bm.rss) .. " MB"), bm and bm.rss <= 150 * 1024)
  local flat = big and small and big.excl and small.excl and big.excl / small.excl
  t_row("match MB/s (tokenization excluded) with 1M >= 0.8 x with 10k", flat,
    flat and ("%s x (%s vs %s MB/s)"):format(fmt_num(flat), fmt_num(big.excl), fmt_num(small.excl)),
    flat and flat >= 0.8)
  local flat2 = big and small and big.incl and small.incl and big.incl / small.incl
  t_row("(same, tokenization included)", flat2,
    flat2 and ("%s x (%s vs %s MB/s)"):format(fmt_num(flat2), fmt_num(big.incl), fmt_num(small.incl)),
    flat2 and flat2 >= 0.8)
  local ctl = G["1m-control"]
  local flat_ctl = ctl and small and ctl.excl and small.excl and ctl.excl / small.excl
  if flat_ctl then
    w(("| (control, not a target: the 1m-control list, whose matches are the 10k list's, "
      .. "tokenization excluded) | %s x (%s vs %s MB/s) | control |")
      :format(fmt_num(flat_ctl), fmt_num(ctl.excl), fmt_num(small.excl)))
  end
  for _, size in ipairs(GAZ_SIZES) do
    local g = G[size]
    if size ~= "1m-control" then
      local bound = g.lua and g.lua.res.MBps_parse_plus_floor
      t_row(("nlp:parse + gaz:match from Lua >= 80 MB/s, %s entries"):format(size), g.lua_MBps,
        g.lua_MBps and (fmt_num(g.lua_MBps) .. " MB/s" .. (bound and
          (" (bound by parse + span tables: %s)"):format(fmt_num(bound)) or "")),
        g.lua_MBps and g.lua_MBps >= 80)
      local cols = g.lua and g.lua.res.MBps_columns
      if cols then
        t_row(("(same, gaz:match(doc, {columns=true}), %s entries)"):format(size), cols,
          fmt_num(cols) .. " MB/s", cols >= 80)
      end
    end
  end
  w()
end

-- Token-pattern rules: one row per rule count (input "rules-<n>"), then the linearity run.
local RULE_COUNTS = {}
do
  local seen = {}
  for _, r in ipairs(runs) do
    local n = tonumber(r.input:match("^rules%-(%d+)$"))
    if n and not seen[n] then seen[n] = true RULE_COUNTS[#RULE_COUNTS + 1] = n end
  end
  table.sort(RULE_COUNTS)
end
local lin = get("rules-linear", "glean-lua-rules-linear")
if #RULE_COUNTS > 0 or lin then
  local function rules_run(n) return get("rules-" .. n, "glean-lua-rules") end
  local biggest = rules_run(RULE_COUNTS[#RULE_COUNTS] or 0)
  local any = biggest or lin
  local ar = any.res
  w("## Token-pattern rules")
  w()
  w(("Measured %s (loadavg %s, build `%s`) by `bench/bench_rules.lua`, one process per rule "
    .. "count. Rules: generated with seed %s from the most frequent lemmas of `%s`, cycling "
    .. "through %d templates (the first rules of the largest set below); the N-rule set is "
    .. "the first N of the 1,000, each rule with its own label. Text: the BBC corpus file "
    .. "above (%s bytes), one document per article, parsed by `glean.new{invalid=\"replace\"}`. "
    .. "MB/s = corpus bytes / median pass time (1 MB = 10^6 bytes), %d runs, clock %s.")
    :format(facts.rules_date or facts.date or "?", facts.rules_loadavg or "?",
      facts.rules_build or "?", tostring(ar.seed), ar.word_source or "?",
      ar.templates or 0, fmt_int(facts.corpus_bytes or ar.bytes and ar.bytes[1]),
      ar.runs or 0, ar.clock or "?"))
  w()
  if biggest and biggest.res.examples then
    local ex = {}
    for i, e in ipairs(biggest.res.examples) do ex[i] = ("%d `%s`"):format(i, (e:gsub("|", "\\|"))) end
    w("Templates (words vary per rule): " .. table.concat(ex, "; ") .. ".")
    w()
  end
  if #RULE_COUNTS > 0 then
    w("| rules | instructions | MB/s nlp:parse + rules:match | first pass | MB/s rules:match only | "
      .. "MB/s C matcher only | MB/s nlp:parse alone | matches | rules that matched | steps | steps/token | peak RSS MB |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for _, n in ipairs(RULE_COUNTS) do
      local p = rules_run(n)
      local r = p.res
      w(("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"):format(fmt_int(n),
        fmt_int(r.instructions), fmt_num(p.MBps), fmt_num(r.MBps_first), fmt_num(r.MBps_match_only),
        fmt_num(r.MBps_core), fmt_num(r.MBps_parse), fmt_int(r.matches), fmt_int(r.rules_fired),
        fmt_int(r.steps), r.tokens and r.tokens > 0 and fmt_num(r.steps / r.tokens, 1) or "n/a",
        mb(p.rss)))
    end
    w()
    w("Columns: nlp:parse + rules:match = per article, as a user calls them (a span with its "
      .. "groups is built for every match; the median run, whose per-type test caches are warm: "
      .. "first pass = the first run, which fills them; every article is parsed once, untimed, "
      .. "before all passes, so no pass pays for new token types in the lexicon); rules:match only = over articles parsed "
      .. "beforehand; C matcher only = `rules._core:_run` (the C matcher and its result "
      .. "arrays, no spans: the difference to rules:match only is the Lua side of lua/glean/rules.lua); "
      .. "nlp:parse alone = the tokenization share, measured in the same process; steps = the "
      .. "second value of rules:match summed over the articles; matches = leftmost-longest per "
      .. "rule, overlaps between rules kept. Matches per template (1..13) for the largest set: "
      .. (biggest and table.concat(biggest.res.matches_per_template or {}, ", ") or "n/a") .. ".")
    w()
  end
  if lin then
    local r = lin.res
    w(("Linearity: %s rules over K copies of the corpus joined by \"\\n\\n\\n\" into **one** "
      .. "document per K (parsed beforehand, untimed); median of %d runs.")
      :format(fmt_int(r.rules), r.runs or 0))
    w()
    w("| copies | bytes | tokens | rules:match s | ÷ 1× | C matcher s | ÷ 1× | matches | steps | ÷ 1× |")
    w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for i, k in ipairs(r.multiples or {}) do
      w(("| %d× | %s | %s | %s | %s | %s | %s | %s | %s | %s |"):format(k, fmt_int(r.bytes[i]),
        fmt_int(r.tokens[i]), secs(r.match_s[i]), fmt_num(r.match_s[i] / r.match_s[1]),
        secs(r.core_s[i]), fmt_num(r.core_s[i] / r.core_s[1]), fmt_int(r.matches[i]),
        fmt_int(r.steps[i]), fmt_num(r.steps[i] / r.steps[1], 3)))
    end
    w()
  end
  w("### Rules targets")
  w()
  w("| target | measured | status |")
  w("|---|---:|---|")
  local r100 = rules_run(100)
  if r100 then
    w(("| 100 rules: nlp:parse + rules:match from Lua >= 50 MB/s | %s MB/s | %s |")
      :format(fmt_num(r100.MBps), r100.MBps >= 50 and "met" or "**missed**"))
  else
    w("| 100 rules: nlp:parse + rules:match from Lua >= 50 MB/s | n/a | not measured |")
  end
  if lin and #(lin.res.multiples or {}) > 1 then
    local r = lin.res
    local i = #r.multiples
    local k = r.multiples[i] / r.multiples[1]
    local st = r.steps[i] / r.steps[1] / k
    local tm = r.match_s[i] / r.match_s[1] / k
    local tc = r.core_s[i] / r.core_s[1] / k
    w(("| steps linear in corpus size (%d× copies: steps ÷ (%d × steps at 1×) within 1%% of 1) | %s | %s |")
      :format(r.multiples[i], k, fmt_num(st, 3), math.abs(st - 1) <= 0.01 and "met" or "**missed**"))
    w(("| matching time linear in corpus size (%d×: time ÷ (%d × time at 1×) <= 1.25) | rules:match %s, C matcher %s | %s |")
      :format(r.multiples[i], k, fmt_num(tm), fmt_num(tc), (tm <= 1.25 and tc <= 1.25) and "met" or "**missed**"))
  end
  w()
end

-- Memory per document (input "mem-<copies>"): glean_bench_tokenize --mode memory and
-- bench/bench_memory.lua, one row per number of corpus copies joined into one document.
local MEM, mem_seen = {}, {}
for _, r in ipairs(runs) do
  local k = tonumber(r.input:match("^mem%-(%d+)$"))
  if k and not mem_seen[k] then mem_seen[k] = true MEM[#MEM + 1] = k end
end
table.sort(MEM)
if #MEM > 0 then
  local function mem(k, lang)
    local p = get("mem-" .. k, "glean-" .. lang .. "-memory")
    return p and p.res
  end
  local spread = {}  -- field -> { min, max } over the rows
  local function f(field, r)
    local v = r and r[field]
    if not v then return "n/a" end
    local t = spread[field] or { v, v }
    t[1], t[2], spread[field] = math.min(t[1], v), math.max(t[2], v), t
    return fmt_num(v, 2)
  end
  w("## Memory per document")
  w()
  w("K copies of the corpus file joined by \"\\n\\n\\n\" into **one** document, parsed once in a "
    .. "fresh process per K and language after a warm-up that parses every article once (the "
    .. "lexicon is grown: the figures are the document's own); the text itself is not counted. "
    .. "C (`glean_bench_tokenize --mode memory`): glean_parse + glean_doc_char_offsets; doc "
    .. "bytes = capacity of the token, sentence and char-offset arrays (in use); peak RSS growth "
    .. "= VmHWM after minus VmRSS before, the peak reset through /proc/self/clear_refs. Lua "
    .. "(`bench/bench_memory.lua`): Lua heap growth (collectgarbage(\"count\"), full collections; "
    .. "the doc's arrays live in its userdata) after `nlp:parse(text)`, `doc.sents` and one "
    .. "pass over `doc:tokens()`; peak RSS growth during nlp:parse. RSS can come out slightly "
    .. "under the bytes in use where malloc reuses memory that is resident already.")
  w()
  w("| copies | input MB | tokens | sentences | C doc bytes/input byte: capacity (in use) "
    .. "| C peak-RSS growth/input byte | Lua heap bytes/input byte: with doc.sents (parse alone) "
    .. "| Lua peak-RSS growth/input byte |")
  w("|---:|---:|---:|---:|---:|---:|---:|---:|")
  for _, k in ipairs(MEM) do
    local c, l = mem(k, "c"), mem(k, "lua")
    local any = c or l
    w(("| %d× | %s | %s | %s | %s (%s) | %s | %s (%s) | %s |"):format(k, fmt_num(any.bytes / 1e6, 1),
      fmt_int(any.tokens), fmt_int(any.sentences), f("doc_bytes_per_byte", c),
      f("doc_used_per_byte", c), f("peak_rss_growth_per_byte", c), f("lua_heap_per_byte", l),
      f("lua_heap_parse_per_byte", l), f("peak_rss_growth_parse_per_byte", l)))
  end
  w()
  local function vary(field)
    local t = spread[field]
    return t and t[1] > 0 and ("%.1f%%"):format((t[2] / t[1] - 1) * 100) or "n/a"
  end
  local function range(field)
    local t = spread[field] or {}
    if fmt_num(t[1]) == fmt_num(t[2]) then return fmt_num(t[1]) end
    return fmt_num(t[1]) .. " to " .. fmt_num(t[2])
  end
  local c1, cn, l1, ln = mem(MEM[1], "c"), mem(MEM[#MEM], "c"), mem(MEM[1], "lua"), mem(MEM[#MEM], "lua")
  if c1 and cn then
    w(("**Constant:** a parsed document holds %.1f bytes per token in C (16 for the token, 8 for "
      .. "its code-point offsets once asked for, 8 per sentence), here **%s bytes per input byte** "
      .. "(%s with the arrays' power-of-two capacities, which stay under 2× the bytes in use); "
      .. "peak RSS grows by %s bytes per input byte. Linear: from %s MB to %s MB the per-byte ratios "
      .. "vary by %s (C doc), %s (C peak RSS), %s (Lua heap) and %s (Lua peak RSS).")
      :format(c1.doc_used_bytes / c1.tokens, fmt_num(c1.doc_used_per_byte),
        fmt_num(c1.doc_bytes_per_byte), range("peak_rss_growth_per_byte"),
        fmt_num(c1.bytes / 1e6, 1), fmt_num(cn.bytes / 1e6, 1), vary("doc_used_per_byte"),
        vary("peak_rss_growth_per_byte"), vary("lua_heap_per_byte"),
        vary("peak_rss_growth_parse_per_byte")))
    w()
  end
  if l1 and ln then
    w(("From Lua the doc's userdata holds %s bytes per input byte (its token and sentence arrays, "
      .. "copied out of the nlp's scratch doc: hence a parse peak of about twice that), %s with "
      .. "`doc.sents` (%s bytes per sentence span). Iterating tokens adds only garbage, whose "
      .. "transient peak follows the collector's pace (peak RSS growth with it: %s per input byte "
      .. "at %d×). Per nlp, not per document: the tokenizer's arrays (lexicon %s MB, %s types, "
      .. "and chunk cache) took %s MB after the warm-up%s.")
      :format(fmt_num(l1.lua_heap_parse_per_byte), fmt_num(l1.lua_heap_per_byte),
        fmt_int((l1.lua_heap_growth - l1.lua_heap_parse) / l1.sentences),
        fmt_num(ln.peak_rss_growth_per_byte), MEM[#MEM],
        fmt_num(c1 and c1.lexicon_bytes_warm and c1.lexicon_bytes_warm / 1e6, 1),
        fmt_int(l1.types_warm), fmt_num(c1 and c1.tokenizer_bytes_warm / 1e6, 1),
        c1 and c1.tokenizer_bytes_after == c1.tokenizer_bytes_warm and ", unchanged by the big parse" or ""))
    w()
  end
end

-- The news extraction from Lua (bench/bench_extract.lua, input "extract").
local extract = get("extract", "glean-lua-extract")
if extract then
  require("bench.report_extract")(extract.res, facts, w, fmt_num, fmt_int)
end

-- The glean command (bench/bench_cli.sh, input "cli"): --jobs 1 vs --jobs 2.
local CLI = {}
for _, r in ipairs(runs) do
  if r.input == "cli" and r.result.tool:match("^glean%-cli%-") then CLI[#CLI + 1] = r.result end
end
if #CLI > 0 then
  w("## The glean command: --jobs 1 and 2")
  w()
  w(("`bench/bench_cli.sh` on the BBC directory (%s files, %s bytes, one document per file), "
    .. "output to a file; whole-command wall time (start-up, directory walk, workers, output) "
    .. "of %d runs per jobs value, alternating jobs 1 and 2, medians. The one invalid UTF-8 file "
    .. "is skipped (`--on-error skip`). nproc = %s."):format(fmt_int(CLI[1].docs),
    fmt_int(CLI[1].bytes), CLI[1].runs, tostring(facts.nproc or "?")))
  w()
  w("| command | jobs 1 s | jobs 2 s | jobs 1 docs/s | jobs 2 docs/s | speed-up | peak RSS MB (1 / 2, largest process) | same output | loadavg before, after |")
  w("|---|---:|---:|---:|---:|---:|---:|---|---|")
  for _, c in ipairs(CLI) do
    w(("| `%s` | %s | %s | %s | %s | **%s×** | %s / %s | %s | %s |"):format(c.command,
      fmt_num(c.median1_s, 3), fmt_num(c.median2_s, 3), fmt_int(c.docs_per_s1), fmt_int(c.docs_per_s2),
      fmt_num(c.speedup, 2), mb(c.peak_rss_kb1), mb(c.peak_rss_kb2), c.same_output and "yes" or "**no**",
      c.loadavg and table.concat(c.loadavg, ", ") or "n/a"))
  end
  w()
  w("| target | measured (median) | status |")
  w("|---|---:|---|")
  for _, c in ipairs(CLI) do
    w(("| --jobs 2 >= 1.7x --jobs 1, `%s` | %s× | %s |"):format(c.tool:gsub("^glean%-cli%-", "glean "),
      fmt_num(c.speedup, 2), c.speedup >= 1.7 and "met" or "**not met**"))
  end
  w()
end

if #failures > 0 then
  w("## Not measured")
  w()
  for _, f in ipairs(failures) do
    w(("* %s: %s"):format(f.label or f.cmd or "?", f.note or ("exit status " .. tostring(f.rc))))
  end
  w()
end
if facts.peers_missing then
  w("Peers missing: " .. facts.peers_missing)
  w()
end

io.write(table.concat(out, "\n"), "\n")
