-- examples/extract.lua — a `glean run` script: one record per document with the
-- entities the gazetteers found (-g) and the sentence each one is in.
--   glean run examples/extract.lua -g examples/huawei-world.tsv examples/huawei-5g.txt
-- The script runs once per process with a context table ({glean=, nlp=, gazetteers=,
-- args=}) and returns the function called for every document.
local ctx = ...
local min_tokens = tonumber(ctx.args.min_tokens or "0") -- glean run ... --arg min_tokens=50
return function(doc, meta)
  if #doc < min_tokens then return nil end -- nil: no record for this document
  local ents = {}
  for i, e in ipairs(doc.ents) do
    ents[i] = { text = e.text, label = e.label, id = e.id, sent = doc[e.first].sent }
  end
  return { id = meta.id, date = meta.date, sentences = #doc.sents, ents = ents }
end
