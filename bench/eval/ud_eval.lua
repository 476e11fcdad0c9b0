--- ud_eval.lua: score glean's tokenizer and sentence splitter against Universal
-- Dependencies English EWT (dev and test).
--
--   lua5.4 bench/eval/ud_eval.lua [--data DIR] [--split dev|test|both] [--errors N] [--top K]
--
-- DIR defaults to ../shared/data/ud-english-ewt relative to the repo root (found from
-- this script's path). When the data is missing the script prints a "skipped" line and
-- exits 0, so `make eval` works for people who do not have the treebank.
--
-- Raw text: bench/eval/conllu.lua rebuilds each document (`# newdoc`) from its surface
-- tokens, with the gold token and sentence offsets; sentences whose rebuilt text
-- differs from their `# text =` line are counted and shown.
--
-- All offsets below are 0-based, end-exclusive CODE POINT offsets into the doc text.
--
-- Token scoring. Gold units are the surface tokens. A plain token is matched when
-- glean has a token with exactly its (start, end). An MWT (`don't` = `do` + `n't`) is
-- matched when glean has either the whole span as one token, or every one of its parts
-- as tokens; the parts get offsets only when the words' forms concatenate exactly to
-- the surface form (in EWT they all do), otherwise only the whole counts. Predicted
-- units: every glean token counts as one, except that the tokens matching the parts of
-- one MWT together count as one unit. So
--   TP = matched gold units,  R = TP / gold units,  P = TP / predicted units,
-- where predicted units = #glean tokens - sum over part-matched MWTs of (#parts - 1).
-- Glean tokens not used in a match are false positives, unmatched gold units false
-- negatives.
--
-- Sentence scoring: sentence ENDS, i.e. the end offset of each sentence's last token,
-- leaving out each document's final sentence (gold and predicted), which trivially ends
-- at the end of the document. Glean's ends come from doc.sents[k].stop (1-based
-- inclusive byte offset) mapped to code points.
--
-- --errors N prints the K (--top K, default 25) most frequent error patterns of each
-- kind, pooled over the splits evaluated, with N examples each. A token error is a
-- cluster of overlapping unmatched gold units and unmatched glean tokens; its pattern is
-- the direction (we merge / we split / mixed) plus the "shape" of both segmentations
-- (letter runs -> a, digit runs -> 9, runs of 4+ of one punctuation character -> c+,
-- other characters kept). Missed and spurious sentence ends are grouped by the token
-- before the end, the whitespace after it and the class of the next character.

local T0 = os.clock()
local W0 = os.time()

-- bench/eval/ -> repo root, from this script's path (works from any cwd)
local root = ((arg and arg[0] or "bench/eval/ud_eval.lua"):match("^(.*)/[^/]*$") or ".") .. "/../.."
package.path = root .. "/?.lua;" .. package.path
local lib = require "bench.lib"
local conllu = require "bench.eval.conllu"
local exists, ulen = lib.exists, lib.ulen

---------------------------------------------------------------------------- options


local DEFAULT_REL = "../shared/data/ud-english-ewt"
local opts = require("bench.eval.args").parse("ud_eval", arg, { "dev", "test" }, { top = 25 })

local data_dir = opts.data or (root .. "/" .. DEFAULT_REL)
local shown_dir = opts.data or DEFAULT_REL

local splits = {}
if opts.split == "both" or opts.split == "dev" then splits[#splits + 1] = "dev" end
if opts.split == "both" or opts.split == "test" then splits[#splits + 1] = "test" end

do
  local any = false
  for _, s in ipairs(splits) do
    if exists(("%s/en_ewt-ud-%s.conllu"):format(data_dir, s)) then any = true end
  end
  if not any then
    print(("ud_eval: skipped (no %s)"):format(shown_dir))
    os.exit(0)
  end
end

-- `make eval` sets LUA_PATH/LUA_CPATH; as a fallback (appended, so those win) look in
-- the repo's lua/ and build/ directories.
package.path = package.path .. (";%s/lua/?.lua;%s/lua/?/init.lua"):format(root, root)
package.cpath = package.cpath .. (";%s/build/?.so"):format(root)

local glean
for attempt = 1, 4 do
  local ok, mod = pcall(require, "glean")
  if ok then glean = mod break end
  -- the lead may be rebuilding: retry a few times when the module file exists
  if attempt == 4 or not exists(root .. "/build/glean/core.so") then error(mod, 0) end
  io.stderr:write("ud_eval: require 'glean' failed (build in progress?), retrying in 20s\n")
  os.execute("sleep 20")
end

--------------------------------------------------------------------------- helpers

local function key(s, e) return (s << 32) | e end

--- byte (1-based) -> char (0-based) map for the start of each char; plus char->byte.
local function char_maps(text)
  local b2c, c2b = {}, {}
  local c = 0
  for p in utf8.codes(text) do
    b2c[p] = c
    c2b[c] = p
    c = c + 1
  end
  b2c[#text + 1] = c
  c2b[c] = #text + 1
  return b2c, c2b
end

local function csub(text, c2b, nchars, s, e)
  if s < 0 then s = 0 end
  if e > nchars then e = nchars end
  if e <= s then return "" end
  return text:sub(c2b[s], c2b[e] - 1)
end

local function vis(s)
  return (s:gsub("\n", "⏎"):gsub("\t", "⇥"))
end

--- shape of a string: letter runs -> a, digit runs -> 9, whitespace -> _, rest kept.
local PUNCT_U = {}
for _, ch in ipairs({ "’", "‘", "“", "”", "—", "–", "…", "´", "`", "«", "»", "•", "·",
  "€", "£", "¥", "©", "®", "™", "°", "§", "\u{A0}", "′", "″", "‐", "‑", "−" }) do
  PUNCT_U[utf8.codepoint(ch)] = ch == "\u{A0}" and "_" or ch
end

local function shape(s)
  local out, last = {}, nil
  for _, cp in utf8.codes(s) do
    local cls
    if (cp >= 65 and cp <= 90) or (cp >= 97 and cp <= 122) then cls = "a"
    elseif cp >= 48 and cp <= 57 then cls = "9"
    elseif cp == 32 or cp == 9 or cp == 10 or cp == 13 then cls = "_"
    elseif cp < 128 then cls = utf8.char(cp)
    elseif PUNCT_U[cp] then cls = PUNCT_U[cp]
    elseif cp >= 0x1F000 or (cp >= 0x2600 and cp <= 0x27BF) then cls = "☺"
    else cls = "a" end
    if not ((cls == "a" or cls == "9" or cls == "_") and cls == last) then
      out[#out + 1] = cls
    end
    last = cls
  end
  -- runs of 4 or more of the same punctuation character become "c+" ("=====" -> "=+")
  local res, i = {}, 1
  while i <= #out do
    local j = i
    while out[j + 1] == out[i] do j = j + 1 end
    if j - i + 1 >= 4 then
      res[#res + 1] = out[i] .. "+"
    else
      for k = i, j do res[#res + 1] = out[k] end
    end
    i = j + 1
  end
  return table.concat(res)
end

local function char_class(ch)
  if ch == nil or ch == "" then return "END" end
  if ch:match("^%u") then return "Upper" end
  if ch:match("^%l") then return "lower" end
  if ch:match("^%d") then return "digit" end
  if ch:match("^[\"'“‘]") or ch == "“" or ch == "‘" then return "quote" end
  if ch:match("^[%(%[{]") then return "open-bracket" end
  local cp = utf8.codepoint(ch)
  if cp and cp >= 128 and not PUNCT_U[cp] and cp < 0x2000 then return "Upper/lower(non-ASCII)" end
  return "punct(" .. ch .. ")"
end

local function sep_class(ws)
  if ws == "" then return "no-space" end
  if ws:find("\n\n", 1, true) then return "blank-line" end
  if ws:find("\n", 1, true) then return "newline" end
  return "space"
end

--- How a sentence-final token looks, for grouping.
local function tok_class(t)
  if t == nil then return "?" end
  if not t:find("[%w\128-\255]") then return "`" .. t .. "`" end -- all punctuation
  if #t > 1 and t:match("%.$") and t:find("%a") then
    if t:match("^%u%.$") or t:match("^%a%.%a") then return "initial/abbr `" .. t .. "`" end
    return "word. `" .. t .. "`"
  end
  if t:match("^[%w']+$") then
    if t:match("^%d+$") then return "number" end
    if t == "AM" or t == "PM" or t == "am" or t == "pm" then return "`AM/PM`" end
    if t:match("^%u[%u%d']+$") then return "WORD" end
    if t:match("^%u") then return "Word" end
    return "word"
  end
  if t:match("://") or t:match("^www%.") then return "URL" end
  return "other `" .. shape(t) .. "`"
end

------------------------------------------------------------------------- evaluate

local nlp = glean.new()

local function evaluate(name, path)
  local docs, mismatches = conllu.read(path)
  local R = {
    name = name, docs = #docs, mismatches = mismatches,
    gold_units = 0, pred_units = 0, tp = 0, pred_tokens = 0, mwt = 0, mwt_whole = 0, mwt_parts = 0,
    gold_ends = 0, pred_ends = 0, end_tp = 0,
    tok_errors = {}, missed = {}, spurious = {},
  }
  for _, d in ipairs(docs) do
    local text = d.text
    local ok, doc = pcall(nlp.parse, nlp, text)
    if not ok then error(("%s: doc %s: parse failed: %s"):format(name, d.id, tostring(doc))) end
    local b2c, c2b = char_maps(text)
    local n = #doc
    R.pred_tokens = R.pred_tokens + n
    local ps, pe, pidx = {}, {}, {}
    for i = 1, n do
      local s, e = doc:_char_offsets(i)
      ps[i], pe[i] = s, e
      pidx[key(s, e)] = i
    end
    local used = {}                       -- pred token index -> true
    local pred_units = n
    local unmatched_gold = {}
    -- tokens
    for _, snt in ipairs(d.sents) do
      for _, u in ipairs(snt.units) do
        R.gold_units = R.gold_units + 1
        local i = pidx[key(u.s, u.e)]
        if i then
          used[i] = true
          R.tp = R.tp + 1
          if u.mwt then R.mwt = R.mwt + 1; R.mwt_whole = R.mwt_whole + 1 end
        elseif u.mwt and u.parts then
          R.mwt = R.mwt + 1
          local idx = {}
          for _, p in ipairs(u.parts) do
            local j = pidx[key(p.s, p.e)]
            if not j then idx = nil break end
            idx[#idx + 1] = j
          end
          if idx then
            for _, j in ipairs(idx) do used[j] = true end
            R.tp = R.tp + 1
            R.mwt_parts = R.mwt_parts + 1
            pred_units = pred_units - (#idx - 1)
          else
            unmatched_gold[#unmatched_gold + 1] = u
          end
        else
          if u.mwt then R.mwt = R.mwt + 1 end
          unmatched_gold[#unmatched_gold + 1] = u
        end
      end
    end
    R.pred_units = R.pred_units + pred_units

    -- token error clusters: overlapping unmatched gold units and unused pred tokens
    do
      local items = {}
      for _, u in ipairs(unmatched_gold) do items[#items + 1] = { s = u.s, e = u.e, gold = u } end
      for i = 1, n do
        if not used[i] then items[#items + 1] = { s = ps[i], e = pe[i], pred = i } end
      end
      table.sort(items, function(a, b)
        if a.s ~= b.s then return a.s < b.s end
        return (a.gold and 0 or 1) < (b.gold and 0 or 1)
      end)
      local cl
      local function flush()
        if not cl then return end
        local ctx_l = csub(text, c2b, d.nchars, cl.s - 25, cl.s)
        local ctx_r = csub(text, c2b, d.nchars, cl.e, cl.e + 25)
        local str = csub(text, c2b, d.nchars, cl.s, cl.e)
        -- the "[text]" and "[shape]" of each item of one side
        local function segs(list)
          local seg, shp = {}, {}
          for _, it in ipairs(list) do
            local t = csub(text, c2b, d.nchars, it.s, it.e)
            seg[#seg + 1] = "[" .. t .. "]"
            shp[#shp + 1] = "[" .. shape(t) .. "]"
          end
          return seg, shp
        end
        local gseg, gshape = segs(cl.g)
        local pseg, pshape = segs(cl.p)
        local dir
        if #cl.g == 0 then dir = "pred only"
        elseif #cl.p == 0 then dir = "gold only"
        else
          -- boundaries inside the cluster
          local gb, pb = {}, {}
          for _, it in ipairs(cl.g) do gb[it.s] = true; gb[it.e] = true end
          for _, it in ipairs(cl.p) do pb[it.s] = true; pb[it.e] = true end
          local g_sub_p, p_sub_g = true, true
          for b in pairs(gb) do if not pb[b] then g_sub_p = false end end
          for b in pairs(pb) do if not gb[b] then p_sub_g = false end end
          if g_sub_p and not p_sub_g then dir = "we split"
          elseif p_sub_g and not g_sub_p then dir = "we merge"
          else dir = "mixed" end
        end
        local gs, pss = table.concat(gshape, " "), table.concat(pshape, " ")
        local pat
        if str:find("://", 1, true) or str:find("www%.") then
          pat = dir .. " | URL"
        elseif str:find("%w@%w") then
          pat = dir .. " | email-like"
        elseif #gs + #pss > 60 then
          pat = dir .. " | long: gold " .. #cl.g .. " tokens, pred " .. #cl.p
        else
          pat = dir .. " | gold " .. gs .. " | pred " .. pss
        end
        local e = R.tok_errors[pat]
        if not e then
          e = { n = 0, fn = 0, fp = 0, ex = {}, strings = {} }
          R.tok_errors[pat] = e
        end
        e.n = e.n + 1
        e.fn = e.fn + #cl.g
        e.fp = e.fp + #cl.p
        e.strings[str] = (e.strings[str] or 0) + 1
        if #e.ex < 50 then
          e.ex[#e.ex + 1] = ("%s  gold %s  pred %s   «%s⟦%s⟧%s»"):format(vis(str),
            vis(table.concat(gseg)), vis(table.concat(pseg)), vis(ctx_l), vis(str), vis(ctx_r))
        end
        cl = nil
      end
      for _, it in ipairs(items) do
        if cl and it.s < cl.e then
          if it.e > cl.e then cl.e = it.e end
        else
          flush()
          cl = { s = it.s, e = it.e, g = {}, p = {} }
        end
        if it.gold then cl.g[#cl.g + 1] = it else cl.p[#cl.p + 1] = it end
      end
      flush()
    end

    -- sentence ends (without the doc's final sentence)
    local gold_ends, pred_ends = {}, {}
    local ns = #d.sents
    for k = 1, ns - 1 do gold_ends[d.sents[k].stop] = true end
    local sents = doc.sents
    for k = 1, #sents - 1 do
      local c = b2c[sents[k].stop + 1]  -- char offset just after the last byte = end offset
      pred_ends[c] = k
    end
    -- glean's last sentence normally ends at the doc end and is left out like the gold
    -- one; should it end anywhere else, that end is scored too
    if #sents > 0 then
      local c = b2c[sents[#sents].stop + 1]
      if c ~= d.nchars then pred_ends[c] = #sents end
    end
    -- token text / whitespace helpers for error grouping
    local tok_at_end = {}
    for i = 1, n do tok_at_end[pe[i]] = i end
    local gold_tok_end = {}
    for _, snt in ipairs(d.sents) do
      for _, u in ipairs(snt.units) do gold_tok_end[u.e] = u end
    end
    local function after_ctx(c)
      local ws = csub(text, c2b, d.nchars, c, c + 3):match("^[ \t\r\n\u{A0}]*") or ""
      local wn = ulen(ws)
      local nxt = csub(text, c2b, d.nchars, c + wn, c + wn + 1)
      return ws, nxt
    end
    local function record(tbl, pat, c)
      local e = tbl[pat]
      if not e then e = { n = 0, ex = {} } tbl[pat] = e end
      e.n = e.n + 1
      if #e.ex < 50 then
        e.ex[#e.ex + 1] = ("«%s⟦|⟧%s»"):format(vis(csub(text, c2b, d.nchars, c - 45, c)),
          vis(csub(text, c2b, d.nchars, c, c + 30)))
      end
    end
    for c in pairs(gold_ends) do
      R.gold_ends = R.gold_ends + 1
      if pred_ends[c] then
        R.end_tp = R.end_tp + 1
      else
        local u = gold_tok_end[c]
        local ws, nxt = after_ctx(c)
        local tb = tok_at_end[c] and "" or " (no glean token boundary)"
        record(R.missed, ("after %s + %s + %s%s"):format(tok_class(u and u.form), sep_class(ws),
          char_class(nxt), tb), c)
      end
    end
    for c in pairs(pred_ends) do
      R.pred_ends = R.pred_ends + 1
      if not gold_ends[c] then
        local i = tok_at_end[c]
        local t = i and doc[i].text
        local ws, nxt = after_ctx(c)
        local gb = gold_tok_end[c] and "" or " (not a gold token end)"
        record(R.spurious, ("after %s + %s + %s%s"):format(tok_class(t), sep_class(ws),
          char_class(nxt), gb), c)
      end
    end
  end
  return R
end

-------------------------------------------------------------------------- report

local function prf(tp, np, ng)
  local p = np > 0 and tp / np or 0
  local r = ng > 0 and tp / ng or 0
  local f = (p + r) > 0 and 2 * p * r / (p + r) or 0
  return p, r, f
end

local function sorted_patterns(tbl)
  local list = {}
  for pat, e in pairs(tbl) do list[#list + 1] = { pat = pat, e = e } end
  table.sort(list, function(a, b)
    if a.e.n ~= b.e.n then return a.e.n > b.e.n end
    return a.pat < b.pat
  end)
  return list
end

local results = {}
for _, s in ipairs(splits) do
  local path = ("%s/en_ewt-ud-%s.conllu"):format(data_dir, s)
  if exists(path) then
    results[#results + 1] = evaluate(s, path)
  else
    print(("ud_eval: %s: skipped (no %s)"):format(s, path))
  end
end

local HEAD = "%-14s | %-6s %-6s %-6s | %-6s %-6s %-6s | %5s %11s %14s"
local ROW = "%-14s | %.4f %.4f %.4f | %.4f %.4f %.4f | %5d %11d %14d"
print(("%-14s | %-20s | %-20s |"):format("UD English EWT", "tokens", "sentence ends"))
print(HEAD:format("", "P", "R", "F1", "P", "R", "F1", "docs", "gold tokens", "gold sent ends"))
for _, R in ipairs(results) do
  local tp, tr, tf = prf(R.tp, R.pred_units, R.gold_units)
  local sp, sr, sf = prf(R.end_tp, R.pred_ends, R.gold_ends)
  print(ROW:format(R.name, tp, tr, tf, sp, sr, sf, R.docs, R.gold_units, R.gold_ends))
end
for _, R in ipairs(results) do
  print(("%s: tokens: %d matched / %d gold units / %d predicted units (%d glean tokens); "
    .. "MWTs %d (matched whole %d, as parts %d); sentence ends: %d matched / %d gold / %d predicted; "
    .. "# text mismatches: %d"):format(R.name, R.tp, R.gold_units, R.pred_units, R.pred_tokens,
    R.mwt, R.mwt_whole, R.mwt_parts, R.end_tp, R.gold_ends, R.pred_ends, #R.mismatches))
  if #R.mismatches > 5 then
    io.stderr:write(("ud_eval: warning: %d sentences do not rebuild to their # text; "
      .. "the raw-text reconstruction is probably wrong\n"):format(#R.mismatches))
  end
  for k, m in ipairs(R.mismatches) do
    if k > 5 then break end
    print(("  text mismatch in %s:\n    rebuilt: %s\n    # text:  %s"):format(m.id, m.rebuilt, m.gold))
  end
end

--- Error tables of several splits merged into one (counts summed, examples pooled).
local function merge_tables(list, field)
  local out = {}
  for _, R in ipairs(list) do
    for pat, e in pairs(R[field]) do
      local m = out[pat]
      if not m then
        m = { n = 0, fn = 0, fp = 0, ex = {} }
        out[pat] = m
      end
      m.n = m.n + e.n
      m.fn = m.fn + (e.fn or 0)
      m.fp = m.fp + (e.fp or 0)
      for _, x in ipairs(e.ex) do m.ex[#m.ex + 1] = x end
    end
  end
  return out
end

if opts.errors > 0 and #results > 0 then
  local N = opts.errors
  local label = {}
  for _, R in ipairs(results) do label[#label + 1] = R.name end
  label = table.concat(label, "+")
  local function dump(title, tbl, top, with_fn)
    local list = sorted_patterns(tbl)
    local total = 0
    for _, x in ipairs(list) do total = total + x.e.n end
    print(("\n== %s: %s (%d in %d patterns; top %d) =="):format(label, title, total, #list, top))
    for k = 1, math.min(top, #list) do
      local x = list[k]
      if with_fn then
        print(("%5d  %s   (fn %d, fp %d)"):format(x.e.n, x.pat, x.e.fn, x.e.fp))
      else
        print(("%5d  %s"):format(x.e.n, x.pat))
      end
      for j = 1, math.min(N, #x.e.ex) do print("         " .. x.e.ex[j]) end
    end
  end
  dump("token errors", merge_tables(results, "tok_errors"), opts.top, true)
  dump("missed sentence ends", merge_tables(results, "missed"), opts.top)
  dump("spurious sentence ends", merge_tables(results, "spurious"), opts.top)
end

print(("time: %.2fs cpu, %ds wall"):format(os.clock() - T0, os.time() - W0))
