#!/bin/bash
# bench/rules_cost.sh CORPUS STAGE [NDOCS] — what the C rules matcher (glean_rules_match,
# everything it calls included) costs in one steady-state pass of the extractors, in
# instructions, which do not drift with the machine's load: callgrind runs
# bench/extract_cost.lua with 0 and with 1 pass after the warm-up, and the difference of
# glean_rules_match's inclusive counts is one pass. STAGE as for extract_cost.sh
# (entities, four, ...). BUILD_DIR picks the build (default ../build); two builds give an
# A/B comparison of the matcher alone.
#   BUILD_DIR=/path/to/build bench/rules_cost.sh /tmp/glean-bench/bbc.txt four 300
set -euo pipefail
corpus=${1:?usage: rules_cost.sh CORPUS STAGE [NDOCS]}
stage=${2:?usage: rules_cost.sh CORPUS STAGE [NDOCS]}
ndocs=${3:-300}
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD_DIR:-$here/../build}
command -v valgrind >/dev/null || { echo "rules_cost.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() {
  if ! LUA_CPATH="$build/?.so;;" valgrind --tool=callgrind --callgrind-out-file="$tmp/out.$1" \
      lua5.4 "$here/extract_cost.lua" --file "$corpus" --stage "$stage" --docs "$ndocs" \
      --passes "$1" > "$tmp/log.$1" 2>&1; then
    echo "rules_cost.sh: the run with $1 pass(es) failed:" >&2
    grep -v '^==' "$tmp/log.$1" >&2
    exit 1
  fi
  callgrind_annotate --inclusive=yes --show-percs=no "$tmp/out.$1" 2>/dev/null |
    awk '/glean_rules_match/ { gsub(",", "", $1); if ($1 + 0 > best) best = $1 + 0 }
         END { print best + 0 }'
}
c0=$(count 0)
c1=$(count 1)
awk -v i="$((c1 - c0))" -v s="$stage" -v n="$ndocs" 'BEGIN {
  printf "%s, one pass over %d docs: glean_rules_match %.1f M instructions\n", s, n, i / 1e6 }'
