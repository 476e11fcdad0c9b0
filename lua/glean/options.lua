--- Option-table checking shared by every glean function that takes options.
-- Unknown keys are errors, so a typo never passes silently.
local options = {}

--- Checks `opts` (nil or a table) against `spec`, a map from key to a Lua type name
-- ("boolean", "string", "table", ...) or to a set of allowed string values.
-- Raises an error naming the function and the key; returns opts or {}.
function options.check(fname, opts, spec, argn)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error(("bad argument #%d to '%s' (options table expected, got %s)")
      :format(argn or 1, fname, type(opts)), 3)
  end
  for k, v in pairs(opts) do
    local want = spec[k]
    if want == nil then
      local names = {}
      for name in pairs(spec) do names[#names + 1] = name end
      table.sort(names)
      error(("%s: unknown option '%s' (known: %s)"):format(fname, tostring(k),
        table.concat(names, ", ")), 3)
    end
    if type(want) == "table" then
      if not want[v] then
        local vals = {}
        for name in pairs(want) do vals[#vals + 1] = ("%q"):format(name) end
        table.sort(vals)
        error(("%s: option '%s' must be one of %s (got %s)"):format(fname, k,
          table.concat(vals, ", "), tostring(v)), 3)
      end
    elseif type(v) ~= want then
      error(("%s: option '%s' must be a %s (got %s)"):format(fname, k, want, type(v)), 3)
    end
  end
  return opts
end

return options
