--- Progress on stderr: documents, MB, docs/s and, when the total is known, ETA.
-- Redrawn at most once a second, on one line when stderr is a terminal (a line per
-- update otherwise, e.g. with --progress into a log).
local util = require "glean.cli.util"

local M = {}
local P = {}
P.__index = P

--- new{enabled=, tty=, total_bytes=, total_docs=} -> meter (a no-op when not enabled)
function M.new(opts)
  local self = setmetatable({ enabled = opts.enabled, tty = opts.tty,
    total_bytes = opts.total_bytes, total_docs = opts.total_docs,
    docs = 0, bytes = 0, errors = 0, start = util.now(), last = os.time() }, P)
  return self
end

local function clock(seconds)
  seconds = math.floor(seconds + 0.5)
  local h, m, s = seconds // 3600, seconds % 3600 // 60, seconds % 60
  if h > 0 then return ("%d:%02d:%02d"):format(h, m, s) end
  return ("%d:%02d"):format(m, s)
end
M.clock = clock

--- The status line (without line ends).
function P:line(final)
  local elapsed = math.max(util.now() - self.start, 1e-3)
  local docs = util.commas(self.docs)
  if self.total_docs and not final then docs = docs .. "/" .. util.commas(self.total_docs) end
  local mb = ("%.1f"):format(self.bytes / 1e6)
  if self.total_bytes and not final then mb = mb .. ("/%.1f"):format(self.total_bytes / 1e6) end
  local parts = { ("glean: %s docs, %s MB, %s docs/s"):format(docs, mb,
    util.commas(self.docs / elapsed)) }
  if self.errors > 0 then parts[#parts + 1] = ("%d failed"):format(self.errors) end
  if final then
    parts[#parts + 1] = ("in %s"):format(clock(elapsed))
  elseif self.total_bytes and self.total_bytes > 0 and self.bytes > 0 then
    local left = (self.total_bytes - self.bytes) * elapsed / self.bytes
    parts[#parts + 1] = "ETA " .. clock(math.max(left, 0))
  end
  return table.concat(parts, ", ")
end

function P:draw(final)
  local line = self:line(final)
  if self.tty then
    io.stderr:write("\r", line, "\27[K", final and "\n" or "")
  else
    io.stderr:write(line, "\n")
  end
  io.stderr:flush()
end

--- Counts ndocs documents (default 1) of nbytes input bytes in all (failed: the one
-- document was reported as an error).
function P:tick(nbytes, failed, ndocs)
  self.docs = self.docs + (ndocs or 1)
  self.bytes = self.bytes + (nbytes or 0)
  if failed then self.errors = self.errors + 1 end
  if not self.enabled then return end
  local t = os.time()
  if t ~= self.last then
    self.last = t
    self:draw(false)
  end
end

--- Clears the progress line before another message goes to stderr.
function P:clear()
  if self.enabled and self.tty then io.stderr:write("\r\27[K") end
end

--- The closing line.
function P:finish()
  if self.enabled then self:draw(true) end
end

return M
