-- examples/tour.lua — the first thing a new user sees: sentences and tokens of an article.
--   lua5.4 examples/tour.lua [FILE] [--all]
-- (`make demo` runs it on examples/huawei-5g.txt with the build on the module paths.)
local glean = require "glean"

local path, show_all = nil, false
for _, a in ipairs(arg) do
  if a == "--all" then show_all = true else path = a end
end
path = path or "examples/huawei-5g.txt"
local f = assert(io.open(path, "rb"))
local text = f:read("a")
f:close()

local nlp = glean.new()
local t0 = os.clock()
local doc = nlp:parse(text, { id = path, date = "2019-02-05" })
local ms = (os.clock() - t0) * 1000

local tty = os.getenv("NO_COLOR") == nil and os.execute("test -t 1") == true
local function dim(s) return tty and ("\27[2m" .. s .. "\27[0m") or s end
local function bold(s) return tty and ("\27[1m" .. s .. "\27[0m") or s end

print(bold(("glean %s (Unicode %s) — %s"):format(glean.version, glean.unicode_version, path)))
print(("%d bytes, %d tokens, %d sentences, parsed in %.2f ms"):format(#text, #doc, #doc.sents, ms))
print()
print(bold("Sentences"))
for s in doc:sentences() do
  local k = doc[s.first].sent
  print(("%3d  %s"):format(k, s.text:gsub("%s+", " ")))
end

-- Flags worth showing, in a compact form.
local FLAGS = { { "is_alpha", "alpha" }, { "is_digit", "digit" }, { "is_punct", "punct" },
  { "is_title", "title" }, { "is_upper", "upper" }, { "is_lower", "lower" },
  { "is_quote", "quote" }, { "is_bracket", "bracket" }, { "is_currency", "currency" },
  { "is_stop", "stop" }, { "like_num", "num" }, { "like_url", "url" },
  { "like_email", "email" }, { "is_sent_start", "START" } }

local function width(s) return utf8.len(s) or #s end
local function pad(s, n) return s .. string.rep(" ", math.max(0, n - width(s))) end

print()
print(bold("Tokens") .. dim("  (bytes are 1-based and inclusive: text:sub(start, stop) == token.text)"))
print(dim(("%4s  %-10s %-16s %-16s %-8s %s"):format("i", "bytes", "text", "norm", "shape", "flags")))
local limit = show_all and #doc or math.min(#doc, 80)
for i = 1, limit do
  local t = doc[i]
  local flags = {}
  for _, fl in ipairs(FLAGS) do
    if t[fl[1]] then flags[#flags + 1] = fl[2] end
  end
  if not t.space_after and i < #doc then flags[#flags + 1] = dim("nospace") end
  print(("%4d  %-10s %s %s %s %s"):format(i, t.start .. "-" .. t.stop, pad(t.text, 16),
    pad(t.norm, 16), pad(t.shape, 8), table.concat(flags, " ")))
end
if limit < #doc then
  print(dim(("... %d more tokens (run with --all to see every token)"):format(#doc - limit)))
end
