--- spec/quotes_twins.lua: how the quotes of the C twin and of the Lua reference of
-- glean.extract.quotes are compared (bench/eval/quotes_twins_eval.lua and
-- spec/extract_quotes_twins_spec.lua): every field of every quote, every raw field of
-- every span in it, and which span tables are the same table (shared by quotes, or an
-- entity of doc.ents).
local M = {}

local QUOTE_FIELDS = { "text", "open", "close", "parts", "kind", "cue", "attribution", "pronoun" }
local SPAN_FIELDS = { "span", "inner", "speaker", "cue_span", "resolved" }

-- A span's raw fields (the doc as a yes/no), sorted, and its text.
local function span_string(s, doc)
  local keys = {}
  for k in pairs(s) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  local out = {}
  for i, k in ipairs(keys) do
    local v = rawget(s, k)
    out[i] = k .. "=" .. (k == "doc" and tostring(v == doc) or tostring(v))
  end
  return table.concat(out, ",") .. " text=" .. tostring(s.text) .. " mt=" .. tostring(getmetatable(s))
end

--- The quotes as strings, one per quote.
function M.dump(doc, quotes)
  local ent_of, table_no, n_tables = {}, {}, 0
  for k, e in ipairs(doc.ents) do ent_of[e] = k end
  local out = {}
  for i, q in ipairs(quotes) do
    local t, nkeys = {}, 0
    for _ in pairs(q) do nkeys = nkeys + 1 end
    t[1] = "fields=" .. nkeys
    for _, k in ipairs(QUOTE_FIELDS) do t[#t + 1] = k .. "=" .. tostring(q[k]) end
    for _, k in ipairs(SPAN_FIELDS) do
      local s = q[k]
      if s == nil then
        t[#t + 1] = k .. "=nil"
      else
        if not table_no[s] then n_tables = n_tables + 1 table_no[s] = n_tables end
        t[#t + 1] = ("%s=#%d ent=%s {%s}"):format(k, table_no[s], tostring(ent_of[s]), span_string(s, doc))
      end
    end
    out[i] = table.concat(t, "; ")
  end
  return out
end

--- The first difference between quotes a (of doc da) and b (of doc db), or nil.
function M.first_difference(da, a, db, b)
  local x, y = M.dump(da, a), M.dump(db, b)
  for i = 1, math.max(#x, #y) do
    if x[i] ~= y[i] then
      return ("quote %d:\n    C   %s\n    Lua %s"):format(i, tostring(x[i]), tostring(y[i]))
    end
  end
  return nil
end

return M
