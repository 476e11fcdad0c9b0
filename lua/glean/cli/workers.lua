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
--   parent -> worker, end of a batch: .\n   (a whole batch goes in one write)
--   worker -> spool file SLOT, per unit of the batch:  OUT ERR
--   worker -> parent (stdout), when a batch is written: B SLOT COUNT OUTLEN INBYTES\n
--     when no unit failed; else E SLOT COUNT\n then per unit NBYTES OUTLEN ERRLEN\n
--     (INBYTES, NBYTES: input bytes, for progress)
-- The parent copies a batch without failures to the output as it is, in 64 KiB pieces;
-- it never decodes or re-encodes what the workers wrote.
-- A pipe holds only 64 KiB, far less than the results of a batch: had the results gone
-- through it, a worker would stall as soon as it got a little ahead of the reader (the
-- parent reads results in input order). So results go to spool files, SLOTS per worker
-- used in turn, opened by both sides and unlinked at once (nothing is left behind,
-- whatever happens); the pipe only carries short notes (at most SLOTS batches of
-- index lines are ever pending, far below 64 KiB). A worker never blocks on
-- output, so the parent never waits for long on its requests, and never deadlocks.
-- Work goes out in batches, to the worker with the fewest in flight. A worker has at
-- most SLOTS batches in flight (a new one goes out only when its oldest was read back,
-- so that slot is free); when all are full the parent reads back the oldest results.
-- Memory and disk are bounded by a few batches per worker, whatever the corpus size.
-- A worker that cannot start (bad gazetteer, script that does not load) says why in
-- place of its greeting, and the parent reports it once.
local util = require "glean.cli.util"

local M = {}

local BATCH, SLOTS = 64, 4
local BATCH_BYTES = 64 * 1024 -- of input per batch (a batch's results sit in a spool file)
local CHUNK = 64 * 1024 -- bytes the parent copies from a spool file at a time
local HELLO = "glean-worker 3"

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
  -- less than on disk. $TMPDIR, when set, wins. One shell makes the directory and
  -- the named pipes (each shell started costs a few milliseconds).
  local fifos = {}
  for k = 1, n do fifos[k] = ('"$t/w%d.in"'):format(k) end
  local p = assert(io.popen('d=${TMPDIR:-/dev/shm}; [ -d "$d" ] && [ -w "$d" ] || d=/tmp; '
    .. 't=$(mktemp -d "$d/glean.XXXXXX" 2>/dev/null) || { t=/tmp/glean.$$; mkdir -p "$t"; } '
    .. '&& mkfifo ' .. table.concat(fifos, " ") .. ' && echo "$t"', "r"))
  local dir = p:read("l")
  p:close()
  if not dir then util.die("cannot make a temporary directory and named pipes for --jobs") end
  local args = {}
  for i, a in ipairs(argv) do args[i] = util.shell_quote(a) end
  local base = self_command() .. " " .. table.concat(args, " ")
  local pool = { workers = {}, n = n }
  local started = {}
  for k = 1, n do -- all start at once (each loads its nlp, gazetteers and script)
    local prefix = ("%s/w%d"):format(dir, k)
    local fifo = prefix .. ".in"
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
    pool.workers[k] = { out = st.out, inp = inp, slots = st.slots, batches = 0 } -- in flight
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

--- Runs all units through the pool. on_result(text, err, nbytes, ndocs) is called in
-- input order, once per failing document (with its message) and once per run of
-- documents that went well (their output in one string, ndocs of them, nbytes of input);
-- it returns false to stop early. Returns true when all units were done.
function M:run(units, on_result)
  -- the batches in flight, in input order: worker k and the number of units
  local queue, head, tail = {}, 1, 0
  local workers = self.workers
  local function collect()
    local item = queue[head]
    queue[head] = nil
    head = head + 1
    local k = item.k
    local w = workers[k]
    local note = w.out:read("l") or ""
    local kind, slot, count, outlen, inlen = note:match("^([BE]) (%d+) (%d+) ?(%d*) ?(%d*)$")
    if not kind or tonumber(count) ~= item.n then
      util.die(("worker %d stopped unexpectedly (see the message above)"):format(k), util.EXIT_DOC)
    end
    w.batches = w.batches - 1
    local f = w.slots[tonumber(slot)]
    -- glibc keeps a read buffer across a seek that lands inside it, which would hand
    -- back this slot's previous contents: a seek far outside drops the buffer first
    f:seek("set", 1 << 40)
    f:seek("set", 0)
    if kind == "B" then -- the usual case: no failure, the batch's output as it is
      -- in pieces of CHUNK bytes: a string of the whole batch (a megabyte or more for
      -- tokens) would be a fresh mmap'd block, paid for in page faults every time
      local left = tonumber(outlen)
      while left > CHUNK do
        on_result(read_exact(f, CHUNK), nil, 0, 0)
        left = left - CHUNK
      end
      return on_result(read_exact(f, left), nil, tonumber(inlen), item.n)
    end
    local index = {}
    for i = 1, item.n do
      local nbytes, olen, elen = (w.out:read("l") or ""):match("^(%d+) (%d+) (%d+)$")
      if not nbytes then util.die(("worker %d: bad result"):format(k), util.EXIT_DOC) end
      index[i] = { tonumber(nbytes), tonumber(olen), tonumber(elen) }
    end
    for i = 1, item.n do
      local out = read_exact(f, index[i][2])
      local err = read_exact(f, index[i][3])
      if on_result(out, err ~= "" and err or nil, index[i][1], 1) == false then return false end
    end
    return true
  end
  local function send(k, batch)
    local w = workers[k]
    local parts = {}
    for _, unit in ipairs(batch) do
      local h, body = encode(unit)
      parts[#parts + 1] = h
      parts[#parts + 1] = body
    end
    parts[#parts + 1] = ".\n"
    util.write(w.inp, table.concat(parts))
    util.flush(w.inp)
    tail = tail + 1
    queue[tail] = { k = k, n = #batch } -- the parent keeps no text, only counts
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
  local batch, cur, index, failed, outlen, inlen = 0, nil, {}, false, 0, 0
  while true do
    local h = inp:read("l")
    if not h then break end
    local kind, unit = h:sub(1, 1)
    if kind == "." then
      if cur then
        util.flush(cur)
        if failed then -- a line per unit, so that the parent can stop at the failure
          util.write(out, ("E %d %d\n"):format(batch % SLOTS, #index), table.concat(index))
        else           -- the usual case: one line for the batch
          util.write(out, ("B %d %d %d %d\n"):format(batch % SLOTS, #index, outlen, inlen))
        end
        util.flush(out)
        batch, cur, index, failed, outlen, inlen = batch + 1, nil, {}, false, 0, 0
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
      util.write(cur, o, e)
      index[#index + 1] = ("%d %d %d\n"):format(nbytes or 0, #o, #e)
      outlen, inlen = outlen + #o, inlen + (nbytes or 0)
      if #e > 0 then failed = true end
    end
    ::continue::
  end
end

return M
