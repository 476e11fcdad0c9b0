#!/bin/bash
# bench/extract_cost.sh CORPUS STAGE [NDOCS] — what one pass of an extractor costs, in
# counts that do not drift with the machine's load: valgrind's cachegrind runs
# bench/extract_cost.lua with 0 and with 1 pass after the warm-up, and the difference is
# one steady-state pass (parse included; STAGE none gives parse alone). Prints
# instructions, first-level data-cache misses, last-level misses and an estimate of
# cycles (instructions + 10 per D1 miss + 60 per LL miss: a rough weighting, for A/B
# comparisons of two versions of the code, not a speed). Timings on the shared VM vary by
# ±20 % from run to run; these counts vary by well under 1 %.
#   bench/extract_cost.sh /tmp/glean-bench/bbc.txt four 300
set -euo pipefail
corpus=${1:?usage: extract_cost.sh CORPUS STAGE [NDOCS]}
stage=${2:?usage: extract_cost.sh CORPUS STAGE [NDOCS]}
ndocs=${3:-300}
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$here/../build}
command -v valgrind >/dev/null || { echo "extract_cost.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
count() {
  local out
  if ! out=$(LUA_CPATH="$build/?.so;;" valgrind --tool=cachegrind --cache-sim=yes \
      --cachegrind-out-file=/dev/null --error-exitcode=99 lua5.4 "$here/extract_cost.lua" \
      --file "$corpus" --stage "$stage" --docs "$ndocs" --passes "$1" 2>&1); then
    echo "extract_cost.sh: the run with $1 pass(es) failed:" >&2
    echo "$out" | grep -v '^==' >&2
    exit 1
  fi
  echo "$out" | awk '/I *refs:/ { gsub(",", "", $NF); ir = $NF }
    /D1  misses:/ { gsub(",", "", $4); d1 = $4 }
    /LL misses:/ { gsub(",", "", $4); ll = $4 }
    END { print ir, d1, ll }'
}
c0=$(count 0)
c1=$(count 1)
read -r i0 d0 l0 <<<"$c0"
read -r i1 d1 l1 <<<"$c1"
awk -v i="$((i1 - i0))" -v d="$((d1 - d0))" -v l="$((l1 - l0))" -v s="$stage" -v n="$ndocs" 'BEGIN {
  printf "%s, one pass over %d docs: %.1f M instructions, %.2f M D1 misses, %.3f M LL misses, ~%.1f M cycles (estimate)\n",
    s, n, i / 1e6, d / 1e6, l / 1e6, (i + 10 * d + 60 * l) / 1e6 }'
