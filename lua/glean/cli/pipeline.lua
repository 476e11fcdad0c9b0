--- What one process does with each document: load it (inputs.load), parse it with one
-- nlp, annotate it with the gazetteers (opened once), and turn it into output text with
-- the command's writer. Used alike by the single process and by each --jobs worker.
local glean = require "glean"
local inputs = require "glean.cli.inputs"
local records = require "glean.cli.records"
local script = require "glean.cli.script"
local show = require "glean.cli.show"
local util = require "glean.cli.util"

local M = {}

--- The nlp of a run: --lang, --invalid.
function M.nlp(args)
  return glean.new { lang = args.lang, invalid = args.invalid }
end

--- Opens each --gazetteer once: compiled files (.glz, memory-mapped, shared by workers)
-- or phrase lists (.tsv/.txt, built in memory). Dies with a message on failure.
function M.gazetteers(args, nlp)
  local list = {}
  for _, path in ipairs(args.gazetteer or {}) do
    local gaz, err
    if path:match("%.tsv$") or path:match("%.txt$") then
      gaz = glean.gazetteer { nlp = nlp, name = util.stem(path) }
      local n, lerr = gaz:load_tsv(path)
      if not n then gaz, err = nil, lerr end
    else
      gaz, err = glean.gazetteer.open(path, { nlp = nlp, name = util.stem(path) })
    end
    if not gaz then util.die("gazetteer " .. tostring(err)) end
    list[#list + 1] = gaz
  end
  return list
end

local function annotate(gazetteers, doc)
  for _, gaz in ipairs(gazetteers) do gaz:annotate(doc) end
end

-- ents and show: the gazetteers first, then the built-in news recognizer unless
-- --lists-only.
local function recognize(gazetteers, doc, args)
  if args.lists_only then return annotate(gazetteers, doc) end
  glean.extract.entities(doc, { gazetteers = gazetteers })
end

-- "k=v" strings of --arg as a table.
local function script_args(list)
  local t = {}
  for _, kv in ipairs(list or {}) do
    local k, v = kv:match("^([^=]+)=(.*)$")
    if not k then util.die(("--arg %s: KEY=VALUE expected"):format(kv)) end
    t[k] = v
  end
  return t
end

--- writer(command, args, nlp, gazetteers, state) -> function(doc, meta) -> output text.
-- Raises (with a message) when the document cannot be written. `show` counts the
-- entities per label in state.counts (for the legend).
function M.writer(command, args, nlp, gazetteers, state)
  if command == "tokens" then
    if args.tsv then
      return function(doc, meta) return records.tokens_tsv(doc, meta.id) end
    end
    return function(doc, meta) return records.tokens(doc, records.id(meta.id)) end
  elseif command == "sents" then
    return function(doc, meta) return records.sents(doc, records.id(meta.id)) end
  elseif command == "ents" then
    return function(doc, meta)
      recognize(gazetteers, doc, args)
      return records.ents(doc, records.id(meta.id))
    end
  elseif command == "run" then
    local ctx = { glean = glean, nlp = nlp, gazetteers = gazetteers, args = script_args(args.arg) }
    local fn, err = script.load(args.script, ctx)
    if not fn then util.die(err) end
    local add_id = not args.no_id
    return function(doc, meta)
      annotate(gazetteers, doc)
      return script.encode(fn(doc, meta), meta, add_id)
    end
  elseif command == "show" then
    local colour = show.use_colour(args.color, args.output ~= nil)
    state.counts, state.docs = {}, 0
    return function(doc, meta)
      recognize(gazetteers, doc, args)
      local quotes = glean.extract.quotes(doc)
      show.count(doc, state.counts)
      state.docs = state.docs + 1
      if args.html then return show.html_section(doc, meta, state.docs, quotes) end
      return (state.docs > 1 and "\n" or "") .. show.terminal(doc, meta, colour, quotes)
    end, colour
  end
  error("no writer for command " .. tostring(command))
end

--- A handler for units: handle(unit) -> output text, error message or nil, input bytes.
-- The error message names the document (id and path:line) and says why. Also returns
-- the state {nlp=, gazetteers=, colour=, counts=, docs=}.
function M.handler(command, args)
  local nlp = M.nlp(args)
  local gazetteers = M.gazetteers(args, nlp)
  local state = { nlp = nlp, gazetteers = gazetteers }
  local write
  write, state.colour = M.writer(command, args, nlp, gazetteers, state)
  local opts = { text_field = args.text_field or "text", id_field = args.id_field or "id",
    date_field = args.date_field or "date", meta_date = args.meta_date }
  local parse = nlp.parse
  return function(unit)
    local text, meta, nbytes = inputs.load(unit, opts)
    if not text then return "", meta, nbytes end
    local ok, doc = pcall(parse, nlp, text, meta)
    if not ok then return "", inputs.name(unit, meta) .. ": " .. tostring(doc), nbytes end
    local ok2, out = pcall(write, doc, meta)
    if not ok2 then return "", inputs.name(unit, meta) .. ": " .. tostring(out), nbytes end
    return out, nil, nbytes
  end, state
end

return M
