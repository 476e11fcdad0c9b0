--- glean.columns — a doc's tokens as plain Lua arrays, for extractors that look at tens
-- of thousands of tokens per MB. `columns.of(doc)` returns (built once per doc, then
-- kept while the doc lives):
--   c.n                  the number of tokens
--   c.type[i]            token i's type id (the same for equal texts)
--   c.flags[i]           token i's flags, as doc:_tok gives them (bit 16: sentence start)
--   c.start[i]           token i's first byte (1-based)
--   c.text[t], c.lower[t], c.norm[t]   the strings of type t
--   c.sent_firsts[k]     the first token of sentence k (made by columns.sent_firsts)
-- Reading `c.lower[c.type[i]]` is a table look-up; `doc:_tok(i)` is two C calls and two
-- new strings, and the strings of a type are the same in every doc of an nlp, so they
-- are fetched once per nlp (its lexicon only grows).
local M = {}

local new_table = require("glean.core").new_table

-- The bits of c.flags[i] (the token flags in doc:_tok's order; a spec checks them).
M.IS_PUNCT, M.IS_TITLE, M.IS_UPPER, M.IS_LOWER, M.IS_QUOTE = 1 << 2, 1 << 4, 1 << 5, 1 << 6, 1 << 7
M.IS_STOP, M.LIKE_NUM, M.SENT_START = 1 << 10, 1 << 11, 1 << 16

local lexemes = setmetatable({}, { __mode = "k" })   -- nlp -> { n=, text=, lower=, norm= }
local cache = setmetatable({}, { __mode = "k" })     -- doc -> columns

function M.of(doc)
  local c = cache[doc]
  if c then return c end
  local nlp = doc.nlp
  local lex = lexemes[nlp]
  if not lex then
    lex = { n = 0, text = {}, lower = {}, norm = {} }
    lexemes[nlp] = lex
  end
  lex.n = doc:_lexemes(lex.n, lex.text, lex.lower, lex.norm)
  local types, flags, starts = doc:_columns()
  c = { n = #types, type = types, flags = flags, start = starts,
    text = lex.text, lower = lex.lower, norm = lex.norm }
  cache[doc] = c
  return c
end

--- An empty table with room for one value per token (t[1] .. t[c.n]), for per-token
-- sets and owners: filled in any order, it stays in the table's array part (a set
-- made by `{}` keyed by scattered token numbers is a hash that rehashes as it grows).
function M.per_token(c)
  return new_table(c.n + 1, 0)
end

--- The last byte of token i.
function M.stop(c, i)
  return c.start[i] + #c.text[c.type[i]] - 1
end

--- The first token of each sentence of doc, in order (read from the doc once).
function M.sent_firsts(c, doc)
  local firsts = c.sent_firsts
  if not firsts then
    firsts = {}
    for k = 1, doc:sent_count() do firsts[k] = doc:_sent(k) end
    c.sent_firsts = firsts
  end
  return firsts
end

--- The sentence number of token i (doc[i].sent without a Token): a search of the
-- sentences' first tokens.
function M.sent_of(c, doc, i)
  local firsts = M.sent_firsts(c, doc)
  local lo, hi = 1, #firsts
  if hi == 0 or i < firsts[1] then return nil end
  while lo < hi do          -- the last sentence that starts at or before token i
    local mid = (lo + hi + 1) // 2
    if firsts[mid] <= i then lo = mid else hi = mid - 1 end
  end
  return lo
end

--- The first token that starts after byte b, or nil.
function M.token_after(c, b)
  local start = c.start
  local lo, hi = 1, c.n + 1
  while lo < hi do          -- the first token whose start is past b
    local mid = (lo + hi) // 2
    if start[mid] > b then hi = mid else lo = mid + 1 end
  end
  return lo <= c.n and lo or nil
end

--- The token that holds byte b (1-based), or nil (b is white space or out of range).
function M.token_at(c, b)
  local start = c.start
  local lo, hi = 1, c.n
  if hi == 0 or b < start[1] then return nil end
  while lo < hi do          -- the last token that starts at or before b
    local mid = (lo + hi + 1) // 2
    if start[mid] <= b then lo = mid else hi = mid - 1 end
  end
  if b <= start[lo] + #c.text[c.type[lo]] - 1 then return lo end
  return nil
end

return M
