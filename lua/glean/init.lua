--- glean: fast tokenizing, normalization and entity matching for news text.
-- `local glean = require "glean"`; see README.md for a tour.
local core = require "glean.core"
local options = require "glean.options"
require "glean.doc"

local glean = {
  version = "0.1.0",
  unicode_version = core.unicode_version,
  utf8 = {},
  core = core,
}

local FORMS = {
  nfc = 0,
  nfd = core.NORM_DECOMPOSE,
  nfkc = core.NORM_COMPAT,
  nfkd = core.NORM_COMPAT | core.NORM_DECOMPOSE,
  casefold = core.NORM_COMPAT | core.NORM_CASEFOLD,
  search = core.NORM_COMPAT | core.NORM_CASEFOLD | core.NORM_STRIP_MARKS
    | core.NORM_FOLD_PUNCT | core.NORM_COLLAPSE_SPACE,
}

local FLAG_KEYS = {
  compat = core.NORM_COMPAT, casefold = core.NORM_CASEFOLD,
  strip_marks = core.NORM_STRIP_MARKS, fold_punct = core.NORM_FOLD_PUNCT,
  collapse_space = core.NORM_COLLAPSE_SPACE, strip_controls = core.NORM_STRIP_CONTROLS,
}

local INVALID = { error = true, replace = true }

--- glean.normalize(s [, form [, {invalid="error"|"replace"}]]) -> string.
-- form: "nfc" (default), "nfd", "nfkc", "nfkd", "casefold", "search", or a table of
-- flags {compat=, casefold=, strip_marks=, fold_punct=, collapse_space=,
-- strip_controls=, decompose=, invalid=}. Invalid UTF-8 raises an error naming the
-- byte unless invalid="replace" (each bad byte becomes U+FFFD).
function glean.normalize(s, form, opts)
  if type(s) ~= "string" then
    error(("bad argument #1 to 'normalize' (string expected, got %s)"):format(type(s)), 2)
  end
  local flags
  if form == nil then
    flags = FORMS.nfc
  elseif type(form) == "string" then
    flags = FORMS[form]
    if not flags then
      error(("bad argument #2 to 'normalize' (unknown form '%s'; use nfc, nfd, nfkc, nfkd, casefold or search)")
        :format(form), 2)
    end
  elseif type(form) == "table" then
    local spec = { decompose = "boolean", invalid = INVALID }
    for k in pairs(FLAG_KEYS) do spec[k] = "boolean" end
    options.check("normalize", form, spec, 2)
    flags = form.decompose and core.NORM_DECOMPOSE or 0
    for k, bit in pairs(FLAG_KEYS) do
      if form[k] then flags = flags | bit end
    end
    if form.invalid == "replace" then flags = flags | core.NORM_REPLACE_INVALID end
  else
    error(("bad argument #2 to 'normalize' (form name or table expected, got %s)"):format(type(form)), 2)
  end
  opts = options.check("normalize", opts, { invalid = INVALID }, 3)
  if opts.invalid == "replace" then flags = flags | core.NORM_REPLACE_INVALID end
  return core.normalize(s, flags)
end

--- glean.utf8.valid(s) -> true | false, position (1-based) of the first invalid byte.
function glean.utf8.valid(s)
  if type(s) ~= "string" then
    error(("bad argument #1 to 'valid' (string expected, got %s)"):format(type(s)), 2)
  end
  return core.utf8_valid(s)
end

local NEW_OPTIONS = {
  lang = { en = true, none = true },
  abbreviations = "table",
  special = "table",
  split_hyphens = "boolean",
  invalid = INVALID,
}

--- glean.new([opts]) -> nlp, a tokenizer with its own lexicon.
-- opts: lang ("en" | "none"), abbreviations (array of strings ending in "."),
-- special ({[string] = {pieces...}}), split_hyphens (default true),
-- invalid ("error" | "replace").
function glean.new(opts)
  opts = options.check("glean.new", opts, NEW_OPTIONS, 1)
  local english = (opts.lang or "en") == "en"
  local split = opts.split_hyphens
  if split == nil then split = true end
  local nlp = core.new_nlp(english, split, opts.invalid == "replace")
  if opts.abbreviations then
    for i, a in ipairs(opts.abbreviations) do
      if type(a) ~= "string" then
        error(("glean.new: abbreviations[%d] must be a string"):format(i), 2)
      end
      local ok, err = pcall(nlp.add_abbreviation, nlp, a)
      if not ok then error("glean.new: abbreviations: " .. tostring(err), 2) end
    end
  end
  if opts.special then
    local keys = {}
    for k in pairs(opts.special) do
      if type(k) ~= "string" then error("glean.new: special keys must be strings", 2) end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    for _, k in ipairs(keys) do
      local pieces = opts.special[k]
      if type(pieces) ~= "table" then
        error(("glean.new: special['%s'] must be an array of strings"):format(k), 2)
      end
      local ok, err = pcall(nlp.add_special, nlp, k, pieces)
      if not ok then error("glean.new: " .. tostring(err), 2) end
    end
  end
  return nlp
end

glean.gazetteer = require "glean.gazetteer"
glean.rules = require "glean.rules"
glean.extract = require "glean.extract"
glean.eval = require "glean.eval"

return glean
