--- The command line of the evaluation scripts: [--data DIR] [--split A|B|both]
-- [--errors N] [--top K] [--help], as key=value or key value.
--   args.parse(name, arg, splits, defaults) -> opts; exits 2 with usage on a bad option.
local M = {}

function M.parse(name, argv, splits, defaults)
  local function usage(msg)
    io.stderr:write(("%s: %s\nusage: lua5.4 bench/eval/%s.lua [--data DIR] [--split %s|%s|both] "
      .. "[--errors N] [--top K]\n"):format(name, msg, name, splits[1], splits[2]))
    os.exit(2)
  end
  local opts = { split = "both", errors = 0, top = defaults.top or 20 }
  local i = 1
  while argv and i <= #argv do
    local a = argv[i]
    local k, v = a:match("^%-%-(%w+)=(.*)$")
    if not k then k = a:match("^%-%-(%w+)$") end
    if not k then usage("unexpected argument '" .. a .. "'") end
    if v == nil and (k == "data" or k == "split" or k == "errors" or k == "top") then
      i = i + 1
      v = argv[i]
      if v == nil then usage("--" .. k .. " needs a value") end
    end
    if k == "data" then
      opts.data = v
    elseif k == "split" then
      if v ~= splits[1] and v ~= splits[2] and v ~= "both" then
        usage(("--split must be %s, %s or both"):format(splits[1], splits[2]))
      end
      opts.split = v
    elseif k == "errors" or k == "top" then
      local n = math.tointeger(tonumber(v))
      if not n or n < 0 then usage("--" .. k .. " needs a non-negative integer") end
      opts[k] = n
    elseif k == "help" then
      usage("help")
    else
      usage("unknown option --" .. k)
    end
    i = i + 1
  end
  return opts
end

return M
