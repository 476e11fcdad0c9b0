--- Token-pattern rules: `glean.rules([nlp])` -> rules. Rules are compiled into one
-- program per rule set and matched in time linear in the document (see
-- csrc/glean_pattern.h); this file adds names, labels, priorities, actions, conflict
-- styles and provenance.
local core = require "glean.core"
local options = require "glean.options"
local Span = require "glean.span"

local Rules = {}
Rules.__index = Rules

local M = {}

local function is_nlp(x) return type(x) == "userdata" and tostring(x):find("^glean%.Nlp") end

--- glean.rules([nlp]) -> an empty rule set. Bare words in rules are normalized by the
-- nlp (default glean.new()); documents must come from an nlp with the same settings.
function M.new(nlp)
  if nlp ~= nil and not is_nlp(nlp) then
    error(("bad argument #1 to 'rules' (nlp from glean.new() expected, got %s)"):format(type(nlp)), 2)
  end
  nlp = nlp or require("glean").new()
  return setmetatable({ _core = core.rules_new(nlp), _info = {}, _infos = {}, _by_name = {} },
    Rules)
end

Rules.__len = function(self) return #self._info end
Rules.__tostring = function(self)
  return ("glean.Rules (%d rules, %d instructions)"):format(#self._info, self._core:_program_size())
end

local ADD_OPTIONS = { label = "string", priority = "number", action = "function or table" }

--- rules:add(name, pattern [, {label=, priority=, action=}]) -> rules (for chaining).
-- pattern: a rule string (see the README, "Writing rules") or an array of token specs.
-- action: a function (match, doc) returning false to reject the match or a table of
-- fields to set on it; or a table of fields to set on every match.
function Rules:add(name, pattern, opts)
  if type(name) ~= "string" or name == "" then
    error("bad argument #1 to 'add' (rule name expected)", 2)
  end
  if self._by_name[name] then error(("add: a rule named '%s' exists"):format(name), 2) end
  if opts ~= nil and type(opts) ~= "table" then
    error(("bad argument #3 to 'add' (options table expected, got %s)"):format(type(opts)), 2)
  end
  opts = opts or {}
  for k, v in pairs(opts) do
    local want = ADD_OPTIONS[k]
    if want == nil then
      error(("add: unknown option '%s' (known: action, label, priority)"):format(tostring(k)), 2)
    end
    if k == "action" and type(v) ~= "function" and type(v) ~= "table" then
      error("add: option 'action' must be a function or a table", 2)
    elseif k ~= "action" and type(v) ~= want then
      error(("add: option '%s' must be a %s (got %s)"):format(k, want, type(v)), 2)
    end
  end
  if type(pattern) == "string" then
    local ok, err = pcall(self._core._add_string, self._core, name, pattern)
    if not ok then error(err, 2) end
  elseif type(pattern) == "table" then
    local ok, err = pcall(self._core._add_specs, self._core, name, pattern)
    if not ok then error(err, 2) end
  else
    error(("bad argument #2 to 'add' (rule string or array of token specs expected, got %s)")
      :format(type(pattern)), 2)
  end
  local index = #self._info + 1
  local _, captures, alternatives = self._core:_info(index)
  self._info[index] = { name = name, label = opts.label, priority = opts.priority or 0,
    action = opts.action, captures = captures, alternatives = alternatives,
    pattern = type(pattern) == "string" and pattern or nil }
  self._infos[index] = { label = opts.label, rule = name, source = "rule:" .. name,
    priority = opts.priority or 0 }
  self._has_actions = self._has_actions or opts.action ~= nil
  self._by_name[name] = index
  return self
end

-- doc.ents as the flat array the C side reads: first, last, label per entity; nil when
-- no rule of the set looks at entities (building it was a twentieth of the extractors'
-- Lua time).
local function flat_ents(doc, rules)
  if rules and not rules._core:_uses_ents() then return nil end
  local flat = {}
  for i, e in ipairs(doc.ents) do
    flat[3 * i - 2], flat[3 * i - 1], flat[3 * i] = e.first, e.last, e.label or false
  end
  return flat
end

local function run_action(info, m, doc)
  local action = info.action
  if action == nil then return true end
  if type(action) == "table" then
    for k, v in pairs(action) do m[k] = v end
    return true
  end
  local ok, res = pcall(action, m, doc)
  if not ok then
    error(("rule %s: action failed: %s"):format(info.name, tostring(res)), 0)
  end
  if res == false then return false end
  if type(res) == "table" then
    for k, v in pairs(res) do m[k] = v end
  end
  return true
end

-- Matches of rules without captures share this empty, read-only groups table.
local NO_GROUPS = setmetatable({}, { __newindex = function()
  error("match.groups is read-only for a rule without captures", 2)
end })

-- Runs the matcher (spans are built in C, in text order); applies the actions. Returns
-- the kept matches, those rejected by actions, and the step count.
local function collect(self, doc, all, only)
  local spans, steps, calls = self._core:_match(doc, flat_ents(doc, self), all, only, Span,
    self._infos, NO_GROUPS)
  self.lua_pattern_calls = calls
  if not self._has_actions then return spans, {}, steps end
  local kept, rejected = {}, {}
  local by_name, info = self._by_name, self._info
  for _, m in ipairs(spans) do
    if run_action(info[by_name[m.rule]], m, doc) then
      kept[#kept + 1] = m
    else
      m.reason = "rejected by its action"
      rejected[#rejected + 1] = m
    end
  end
  return kept, rejected, steps
end

--- rules:match(doc [, {all=false, rule=NAME}]) -> array of matches in text order.
-- Each match is a span with rule, label, groups (capture name -> span), source
-- ("rule:NAME"), alternative (which top-level alternative matched) and priority.
-- Per rule, matches are leftmost-longest and non-overlapping (all=true: the longest
-- match from every start). A second value is the number of matcher steps.
function Rules:match(doc, opts)
  opts = options.check("match", opts, { all = "boolean", rule = "string" }, 2)
  local only
  if opts.rule then
    only = self._by_name[opts.rule]
    if not only then error(("match: no rule named '%s'"):format(opts.rule), 2) end
  end
  local kept, _, steps = collect(self, doc, opts.all or false, only)
  return kept, steps
end

-- Orderings for the conflict styles: the first candidate wins an overlap.
local STYLES = {
  longest = function(a, b)
    if a.len ~= b.len then return a.len > b.len end
    if a.priority ~= b.priority then return a.priority > b.priority end
    if a.order ~= b.order then return a.order < b.order end
    return a.first < b.first
  end,
  priority = function(a, b)
    if a.priority ~= b.priority then return a.priority > b.priority end
    if a.len ~= b.len then return a.len > b.len end
    if a.order ~= b.order then return a.order < b.order end
    return a.first < b.first
  end,
  first = function(a, b)
    if a.first ~= b.first then return a.first < b.first end
    if a.len ~= b.len then return a.len > b.len end
    if a.priority ~= b.priority then return a.priority > b.priority end
    return a.order < b.order
  end,
}

--- rules:annotate(doc [, {style="longest", keep_rejected=false, overwrite=false}])
-- Adds labeled matches to doc.ents, resolving overlaps by style: "longest" (longest
-- span, then higher priority, then the earlier rule), "priority" (priority first),
-- "first" (earliest start first) — ties always broken by rule order, then position —
-- or "all" (keep every match, overlaps included, in doc.matches; doc.ents unchanged).
-- keep_rejected=true puts the losers in doc.rejected, each with a reason.
-- Returns the number of spans added.
function Rules:annotate(doc, opts)
  opts = options.check("annotate", opts, { style = { longest = true, priority = true,
    first = true, all = true }, keep_rejected = "boolean", overwrite = "boolean" }, 2)
  local style = opts.style or "longest"
  local kept, rejected = collect(self, doc, false)
  local cands = {}
  for _, m in ipairs(kept) do
    if m.label then
      cands[#cands + 1] = { span = m, first = m.first, last = m.last, len = m.last - m.first + 1,
        priority = m.priority, order = self._by_name[m.rule] }
    end
  end
  local winners = {}
  if style == "all" then
    for _, c in ipairs(cands) do winners[#winners + 1] = c.span end
    table.sort(winners, function(a, b) return a.first < b.first or (a.first == b.first and a.last > b.last) end)
    doc.matches = winners
    if opts.keep_rejected then doc.rejected = rejected end
    return #winners
  end
  table.sort(cands, STYLES[style])
  local taken = {}
  for _, c in ipairs(cands) do
    local clash
    for _, w in ipairs(taken) do
      if c.first <= w.last and w.first <= c.last then clash = w break end
    end
    if clash then
      c.span.reason = ("overlaps %s (rule %s, tokens %d-%d) which wins under style %q")
        :format(clash.span.label, clash.span.rule, clash.first, clash.last, style)
      c.span.rejected_by = clash.span
      rejected[#rejected + 1] = c.span
    else
      taken[#taken + 1] = c
      winners[#winners + 1] = c.span
    end
  end
  if opts.keep_rejected then
    table.sort(rejected, function(a, b) return a.first < b.first end)
    doc.rejected = rejected
  end
  return doc:add_ents(winners, { overwrite = opts.overwrite })
end

--- rules:explain(doc, name [, first_token]) -> a readable account, element by element,
-- of how far rule `name` gets from token first_token (default: the first match, or
-- else the attempt that got farthest), and which test failed on which token value.
function Rules:explain(doc, name, first_token)
  local index = self._by_name[name]
  if not index then error(("explain: no rule named '%s'"):format(tostring(name)), 2) end
  if first_token ~= nil and (math.type(first_token) ~= "integer" or first_token < 1
      or first_token > #doc) then
    error(("bad argument #3 to 'explain' (token index 1..%d expected)"):format(#doc), 2)
  end
  local text = self._core:_explain(doc, flat_ents(doc), index, first_token)
  local pattern = self._info[index].pattern
  if pattern then text = text:gsub("^rule ([^\n]*)", "rule %1: " .. pattern:gsub("%%", "%%%%"), 1) end
  return text
end

--- rules:names() -> array of rule names in the order they were added.
function Rules:names()
  local t = {}
  for i, info in ipairs(self._info) do t[i] = info.name end
  return t
end

return setmetatable(M, { __call = function(_, nlp) return M.new(nlp) end })
