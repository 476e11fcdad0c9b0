-- bench/eval/conllu.lua — reads a CoNLL-U treebank file (Universal Dependencies) and
-- rebuilds each document's raw text with the gold token and sentence offsets.
--
--   local conllu = require "bench.eval.conllu"
--   local docs, mismatches = conllu.read(path)
--
-- Raw text. Each document (`# newdoc`) is rebuilt from its surface tokens: token lines
-- whose ID is an integer or a range `a-b` (a multiword token, MWT); the words inside a
-- range and empty nodes (`8.1`) are skipped for the text. After each surface token
-- comes one space, nothing if MISC has SpaceAfter=No, or the unescaped SpacesAfter=
-- string. A sentence that opens a paragraph (`# newpar`), other than the document's
-- first, is preceded by a blank line: trailing whitespace of the text so far is
-- stripped and "\n\n" added. Each sentence's rebuilt text (trailing whitespace
-- stripped) is checked against its `# text =` line; mismatches are returned.
--
-- All offsets are 0-based, end-exclusive CODE POINT offsets into the doc text.
local lib = require "bench.lib"

local ulen = lib.ulen

local M = {}

--- SpacesAfter= escapes: \s \t \n \r \p (|) \\ and (in lib.unescape) \uXXXX.
local SPACES_ESC = { s = " ", t = "\t", n = "\n", r = "\r", p = "|", ["\\"] = "\\" }

local function misc_space(misc)
  if misc == "_" or misc == nil then return " " end
  local spaces
  for item in misc:gmatch("[^|]+") do
    if item == "SpaceAfter=No" then return "" end
    local v = item:match("^SpacesAfter=(.*)$")
    if v then spaces = (lib.unescape(v, SPACES_ESC)) end
  end
  return spaces or " "
end

local function is_ws_piece(s) return s ~= "" and s:match("^[ \t\r\n]+$") ~= nil end

--- Reads a .conllu file; returns an array of docs and the `# text` mismatches:
-- doc = { id, text, nchars, sents = { { id, units = {...}, stop = c1 } } }
-- unit = { s = c0, e = c1, form, after = whitespace after it, mwt = bool,
--          parts = { {s=, e=, form=}, ... } (MWTs whose words concatenate to form),
--          words = { form, ... } (MWTs) }
-- mismatch = { id = sent_id, rebuilt = text, gold = "# text" }
function M.read(path)
  local f = assert(io.open(path, "rb"))
  local docs, doc = {}, nil
  local pieces, pos                      -- doc text pieces; current char offset
  local sent                             -- sentence being read
  local mismatches = {}

  local function strip_trailing_ws()
    while #pieces > 0 and is_ws_piece(pieces[#pieces]) do
      pos = pos - ulen(pieces[#pieces])
      pieces[#pieces] = nil
    end
  end

  local function finish_doc()
    if not doc then return end
    strip_trailing_ws()
    doc.text = table.concat(pieces)
    doc.nchars = pos
    docs[#docs + 1] = doc
    doc = nil
  end

  local function new_doc(id)
    finish_doc()
    doc = { id = id, sents = {} }
    pieces, pos = {}, 0
  end

  local function new_sent()
    if not sent then
      if not doc then new_doc("(no newdoc)") end
      sent = { units = {}, newpar = false }
    end
  end

  local function finish_sent()
    if not sent then return end
    if #sent.units > 0 then
      local s = sent
      local last = s.units[#s.units]
      s.stop = last.e
      -- rebuilt sentence text vs "# text ="
      local buf = {}
      for _, u in ipairs(s.units) do
        buf[#buf + 1] = u.form
        buf[#buf + 1] = u.after
      end
      local rebuilt = table.concat(buf):gsub("[ \t\r\n]+$", "")
      if s.gold_text and rebuilt ~= s.gold_text then
        mismatches[#mismatches + 1] = { id = s.id, rebuilt = rebuilt, gold = s.gold_text }
      end
      doc.sents[#doc.sents + 1] = s
    end
    sent = nil
  end

  local pending_mwt                      -- { unit, from, to, forms }
  for line in f:lines() do
    line = line:gsub("\r$", "")
    if line == "" then
      finish_sent()
    elseif line:sub(1, 1) == "#" then
      local id = line:match("^#%s*newdoc%s*id%s*=%s*(.-)%s*$") or (line:match("^#%s*newdoc") and "")
      if id then
        finish_sent()
        new_doc(id)
      else
        new_sent()
        if line:match("^#%s*newpar") then
          sent.newpar = true
        elseif line:match("^#%s*text%s*=") then
          sent.gold_text = line:match("^#%s*text%s*=%s?(.*)$"):gsub("[ \t]+$", "")
        elseif line:match("^#%s*sent_id%s*=") then
          sent.id = line:match("^#%s*sent_id%s*=%s*(.-)%s*$")
        end
      end
    else
      new_sent()
      local cols = {}
      for c in (line .. "\t"):gmatch("([^\t]*)\t") do cols[#cols + 1] = c end
      local id, form, misc = cols[1], cols[2], cols[10]
      local a, b = id:match("^(%d+)%-(%d+)$")
      if #sent.units == 0 and not sent.started then
        sent.started = true
        if sent.newpar and #doc.sents > 0 then
          strip_trailing_ws()
          pieces[#pieces + 1] = "\n\n"
          pos = pos + 2
        end
      end
      local k = not a and tonumber(id:match("^(%d+)$"))
      if k and pending_mwt and k >= pending_mwt.from and k <= pending_mwt.to then
        -- a word inside an MWT range: not a surface token; collect its form
        local m = pending_mwt
        m.forms[#m.forms + 1] = form
        if k == m.to then
          local whole = m.unit
          if table.concat(m.forms) == whole.form then
            local parts, c = {}, whole.s
            for _, fm in ipairs(m.forms) do
              local len = ulen(fm)
              parts[#parts + 1] = { s = c, e = c + len, form = fm }
              c = c + len
            end
            whole.parts = parts
          end
          whole.words = m.forms
          pending_mwt = nil
        end
      elseif a or k then
        local len = ulen(form)
        local u = { s = pos, e = pos + len, form = form, mwt = a ~= nil, after = misc_space(misc) }
        sent.units[#sent.units + 1] = u
        pieces[#pieces + 1] = form
        pos = pos + len
        if u.after ~= "" then
          pieces[#pieces + 1] = u.after
          pos = pos + ulen(u.after)
        end
        if a then
          pending_mwt = { unit = u, from = tonumber(a), to = tonumber(b), forms = {} }
        end
      end
      -- anything else (empty nodes such as 8.1) is ignored
    end
  end
  finish_sent()
  finish_doc()
  f:close()
  return docs, mismatches
end

return M
