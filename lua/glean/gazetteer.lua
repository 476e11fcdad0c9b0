--- Gazetteers: phrase dictionaries matched over tokens.
-- `glean.gazetteer{...}` builds one in memory; `glean.gazetteer.open(path)` maps a
-- compiled file read-only. Both match with `gaz:match(doc)` and `gaz:annotate(doc)`.
local core = require "glean.core"
local options = require "glean.options"
local Span = require "glean.span"

local Gazetteer = core.Gazetteer
local KEYS = { norm = core.GAZ_KEY_NORM, lower = core.GAZ_KEY_LOWER, text = core.GAZ_KEY_TEXT }

local M = {}

local function default_nlp()
  return require("glean").new()
end

local function check_nlp(fname, nlp)
  if nlp ~= nil and not tostring(nlp):find("^glean%.Nlp") then
    error(("%s: option 'nlp' must be an nlp from glean.new()"):format(fname), 3)
  end
  return nlp or default_nlp()
end

--- glean.gazetteer([opts]) -> gaz. opts: key ("norm" default, "lower", "text"),
-- nlp (the tokenizer of the documents; default glean.new()), name (shown as the
-- source of matches; default "gazetteer").
function M.new(opts)
  opts = options.check("glean.gazetteer", opts,
    { key = { norm = true, lower = true, text = true }, nlp = "userdata", name = "string" })
  local nlp = check_nlp("glean.gazetteer", opts.nlp)
  return core.gazetteer_new(nlp, KEYS[opts.key or "norm"], opts.name or "gazetteer")
end

--- glean.gazetteer.open(path [, {nlp=, name=}]) -> gaz | nil, message
-- Opens a file written by gaz:save. It must be opened with an nlp of the same
-- settings as the one it was built with.
function M.open(path, opts)
  if type(path) ~= "string" then
    error(("bad argument #1 to 'open' (path expected, got %s)"):format(type(path)), 2)
  end
  opts = options.check("glean.gazetteer.open", opts, { nlp = "userdata", name = "string" }, 2)
  local nlp = check_nlp("glean.gazetteer.open", opts.nlp)
  return core.gazetteer_open(path, nlp, opts.name or path:match("([^/]+)$"))
end

local function name_of(gaz)
  return tostring(gaz):match("^glean%.Gazetteer '(.*)' %(")
end

--- gaz:add(phrase, label [, id [, {exact=true}]]) -> true if stored (false when the
-- entry was skipped; gaz:warnings() says why). exact entries only match where the
-- document's token texts equal the phrase's (for acronyms such as "BSI" or "US").
function Gazetteer:add(phrase, label, id, opts)
  if type(phrase) ~= "string" then
    error(("bad argument #1 to 'add' (phrase string expected, got %s)"):format(type(phrase)), 2)
  end
  if type(label) ~= "string" or label == "" then
    error("bad argument #2 to 'add' (non-empty label string expected)", 2)
  end
  if id ~= nil and type(id) ~= "string" then
    error(("bad argument #3 to 'add' (id string or nil expected, got %s)"):format(type(id)), 2)
  end
  opts = options.check("add", opts, { exact = "boolean" }, 4)
  return self:_add(phrase, label, id, opts.exact or false, name_of(self))
end

--- gaz:load_tsv(path [, {label=default_label}]) -> count | nil, "path:line: why"
-- Lines: phrase<TAB>label[<TAB>id]; '#' comments and blank lines are skipped.
function Gazetteer:load_tsv(path, opts)
  if type(path) ~= "string" then
    error(("bad argument #1 to 'load_tsv' (path expected, got %s)"):format(type(path)), 2)
  end
  opts = options.check("load_tsv", opts, { label = "string" }, 2)
  return self:_load_tsv(path, opts.label, name_of(self))
end

local MATCH_OPTIONS = { all = "boolean", labels = "table", columns = "boolean" }

-- The matches of gaz:match(doc, {columns=true}): parallel arrays, one per span field.
local Columns = { __index = {} }
Columns.__len = function(self) return self.n end

--- m:span(k) -> match k as the span gaz:match would have given.
function Columns.__index:span(k)
  if math.type(k) ~= "integer" or k < 1 or k > self.n then
    error(("bad argument #1 to 'span' (match number from 1 to %d expected, got %s)")
      :format(self.n, tostring(k)), 2)
  end
  return setmetatable({ doc = self.doc, first = self.first[k], last = self.last[k],
    start = self.start[k], stop = self.stop[k], entry = self.entry[k], label = self.label[k],
    source = self.source[k], id = self.id[k] }, Span)
end

--- gaz:match(doc [, {all=false, labels={...}, columns=false}]) -> array of spans,
-- leftmost-longest and non-overlapping (all=true: every entry at every position). Each
-- span has label, id, source (the list it came from) and entry (its number:
-- gaz:entry(n) tells more). columns=true gives the same matches as parallel arrays
-- instead, m.first[k], m.last[k], m.start[k], m.stop[k], m.entry[k], m.label[k],
-- m.source[k], m.id[k] for k = 1..m.n (= #m), and m:span(k) makes match k's span: no
-- table per match, for lists with a match every few tokens.
function Gazetteer:match(doc, opts)
  opts = options.check("match", opts, MATCH_OPTIONS, 2)
  if opts.columns then
    local m = self:_columns(doc, opts.all or false, opts.labels)
    m.doc = doc
    return setmetatable(m, Columns)
  end
  return self:_match(doc, opts.all or false, opts.labels, Span)
end

--- gaz:annotate(doc [, {labels=, overwrite=}]) -> number of entities added to doc.ents
function Gazetteer:annotate(doc, opts)
  opts = options.check("annotate", opts, { labels = "table", overwrite = "boolean" }, 2)
  return doc:add_ents(self:match(doc, { labels = opts.labels }), { overwrite = opts.overwrite })
end

return setmetatable(M, { __call = function(_, opts) return M.new(opts) end })
