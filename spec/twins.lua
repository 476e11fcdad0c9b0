--- spec/twins.lua: how an extractor's C twin (mod.extract) and its Lua reference
-- (mod.extract_lua) are compared, by the twins specs and bench/eval/twins.lua: each on
-- its own parse of the text, after the same preparation, with the same options; both
-- must raise or both run, give the same results (as `dump` writes them) and leave the
-- same doc.ents. (spec/quotes_twins.lua compares quotes field by field.)
local M = {}

--- doc.ents (or any spans) as lines: offsets, label, source.
function M.dump_ents(ents)
  local out = {}
  for i, s in ipairs(ents) do
    out[i] = table.concat({ s.first, s.last, s.start, s.stop, tostring(s.label), tostring(s.source) }, " ")
  end
  return out
end

--- The first difference on `text` (nil when none) and the number of results.
-- how: { parser = nlp, mod = extractor module, dump = function(results) -> lines,
-- opts_of = function(doc) -> options | nil, prepare = function(doc) | nil }
function M.compare(text, how)
  local d1, d2 = how.parser:parse(text), how.parser:parse(text)
  if how.prepare then
    how.prepare(d1)
    how.prepare(d2)
  end
  local opts_of = how.opts_of
  local ok1, a = pcall(how.mod.extract, d1, opts_of and opts_of(d1) or nil)
  local ok2, b = pcall(how.mod.extract_lua, d2, opts_of and opts_of(d2) or nil)
  if ok1 ~= ok2 then
    return ("C %s, Lua %s"):format(ok1 and "ran" or "raised " .. tostring(a),
      ok2 and "ran" or "raised " .. tostring(b)), 0
  end
  if not ok1 then return nil, 0 end   -- both raise
  a, b = how.dump(a), how.dump(b)
  local ea, eb = M.dump_ents(d1.ents), M.dump_ents(d2.ents)
  for i = 1, math.max(#a, #b) do
    if a[i] ~= b[i] then return ("result %d: C %s, Lua %s"):format(i, tostring(a[i]), tostring(b[i])), #a end
  end
  for i = 1, math.max(#ea, #eb) do
    if ea[i] ~= eb[i] then return ("doc.ents %d: C %s, Lua %s"):format(i, tostring(ea[i]), tostring(eb[i])), #a end
  end
  return nil, #a
end

return M
