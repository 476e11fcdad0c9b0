--- glean.eval: scoring extracted spans against gold spans.
--
--   glean.eval.spans(predicted, gold [, {partial=false}])
--     -> { tp=, fp=, fn=, precision=, recall=, f1=, by_label = { LABEL = {...same} } }
--
-- Spans are anything with `start`, `stop` (byte offsets, any convention as long as both
-- sides use the same) and `label`: glean spans, or plain tables read from a golden file.
-- Exact matching counts a predicted span as a true positive when a gold span has the
-- same start, stop and label. With partial=true, a predicted span that overlaps a gold
-- span of the same label also counts (each gold span is matched at most once, exact
-- matches first). Precision, recall and F1 are 0 when their denominator is 0.
local options = require "glean.options"

local M = {}

local function scores(tp, fp, fn)
  local p = tp + fp > 0 and tp / (tp + fp) or 0
  local r = tp + fn > 0 and tp / (tp + fn) or 0
  local f = p + r > 0 and 2 * p * r / (p + r) or 0
  return { tp = tp, fp = fp, fn = fn, precision = p, recall = r, f1 = f }
end

local function check_spans(arg, argn)
  if type(arg) ~= "table" then
    error(("bad argument #%d to 'spans' (array of spans expected, got %s)")
      :format(argn, type(arg)), 3)
  end
  for i, s in ipairs(arg) do
    if type(s) ~= "table" or math.type(s.start) ~= "integer" or math.type(s.stop) ~= "integer" then
      error(("bad argument #%d to 'spans' (item %d has no integer start and stop)")
        :format(argn, i), 3)
    end
  end
end

local function key(s) return s.start .. ":" .. s.stop .. ":" .. tostring(s.label) end

--- glean.eval.spans(predicted, gold [, {partial=false}]) -> scores (see above).
function M.spans(predicted, gold, opts)
  check_spans(predicted, 1)
  check_spans(gold, 2)
  opts = options.check("spans", opts, { partial = "boolean" }, 3)

  -- exact matches first: gold spans by (start, stop, label), each used once
  local free = {}
  for i, g in ipairs(gold) do
    local k = key(g)
    free[k] = free[k] or {}
    table.insert(free[k], i)
  end
  local gold_hit, pred_hit = {}, {}
  for i, p in ipairs(predicted) do
    local list = free[key(p)]
    if list and #list > 0 then
      gold_hit[table.remove(list, 1)] = true
      pred_hit[i] = true
    end
  end
  -- then overlaps of the same label, in text order
  if opts.partial then
    for i, p in ipairs(predicted) do
      if not pred_hit[i] then
        for j, g in ipairs(gold) do
          if not gold_hit[j] and g.label == p.label and p.start <= g.stop and g.start <= p.stop then
            gold_hit[j], pred_hit[i] = true, true
            break
          end
        end
      end
    end
  end

  local counts = {}
  local function count(label)
    label = tostring(label)
    local c = counts[label]
    if not c then
      c = { tp = 0, fp = 0, fn = 0 }
      counts[label] = c
    end
    return c
  end
  local tp, fp, fn = 0, 0, 0
  for i, p in ipairs(predicted) do
    local c = count(p.label)
    if pred_hit[i] then
      tp, c.tp = tp + 1, c.tp + 1
    else
      fp, c.fp = fp + 1, c.fp + 1
    end
  end
  for j, g in ipairs(gold) do
    if not gold_hit[j] then
      local c = count(g.label)
      fn, c.fn = fn + 1, c.fn + 1
    end
  end
  local result = scores(tp, fp, fn)
  result.by_label = {}
  for label, c in pairs(counts) do result.by_label[label] = scores(c.tp, c.fp, c.fn) end
  return result
end

return M
