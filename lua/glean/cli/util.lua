--- Small helpers for the command line: shell quoting, terminals, clocks, fatal errors,
-- and writes that end quietly when the reader has gone away (`glean ... | head`).
local util = {}

--- Exit statuses: 0 all went well, 1 some document failed, 2 bad usage or set-up
-- (unknown option, missing input, unreadable gazetteer or script), 141 the reader of
-- our output went away (what a shell reports for SIGPIPE).
util.EXIT_DOC, util.EXIT_USAGE, util.EXIT_PIPE = 1, 2, 141

--- A string quoted for /bin/sh.
function util.shell_quote(s)
  s = tostring(s)
  if s:match("^[%w@%%+=:,./_-]+$") then return s end
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local tty_cache = {}
--- Whether file descriptor fd (1 stdout, 2 stderr) is a terminal.
function util.isatty(fd)
  if tty_cache[fd] == nil then
    tty_cache[fd] = os.execute(("test -t %d"):format(fd)) == true
  end
  return tty_cache[fd]
end

--- NO_COLOR (https://no-color.org): present and not empty turns colours off.
function util.no_color()
  local v = os.getenv("NO_COLOR")
  return v ~= nil and v ~= ""
end

--- Seconds since some fixed point, with centisecond resolution where /proc exists.
function util.now()
  local f = io.open("/proc/uptime", "r")
  if f then
    local up = f:read("n")
    f:close()
    if up then return up end
  end
  return os.time()
end

--- Prints "glean: msg" on stderr and exits with status (default 2).
function util.die(msg, status)
  if util.die_hook then
    util.die_hook(msg)
    os.exit(status or util.EXIT_USAGE)
  end
  io.stderr:write("glean: ", msg, "\n")
  io.stderr:flush()
  os.exit(status or util.EXIT_USAGE)
end

--- Prints "glean: msg" on stderr.
function util.warn(msg)
  io.stderr:write("glean: ", msg, "\n")
  io.stderr:flush()
end

local function broken(err)
  return type(err) == "string" and err:find("Broken pipe", 1, true) ~= nil
end

--- Writes to an output file; a reader that went away ends the process quietly
-- (status 141, as a shell reports SIGPIPE), any other failure is fatal.
function util.write(out, ...)
  local ok, err = out:write(...)
  if not ok then
    if broken(err) then os.exit(util.EXIT_PIPE) end
    util.die("cannot write output: " .. tostring(err), util.EXIT_USAGE)
  end
end

function util.flush(out)
  local ok, err = out:flush()
  if not ok then
    if broken(err) then os.exit(util.EXIT_PIPE) end
    util.die("cannot write output: " .. tostring(err), util.EXIT_USAGE)
  end
end

--- "1,234,567"
function util.commas(n)
  local s = tostring(math.floor(n))
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^,", ""))
end

--- The base name of a path without its extension ("lists/places.tsv" -> "places").
function util.stem(path)
  local base = path:match("([^/]+)$") or path
  return base:match("^(.+)%.[^.]+$") or base
end

--- Reads a whole file: contents | nil, message.
function util.read_file(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local s, rerr = f:read("a")
  f:close()
  if not s then return nil, path .. ": " .. tostring(rerr) end
  return s
end

return util
