--- bench/eval/conll.lua — reads a CoNLL-2003 file (token POS chunk NER-tag lines,
-- `-DOCSTART-` between documents) into documents with a rebuilt text:
--   local docs = require("bench.eval.conll").read(path)
-- Each document's sentences are its tokens joined by single spaces, the sentences joined
-- by newlines; `gold` holds its entities (IOB2 tags) with 1-based inclusive byte offsets
-- into that text. Used by conll_eval.lua and entities_twins_eval.lua.
local M = {}

--- Documents of a CoNLL file: { text =, gold = { {start=, stop=, label=}, ... } }, with
-- 1-based inclusive byte offsets into the rebuilt text.
function M.read(path)
  local docs, doc, sent = {}, nil, nil
  local function end_sentence()
    if sent and #sent > 0 then doc.sents[#doc.sents + 1] = sent end
    sent = nil
  end
  local function end_doc()
    end_sentence()
    if doc and #doc.sents > 0 then docs[#docs + 1] = doc end
    doc = nil
  end
  for line in io.lines(path) do
    local token, tag = line:match("^(%S+) %S+ %S+ (%S+)$")
    if line:match("^%-DOCSTART%-") then
      end_doc()
      doc = { sents = {} }
    elseif not token then
      end_sentence()
    else
      doc = doc or { sents = {} }
      sent = sent or {}
      sent[#sent + 1] = { token, tag }
    end
  end
  end_doc()
  -- rebuild the text and the gold spans
  for _, d in ipairs(docs) do
    local parts, gold, pos = {}, {}, 1
    local open
    local function close()
      if open then gold[#gold + 1] = open end
      open = nil
    end
    for si, s in ipairs(d.sents) do
      if si > 1 then parts[#parts + 1] = "\n"; pos = pos + 1 end
      for ti, t in ipairs(s) do
        if ti > 1 then parts[#parts + 1] = " "; pos = pos + 1 end
        local word, tag = t[1], t[2]
        local start, stop = pos, pos + #word - 1
        local bi, label = tag:match("^([BI])%-(%u+)$")
        if bi == "B" or (bi == "I" and (not open or open.label ~= label)) then
          close()
          open = { start = start, stop = stop, label = label }
        elseif bi == "I" then
          open.stop = stop
        else
          close()
        end
        parts[#parts + 1] = word
        pos = stop + 1
      end
      close()
    end
    d.text = table.concat(parts)
    d.gold = gold
    d.sents = nil
  end
  return docs
end

return M
