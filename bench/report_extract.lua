--- bench/report_extract.lua — the report's section on the news extraction from Lua
-- (bench/bench_extract.lua: nlp:parse, then glean.extract.entities, acronyms, quotes,
-- dates and quantities on every BBC article). Called by bench/report.lua with the
-- tool's JSON result and the report's writer and number formatters.
local STAGES = { "entities", "quotes", "acronyms", "dates", "quantities" }
local TARGET = 20   -- MB/s for entities + quotes + acronyms + dates (issue 5)

return function(r, facts, w, fmt_num, fmt_int)
  w("## News extraction from Lua")
  w()
  w(("`bench/bench_extract.lua`: the BBC corpus file above (%s docs, %s bytes), one document "
    .. "per article parsed by `nlp:parse`, then each extractor of `glean.extract` with its "
    .. "defaults; MB/s = corpus bytes / median time over %d runs (%s), per extractor and "
    .. "summed per run. Measured %s, loadavg %s.")
    :format(fmt_int(r.docs), fmt_int(r.bytes), r.runs or 0, r.clock or "os.clock",
      facts.date or "?", facts.loadavg or "?"))
  w()
  w("| stage | MB/s | results |")
  w("|---|---:|---:|")
  w(("| nlp:parse | %s | — |"):format(fmt_num(r.parse_MBps, 1)))
  for _, s in ipairs(STAGES) do
    w(("| extract.%s | %s | %s |"):format(s, fmt_num(r.stage_MBps[s], 1), fmt_int(r.counts[s])))
  end
  w(("| **entities + quotes + acronyms + dates** (target ≥ %d) | **%s** | — |")
    :format(TARGET, fmt_num(r.four_MBps, 1)))
  w(("| all five extractors | %s | — |"):format(fmt_num(r.five_MBps, 1)))
  w(("| parse + all five | %s | — |"):format(fmt_num(r.MBps, 1)))
  w()
  w(("Target (≥ %d MB/s for entities, quotes, acronyms and dates): **%s** (%s MB/s, %.0f%% of it)."):format(
    TARGET, r.four_MBps >= TARGET and "met" or "missed", fmt_num(r.four_MBps, 1),
    100 * r.four_MBps / TARGET))
  w()
end
