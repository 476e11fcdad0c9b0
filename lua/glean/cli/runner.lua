--- Runs a document command (tokens, sents, ents, run, show) over the inputs: in this
-- process, or with --jobs N in N workers. Writes the output in input order, reports
-- failing documents on stderr, applies --on-error, shows progress, and returns the
-- exit status.
local inputs = require "glean.cli.inputs"
local pipeline = require "glean.cli.pipeline"
local progress = require "glean.cli.progress"
local show = require "glean.cli.show"
local util = require "glean.cli.util"
local workers = require "glean.cli.workers"

local M = {}

local function cpu_count()
  local p = io.popen("nproc 2>/dev/null", "r")
  local n = p and tonumber(p:read("l") or "")
  if p then p:close() end
  return n or 1
end

--- run(command, args, argv) -> exit status. argv: the program's arguments as given
-- (the workers get them again, with --worker).
function M.run(command, args, argv)
  if args.worker then
    workers.report_startup_errors()
    workers.serve((pipeline.handler(command, args)), args.worker)
    return 0
  end
  local jobs = args.jobs or 1
  if jobs == 0 then jobs = cpu_count() end
  if command == "show" then jobs = 1 end

  if #(args.inputs or {}) == 0 and util.isatty(0) then
    util.die(("no input: give files, directories or - for standard input (try 'glean help %s')")
      :format(command))
  end
  local sources, perr = inputs.plan(args.inputs or {}, { jsonl = args.jsonl, glob = args.glob })
  if not sources then util.die(perr) end

  local out = io.stdout
  if args.output and args.output ~= "-" then
    local f, err = io.open(args.output, "wb")
    if not f then util.die("cannot write " .. tostring(err)) end
    out = f
  end
  out:setvbuf("full")

  local show_progress = not args.quiet and (args.progress or util.isatty(2))
  local total_bytes, total_docs
  if show_progress then total_bytes, total_docs = inputs.totals(sources) end
  local meter = progress.new { enabled = show_progress, tty = show_progress and util.isatty(2),
    total_bytes = total_bytes, total_docs = total_docs }

  local buffered = command == "show" and args.html and {} or nil
  local failed, stop = 0, args.on_error ~= "skip"
  -- text: the output of ndocs documents (default 1) of nbytes input; err: why the one
  -- document failed. Returns false to stop.
  local function on_result(text, err, nbytes, ndocs)
    if text ~= "" then
      if buffered then buffered[#buffered + 1] = text else util.write(out, text) end
    end
    if err then
      failed = failed + 1
      util.flush(out)
      meter:clear()
      util.warn(err)
      meter:tick(nbytes, true)
      if stop then return false end
    else
      meter:tick(nbytes, false, ndocs)
    end
    return true
  end

  if command == "tokens" and args.tsv and args.header then
    util.write(out, require("glean.cli.records").TSV_HEADER)
  end

  local units = inputs.units(sources)
  local state
  if jobs > 1 then
    local pool = workers.spawn(jobs, argv)
    pool:run(units, on_result)
    pool:close()
  else
    local handle
    handle, state = pipeline.handler(command, args)
    for unit in units do
      if on_result(handle(unit)) == false then break end
    end
  end

  if command == "show" and state then
    if buffered then
      local n = state.docs
      util.write(out, show.html_page(buffered, state.counts, {
        title = n == 1 and ("glean: " .. tostring(args.inputs[1] or "stdin")) or ("glean: " .. n .. " documents"),
        subtitle = ("Entities from %s. Hover an entity for its id and source; labels link to Wikidata.")
          :format(#(args.gazetteer or {}) > 0 and table.concat(args.gazetteer, ", ") or "no gazetteer"),
      }))
    elseif state.docs > 0 then
      util.write(out, "\n", show.terminal_legend(state.counts, state.colour))
    end
  end

  util.flush(out)
  if out ~= io.stdout then out:close() end
  if not args.quiet then meter:finish() end
  if failed > 0 then
    if stop then
      util.warn("stopped at the first failing document (--on-error=skip goes on past it)")
    else
      util.warn(("%d document%s failed and %s skipped"):format(failed,
        failed == 1 and "" or "s", failed == 1 and "was" or "were"))
    end
    return util.EXIT_DOC
  end
  return 0
end

return M
