--- `glean compile LIST.tsv -o OUT.glz`: a phrase list compiled into a gazetteer file
-- (what examples/build-gazetteer.lua does, as a module).
local glean = require "glean"
local util = require "glean.cli.util"

local M = {}

--- compile(list, out, {key=, name=, lang=}) -> report | nil, message.
-- report: {entries=, seconds=, bytes=, warnings={...}}
function M.compile(list, out, opts)
  opts = opts or {}
  local t0 = os.clock()
  local nlp = glean.new { lang = opts.lang }
  local gaz = glean.gazetteer { nlp = nlp, key = opts.key, name = opts.name or util.stem(list) }
  local n, err = gaz:load_tsv(list)
  if not n then return nil, err end
  local ok, serr = gaz:save(out)
  if not ok then return nil, serr end
  return { entries = #gaz, seconds = os.clock() - t0, bytes = gaz:bytes(), warnings = gaz:warnings() }
end

--- The report as lines of text (at most `max` warnings listed, default 20).
function M.describe(report, list, out, max)
  max = max or 20
  local lines = { ("%s: %d entries from %s in %.2f s, %d bytes (%.1f bytes/entry), %d warnings")
    :format(out, report.entries, list, report.seconds, report.bytes,
      report.bytes / math.max(1, report.entries), #report.warnings) }
  for k = 1, math.min(#report.warnings, max) do lines[#lines + 1] = "  warning: " .. report.warnings[k] end
  if #report.warnings > max then
    lines[#lines + 1] = ("  ... and %d more warnings"):format(#report.warnings - max)
  end
  return table.concat(lines, "\n") .. "\n"
end

--- The command: returns the exit status.
function M.main(args)
  local list = args.list
  local out = args.output or ((list:gsub("%.[^./]*$", "")) .. ".glz")
  if out == list then util.die("the output would overwrite the list; give -o OUT.glz") end
  local report, err = M.compile(list, out, { key = args.key, name = args.name, lang = args.lang })
  if not report then util.die(err) end
  if not args.quiet then io.stderr:write(M.describe(report, list, out)) end
  return 0
end

return M
