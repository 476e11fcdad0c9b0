-- examples/build-gazetteer.lua — compile a phrase list into a .glz file.
--   lua5.4 examples/build-gazetteer.lua LIST.tsv OUT.glz [--key norm|lower|text] [--name NAME]
-- LIST.tsv lines: phrase<TAB>label[<TAB>id]; '#' comments and blank lines are skipped.
-- Reports entries, seconds, bytes and warnings. (It becomes `glean compile` when the
-- command line lands.)
local glean = require "glean"

local function usage(msg)
  io.stderr:write((msg and ("build-gazetteer: " .. msg .. "\n") or ""),
    "usage: lua5.4 examples/build-gazetteer.lua LIST.tsv OUT.glz [--key norm|lower|text] [--name NAME]\n")
  os.exit(2)
end

local args, opts = {}, {}
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--key" or a == "--name" then
    opts[a:sub(3)] = arg[i + 1] or usage(a .. " needs a value")
    i = i + 2
  elseif a:sub(1, 2) == "--" then
    usage("unknown option " .. a)
  else
    args[#args + 1] = a
    i = i + 1
  end
end
if #args ~= 2 then usage() end
local list, out = args[1], args[2]

local clock = os.clock
local t0 = clock()
local gaz = glean.gazetteer { key = opts.key, name = opts.name or list:match("([^/]+)%.%w+$") or list }
local n, err = gaz:load_tsv(list)
if not n then
  io.stderr:write("build-gazetteer: ", err, "\n")
  os.exit(1)
end
local ok, serr = gaz:save(out)
if not ok then
  io.stderr:write("build-gazetteer: ", serr, "\n")
  os.exit(1)
end
local seconds = clock() - t0
local warnings = gaz:warnings()
print(("%s: %d entries from %s in %.2f s, %d bytes (%.1f bytes/entry), %d warnings")
  :format(out, #gaz, list, seconds, gaz:bytes(), gaz:bytes() / math.max(1, #gaz), #warnings))
for k = 1, math.min(#warnings, 20) do print("  warning: " .. warnings[k]) end
if #warnings > 20 then print(("  ... and %d more warnings"):format(#warnings - 20)) end
