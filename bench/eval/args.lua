--- The command lines of the evaluation scripts, as key=value or key value; a bad option
-- exits 2 with the usage line.
--   args.parse(name, arg, splits, defaults) -> { data=, split=, errors=, top= }: the
--     CoNLL-style scripts, [--data DIR] [--split A|B|both] [--errors N] [--top K] [--help]
--   args.parse_gold(name, arg, default_gold) -> { data=, gold=, errors= }: the scripts
--     scored against a gold file of their own, [--data DIR] [--gold FILE] [--errors]
local M = {}

-- Calls on(key, value) for each option of argv (value nil for a flag: keys in `valued`
-- take the next argument when not written key=value); usage(msg) on a malformed one.
local function each_option(argv, valued, usage, on)
  local i = 1
  while argv and i <= #argv do
    local a = argv[i]
    local k, v = a:match("^%-%-(%w+)=(.*)$")
    if not k then k = a:match("^%-%-(%w+)$") end
    if not k then usage("unexpected argument '" .. a .. "'") end
    if v == nil and valued[k] then
      i = i + 1
      v = argv[i]
      if v == nil then usage("--" .. k .. " needs a value") end
    end
    on(k, v)
    i = i + 1
  end
end

local function usage_of(name, line)
  return function(msg)
    io.stderr:write(("%s: %s\nusage: lua5.4 bench/eval/%s.lua %s\n"):format(name, msg, name, line))
    os.exit(2)
  end
end

function M.parse(name, argv, splits, defaults)
  local usage = usage_of(name, ("[--data DIR] [--split %s|%s|both] [--errors N] [--top K]")
    :format(splits[1], splits[2]))
  local opts = { split = "both", errors = 0, top = defaults.top or 20 }
  each_option(argv, { data = true, split = true, errors = true, top = true }, usage, function(k, v)
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
  end)
  return opts
end

function M.parse_gold(name, argv, default_gold)
  local usage = usage_of(name, "[--data DIR] [--gold FILE] [--errors]")
  local opts = { gold = default_gold, errors = false }
  each_option(argv, { data = true, gold = true }, usage, function(k, v)
    if k == "errors" then
      opts.errors = true
    elseif k == "data" or k == "gold" then
      opts[k] = v
    else
      usage("unknown option --" .. k)
    end
  end)
  return opts
end

--- The records of a gold file: for each line that is neither blank nor a `#` comment,
-- yields its number and its tab-separated fields (an array).
function M.gold_lines(path)
  local f = assert(io.open(path, "rb"))
  local n = 0
  return function()
    while true do
      local line = f:read("l")
      if not line then
        f:close()
        return nil
      end
      n = n + 1
      if line ~= "" and not line:find("^#") then
        local fields = {}
        for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
        return n, fields
      end
    end
  end
end

return M
