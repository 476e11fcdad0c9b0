#!/usr/bin/env bash
# bench/bench_cli.sh — the `glean` command on the BBC News directory (one file per
# article), with --jobs 1 and --jobs 2: wall time of the whole command (start-up, the
# directory walk, workers, output written to a file), documents/s and the speed-up.
# Runs alternate (jobs 1, jobs 2, jobs 1, ...) so that a noisy neighbour hurts both;
# medians of RUNS runs each. Checks that both give byte-identical output.
# Prints one JSON line per workload (bench/run.sh records them; bench/report.lua makes
# the table):
#   {"tool":"glean-cli-tokens","command":...,"docs":N,"bytes":N,"runs":N,
#    "times1_s":[...],"times2_s":[...],"median1_s":x,"median2_s":x,"docs_per_s1":x,
#    "docs_per_s2":x,"speedup":x,"peak_rss_kb1":N,"peak_rss_kb2":N,"same_output":true,
#    "loadavg":[before,after]}
# peak_rss_kb: the largest resident set of any one process of the run (GNU time %M);
# loadavg: the 1-minute load average before and after the workload (other processes on
# the machine take cores from --jobs 2: a load above ~0.5 before the runs means the
# speed-up is understated).
#
# Usage: bench/bench_cli.sh [DIR]   (default ../shared/data/bbc-news)
# Environment: BUILD_DIR (default build), RUNS (default 3), WORKLOADS (comma list of
# tokens, ents, run; default all), BENCH_TMP (default /tmp/glean-bench), LUA (lua5.4).
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
DIR=${1:-../shared/data/bbc-news}
BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
RUNS=${RUNS:-3}
WORKLOADS=${WORKLOADS:-tokens,ents,run}
OUT=${BENCH_TMP:-/tmp/glean-bench}/cli
LUA=${LUA:-lua5.4}
if [ ! -d "$DIR" ]; then echo "bench_cli: $DIR not found" >&2; exit 1; fi
if [ ! -f "$BUILD_DIR/glean/core.so" ]; then echo "bench_cli: $BUILD_DIR/glean/core.so missing; build first" >&2; exit 1; fi
mkdir -p "$OUT" || exit 1
export LUA_PATH_5_4="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;;"
export LUA_CPATH_5_4="$BUILD_DIR/?.so;;"
GLEAN="$LUA $ROOT/bin/glean"
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""

docs=$(find -L "$DIR" -type f -name '*.txt' | wc -l)
bytes=$(find -L "$DIR" -type f -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
$GLEAN compile examples/huawei-world.tsv -o "$OUT/world.glz" -q || exit 1

# one_run JOBS CMD... — runs the command once; prints "seconds peak_rss_kb".
one_run() {
  local jobs=$1
  shift
  local t0 t1 rss=0
  t0=$(date +%s%N)
  if [ -n "$TIME" ]; then
    $TIME -f '%M' -o "$OUT/time.txt" "$@" --jobs "$jobs" -o "$OUT/out$jobs.jsonl" >/dev/null 2>"$OUT/err$jobs.txt"
  else
    "$@" --jobs "$jobs" -o "$OUT/out$jobs.jsonl" >/dev/null 2>"$OUT/err$jobs.txt"
  fi
  t1=$(date +%s%N)
  [ -n "$TIME" ] && rss=$(tail -n 1 "$OUT/time.txt")
  awk -v a="$t0" -v b="$t1" -v r="$rss" 'BEGIN { printf "%.4f %d\n", (b - a) / 1e9, r }'
}

for w in ${WORKLOADS//,/ }; do
  case "$w" in
    tokens) cmd="$GLEAN tokens" ;;
    ents) cmd="$GLEAN ents -g $OUT/world.glz" ;;
    run) cmd="$GLEAN run bench/cli_extract.lua -g $OUT/world.glz" ;;
    *) echo "bench_cli: unknown workload $w" >&2; continue ;;
  esac
  # --on-error skip: the corpus has one invalid UTF-8 file (reported on stderr, exit 1)
  full="$cmd -q --on-error skip $DIR"
  echo "bench_cli: $w: ${full#"$LUA $ROOT/"} --jobs 1|2, $RUNS runs each" >&2
  load0=$(cut -d' ' -f1 /proc/loadavg)
  t1s="" t2s="" r1=0 r2=0
  for _ in $(seq "$RUNS"); do
    read -r t r < <(one_run 1 $full)
    t1s="$t1s${t1s:+,}$t"; [ "$r" -gt "$r1" ] && r1=$r
    read -r t r < <(one_run 2 $full)
    t2s="$t2s${t2s:+,}$t"; [ "$r" -gt "$r2" ] && r2=$r
  done
  same=false
  cmp -s "$OUT/out1.jsonl" "$OUT/out2.jsonl" && same=true
  out_bytes=$(stat -c %s "$OUT/out1.jsonl")
  load1=$(cut -d' ' -f1 /proc/loadavg)
  shown=${cmd#"$LUA $ROOT/"}
  shown=${shown//"$OUT/"/}
  $LUA - "$w" "$shown -q --on-error skip DIR --jobs N -o FILE" "$docs" "$bytes" "$t1s" "$t2s" "$r1" "$r2" "$same" "$out_bytes" "$load0" "$load1" <<'LUA'
    local function list(s) local t = {} for x in s:gmatch("[^,]+") do t[#t + 1] = tonumber(x) end return t end
    local function median(t) local c = {} for i, v in ipairs(t) do c[i] = v end table.sort(c)
      local n = #c return n % 2 == 1 and c[(n + 1) // 2] or (c[n // 2] + c[n // 2 + 1]) / 2 end
    local w, cmd, docs, bytes, a, b, r1, r2, same, ob, l0, l1 = ...
    local t1, t2 = list(a), list(b)
    local m1, m2 = median(t1), median(t2)
    local function arr(t) local s = {} for i, v in ipairs(t) do s[i] = ("%.4f"):format(v) end return "[" .. table.concat(s, ",") .. "]" end
    print(("{\"tool\":\"glean-cli-%s\",\"command\":\"%s\",\"docs\":%d,\"bytes\":%d,\"out_bytes\":%d,\"runs\":%d,"
      .. "\"times1_s\":%s,\"times2_s\":%s,\"median1_s\":%.4f,\"median2_s\":%.4f,"
      .. "\"docs_per_s1\":%.1f,\"docs_per_s2\":%.1f,\"speedup\":%.3f,"
      .. "\"peak_rss_kb1\":%d,\"peak_rss_kb2\":%d,\"same_output\":%s,\"loadavg\":[%s,%s]}")
      :format(w, cmd, docs, bytes, ob, #t1, arr(t1), arr(t2), m1, m2, docs / m1, docs / m2, m1 / m2,
        r1, r2, same, l0, l1))
LUA
done
