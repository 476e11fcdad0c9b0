-- bench/cli_extract.lua — the `glean run` script of the CLI benchmark (bench/bench_cli.sh):
-- what an analyst's first script looks like. Per document: the gazetteer entities, the
-- capitalised words inside sentences (candidate names no list knows yet, counted), and
-- the sentence count.
local ctx = ...
local stop = { The = true, A = true, An = true, In = true, On = true, But = true, And = true }
return function(doc, meta)
  local ents = {}
  for i, e in ipairs(doc.ents) do ents[i] = { text = e.text, label = e.label, id = e.id } end
  local names, order = {}, {}
  for tok in doc:tokens() do
    if tok.is_title and not tok.is_sent_start and not stop[tok.text] then
      local k = tok.text
      if not names[k] then names[k] = 0; order[#order + 1] = k end
      names[k] = names[k] + 1
    end
  end
  local cands = {}
  for i, k in ipairs(order) do cands[i] = { text = k, n = names[k] } end
  return { id = meta.id, sentences = #doc.sents, tokens = #doc, ents = ents, candidates = cands }
end
