--- --jobs N: N worker processes, output in input order, memory flat.
--
-- Plain Lua has no fork, pipe() or select(), so each worker is started with io.popen
-- (we read its stdout) and fed through a named pipe (mkfifo) as its stdin. The workers
-- are this same program with the same arguments plus --worker: each loads the nlp,
-- gazetteers and script once, then serves units.
--
-- Protocol (all lengths in bytes):
--   parent -> worker (fifo), one unit:
--     f PATHLEN SIZE\n PATH                a text file
--     l PATHLEN LINENO OFFSET LEN\n PATH    a JSON Lines record (LEN bytes at OFFSET of PATH)
--     s LINENO LEN\n LINE                  a JSON Lines record from stdin
--     t LEN\n TEXT                         all of stdin, one document
--     b PATHLEN MSGLEN\n PATH MSG           an input that failed
--   parent -> worker, end of a batch: .\n
--   worker -> spool file SLOT, per unit of the batch:  r NBYTES OUTLEN ERRLEN\n OUT ERR
--   worker -> parent (stdout), when a batch is written: B SLOT COUNT\n
-- A pipe holds only 64 KiB, far less than the results of a batch: had the results gone
-- through it, a worker would stall as soon as it got a little ahead of the reader (the
-- parent reads results in input order). So results go to spool files, SLOTS per worker
-- used in turn, opened by both sides and unlinked at once (nothing is left behind,
-- whatever happens); the pipe only carries short notes. A worker never blocks on
-- output, so the parent never waits for long on its requests, and never deadlocks.
-- Work goes out in batches, to the worker with the fewest in flight. A worker has at
-- most SLOTS batches in flight (a new one goes out only when its oldest was read back,
-- so that slot is free); when all are full the parent reads back the oldest results.
-- Memory and disk are bounded by a few batches per worker, whatever the corpus size.
-- A worker that cannot start (bad gazetteer, script that does not load) says why in
-- place of its greeting, and the parent reports it once.
local util = require "glean.cli.util"

local M = {}

local BATCH, SLOTS = 8, 8
local BATCH_BYTES = 64 * 1024 -- of input per batch (a batch's results sit in a spool file)
local HELLO = "glean-worker 2"

local function inputs_bytes(unit)
  if unit.kind == "file" then return unit.size or 0 end
  if unit.text then return #unit.text end
  return 0
end

local function read_exact(f, n)
  if n == 0 then return "" end
  return f:read(n)
end

--- The command that runs this program again: interpreter, script, module paths.
local function self_command()
  local lo = 0 -- arg[lo] is the interpreter: the lowest index (options such as -e follow)
  while arg[lo - 1] ~= nil do lo = lo - 1 end
  local interp = lo < 0 and arg[lo] or "lua5.4"
  return ("LUA_PATH_5_4=%s LUA_CPATH_5_4=%s exec %s %s"):format(
    util.shell_quote(package.path), util.shell_quote(package.cpath),
    util.shell_quote(interp), util.shell_quote(arg[0]))
end

local function encode(unit)
  local k = unit.kind
  if k == "file" then
    return ("f %d %d\n"):format(#unit.path, unit.size or 0), unit.path
  elseif k == "line" and unit.path then
    return ("l %d %d %d %d\n"):format(#unit.path, unit.lineno, unit.offset, #unit.text), unit.path
  elseif k == "line" then
    return ("s %d %d\n"):format(unit.lineno, #unit.text), unit.text
  elseif k == "text" then
    return ("t %d\n"):format(#unit.text), unit.text
  else
    return ("b %d %d\n"):format(#unit.path, #unit.message), unit.path .. unit.message
  end
end

--- Starts n workers running `argv` (this program's arguments) with --worker.
-- Returns a pool, or dies with a message.
function M.spawn(n, argv)
  -- The spool files hold a few batches of results: in memory (/dev/shm) they cost
  -- less than on disk. $TMPDIR, when set, wins.
  local p = assert(io.popen('d=${TMPDIR:-/dev/shm}; [ -d "$d" ] && [ -w "$d" ] || d=/tmp; '
    .. 'mktemp -d "$d/glean.XXXXXX" 2>/dev/null || echo "/tmp/glean.$$"', "r"))
  local dir = p:read("l")
  p:close()
  if not dir or not os.execute("mkdir -p " .. util.shell_quote(dir)) then
    util.die("cannot make a temporary directory for --jobs")
  end
  local args = {}
  for i, a in ipairs(argv) do args[i] = util.shell_quote(a) end
  local base = self_command() .. " " .. table.concat(args, " ")
  local pool = { workers = {}, n = n }
  local started = {}
  for k = 1, n do -- all start at once (each loads its nlp, gazetteers and script)
    local prefix = ("%s/w%d"):format(dir, k)
    local fifo = prefix .. ".in"
    if not os.execute("mkfifo " .. util.shell_quote(fifo)) then
      util.die("cannot make a named pipe for --jobs (mkfifo)")
    end
    local slots = {}
    for s = 0, SLOTS - 1 do
      local path = ("%s.%d"):format(prefix, s)
      local f = io.open(path, "wb")
      if f then f:close() end
      slots[s] = io.open(path, "rb")
      if not slots[s] then util.die("cannot make spool files in " .. dir) end
    end
    local out = assert(io.popen(("%s --worker %s < %s"):format(base, util.shell_quote(prefix),
      util.shell_quote(fifo)), "r"))
    started[k] = { prefix = prefix, fifo = fifo, slots = slots, out = out }
  end
  local failure
  for k, st in ipairs(started) do -- open every fifo (a worker's shell waits for it)
    local inp = assert(io.open(st.fifo, "wb"))
    local hello = st.out:read("l")
    os.remove(st.fifo) -- every end is open now: the names are no longer needed
    for s = 0, SLOTS - 1 do os.remove(("%s.%d"):format(st.prefix, s)) end
    if hello ~= HELLO and not failure then
      local len = tonumber((hello or ""):match("^E (%d+)$"))
      failure = len and read_exact(st.out, len)
        or ("worker %d did not start (see the message above)"):format(k)
    end
    -- batches: in flight; reading: the slot being read back, left: results still in it
    pool.workers[k] = { out = st.out, inp = inp, slots = st.slots, batches = 0,
      reading = nil, left = 0 }
  end
  os.remove(dir)
  if failure then util.die(failure) end
  return setmetatable(pool, { __index = M })
end

-- The next batch of units: up to BATCH units or BATCH_BYTES of input; nil at the end.
local function next_batch(units)
  local batch, bytes = {}, 0
  for unit in units do
    batch[#batch + 1] = unit
    bytes = bytes + inputs_bytes(unit)
    if #batch >= BATCH or bytes >= BATCH_BYTES then break end
  end
  if #batch > 0 then return batch end
end

--- Runs all units through the pool. on_result(unit, out, err, nbytes) is called in
-- input order and returns false to stop early. Returns true when all units were done.
function M:run(units, on_result)
  local queue, head, tail = {}, 1, 0 -- the units in flight, in input order
  local workers = self.workers
  local function collect()
    local item = queue[head]
    queue[head] = nil
    head = head + 1
    local k = item.k
    local w = workers[k]
    if w.left == 0 then -- the next batch of this worker: wait until it is written
      local note = w.out:read("l")
      local slot, count = (note or ""):match("^B (%d+) (%d+)$")
      if not slot then
        util.die(("worker %d stopped unexpectedly (see the message above)"):format(k), util.EXIT_DOC)
      end
      w.reading, w.left = w.slots[tonumber(slot)], tonumber(count)
      -- glibc keeps a read buffer across a seek that lands inside it, which would hand
      -- back this slot's previous contents: a seek far outside drops the buffer first
      w.reading:seek("set", 1 << 40)
      w.reading:seek("set", 0)
    end
    local f = w.reading
    local h = f:read("l")
    local nbytes, olen, elen = (h or ""):match("^r (%d+) (%d+) (%d+)$")
    if not nbytes then util.die(("worker %d: bad result"):format(k), util.EXIT_DOC) end
    local out = read_exact(f, tonumber(olen))
    local err = read_exact(f, tonumber(elen))
    w.left = w.left - 1
    if w.left == 0 then w.batches = w.batches - 1 end
    return on_result(item.unit, out, err ~= "" and err or nil, tonumber(nbytes))
  end
  local function send(k, batch)
    local w = workers[k]
    for _, unit in ipairs(batch) do
      util.write(w.inp, encode(unit))
      tail = tail + 1
      -- the parent keeps no text: JSON Lines records from files go by reference
      queue[tail] = { k = k, unit = { kind = unit.kind, path = unit.path,
        lineno = unit.lineno, size = unit.size } }
    end
    util.write(w.inp, ".\n")
    util.flush(w.inp)
    w.batches = w.batches + 1
  end
  local batch = next_batch(units)
  while batch do
    local free
    for k, w in ipairs(workers) do
      if w.batches < SLOTS and (not free or w.batches < workers[free].batches) then free = k end
    end
    if free then
      send(free, batch)
      batch = next_batch(units)
    elseif collect() == false then
      return false
    end
  end
  while head <= tail do
    if collect() == false then return false end
  end
  return true
end

--- Ends the workers (after run, or to abandon them when stopping early).
function M:close()
  for _, w in ipairs(self.workers) do w.inp:close() end
  for _, w in ipairs(self.workers) do w.out:close() end
end

--- In a worker, a fatal error during start-up goes to the parent (which reports it
-- once) rather than to stderr.
function M.report_startup_errors()
  util.die_hook = function(msg)
    io.stdout:write(("E %d\n"):format(#msg), msg)
    io.stdout:flush()
  end
end

--- The worker side: reads units from stdin until EOF, writes each batch's results to
-- the spool files PREFIX.0 .. PREFIX.<SLOTS-1> in turn and a note to stdout.
-- handle(unit) -> out, err, nbytes (pipeline.handler).
function M.serve(handle, prefix)
  local inp, out = io.stdin, io.stdout
  local spools = {}
  for s = 0, SLOTS - 1 do
    local f, err = io.open(("%s.%d"):format(prefix, s), "r+b")
    if not f then util.die("worker: " .. tostring(err), util.EXIT_DOC) end
    f:setvbuf("full", 65536)
    spools[s] = f
  end
  util.die_hook = nil
  util.write(out, HELLO, "\n")
  util.flush(out)
  local cached_path, cached
  local function line_at(path, offset, len)
    if path ~= cached_path then
      if cached then cached:close() end
      cached, cached_path = io.open(path, "rb"), path
    end
    if not cached then return nil end
    cached:seek("set", offset)
    return read_exact(cached, len)
  end
  local batch, cur, count = 0, nil, 0
  while true do
    local h = inp:read("l")
    if not h then break end
    local kind, unit = h:sub(1, 1)
    if kind == "." then
      if cur then
        util.flush(cur)
        util.write(out, ("B %d %d\n"):format(batch % SLOTS, count))
        util.flush(out)
        batch, cur, count = batch + 1, nil, 0
      end
      goto continue
    elseif kind == "f" then
      local plen, size = h:match("^f (%d+) (%d+)$")
      unit = { kind = "file", path = read_exact(inp, tonumber(plen)), size = tonumber(size) }
    elseif kind == "l" then
      local plen, lineno, offset, len = h:match("^l (%d+) (%d+) (%d+) (%d+)$")
      local path = read_exact(inp, tonumber(plen))
      local text = line_at(path, tonumber(offset), tonumber(len))
      if text then
        unit = { kind = "line", path = path, lineno = tonumber(lineno), text = text }
      else
        unit = { kind = "bad", path = path, message = path .. ": cannot be read again" }
      end
    elseif kind == "s" then
      local lineno, len = h:match("^s (%d+) (%d+)$")
      unit = { kind = "line", lineno = tonumber(lineno), text = read_exact(inp, tonumber(len)) }
    elseif kind == "t" then
      unit = { kind = "text", text = read_exact(inp, tonumber(h:match("^t (%d+)$"))) }
    elseif kind == "b" then
      local plen, mlen = h:match("^b (%d+) (%d+)$")
      unit = { kind = "bad", path = read_exact(inp, tonumber(plen)),
        message = read_exact(inp, tonumber(mlen)) }
    else
      util.die("worker: bad request " .. h:sub(1, 40), util.EXIT_DOC)
    end
    do
      local o, e, nbytes = handle(unit)
      e = e or ""
      if not cur then
        cur = spools[batch % SLOTS]
        cur:seek("set", 0)
      end
      util.write(cur, ("r %d %d %d\n"):format(nbytes or 0, #o, #e), o, e)
      count = count + 1
    end
    ::continue::
  end
end

return M
