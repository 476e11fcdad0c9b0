#!/usr/bin/env bash
# fuzz/run.sh — runs the libFuzzer targets built in BUILD (by fuzz/CMakeLists.txt).
#
#   fuzz/run.sh BUILD smoke            every target: replay fuzz/regressions/, then 60 s each
#   fuzz/run.sh BUILD TARGET [SECONDS] one target (default 600 s), regressions first
#
# Corpora: BUILD/corpus/TARGET (grows as the fuzzer finds new coverage) starts from the
# committed seeds in fuzz/seeds/TARGET and from seeds generated into BUILD/seeds/TARGET:
# pieces of ../shared/data (licensed data: cut here at run time, never committed) and the
# gazetteer_open image written by gaz_seed. Crashes go to BUILD/artifacts/TARGET/; keep
# each one as fuzz/regressions/TARGET/NAME. One summary line per target.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
what=${2:-smoke}
secs=${3:-}
data=${GLEAN_SHARED_DATA:-$here/../../shared/data}
targets="utf8_normalize tokenize gazetteer_tsv gazetteer_open rules quotes extractors"

# ---- seeds generated at run time ----------------------------------------------------
make_seeds() {
  local s=$build/seeds
  # (the marker names the targets it was made for: a new target gets its seeds)
  [ "$(cat "$s/.done" 2>/dev/null)" = "$targets" ] && return 0
  rm -rf "$s"
  mkdir -p "$s/utf8_normalize" "$s/tokenize" "$s/gazetteer_tsv" "$s/gazetteer_open"
  "$build/gaz_seed" "$s/gazetteer_open/fixture.glz" || return 1
  if [ -d "$data/bbc-news" ]; then
    local k=0 opts=(03 07 01 0b) f
    # every 50th BBC article (and the one with a Latin-1 byte), its first 1,500 bytes
    for f in $(find "$data/bbc-news" -name '*.txt' | sort | awk 'NR % 50 == 1') \
             "$data/bbc-news/sport/199.txt"; do
      [ -f "$f" ] || continue
      k=$((k + 1))
      head -c 1500 "$f" > "$s/utf8_normalize/bbc-$k.txt"
      { printf "\x${opts[k % 4]}"; head -c 1500 "$f"; } > "$s/tokenize/bbc-$k.txt"
    done
  fi
  if [ -f "$data/ud-english-ewt/en_ewt-ud-dev.conllu" ]; then
    # web text: the raw sentences of UD EWT dev, 25 to a seed
    sed -n 's/^# text = //p' "$data/ud-english-ewt/en_ewt-ud-dev.conllu" | head -500 |
      split -l 25 - "$s/utf8_normalize/ud-"
    for f in "$s"/utf8_normalize/ud-*; do
      { printf '\x03'; cat "$f"; } > "$s/tokenize/$(basename "$f")"
    done
  fi
  if [ -f "$data/reuters21578/reut2-000.sgm" ]; then
    head -c 6000 "$data/reuters21578/reut2-000.sgm" | tail -c 3000 > "$s/tokenize/reuters.sgm.raw"
    { printf '\x03'; cat "$s/tokenize/reuters.sgm.raw"; } > "$s/tokenize/reuters.sgm"
    rm -f "$s/tokenize/reuters.sgm.raw"
    head -c 2000 "$data/reuters21578/all-places-strings.lc.txt" > "$s/gazetteer_tsv/places.raw" &&
      { printf '\x01'; cat "$s/gazetteer_tsv/places.raw"; } > "$s/gazetteer_tsv/places.tsv" &&
      rm -f "$s/gazetteer_tsv/places.raw"
  fi
  if [ -f "$data/conll2003-en/train.txt" ]; then
    # entity phrases of CoNLL-2003 train (IOB2) as phrase<TAB>label lines, 80 to a seed
    awk 'function flush() { if (p != "") print p "\t" l; p = "" }
         NF < 4 { flush(); next }
         $4 ~ /^B-/ { flush(); p = $1; l = substr($4, 3); next }
         $4 ~ /^I-/ && p != "" { p = p " " $1; next }
         { flush() } END { flush() }' "$data/conll2003-en/train.txt" | head -400 |
      split -l 80 - "$s/gazetteer_tsv/conll-"
    for f in "$s"/gazetteer_tsv/conll-*; do
      { printf '\x00'; cat "$f"; } > "$f.tsv" && rm -f "$f"
    done
  fi
  # the quotes and extractors targets read the tokenize target's inputs (byte 0: the same
  # options in bits 0-2; the extractors read bits 3-7 as entities and a reference day)
  mkdir -p "$s/quotes" "$s/extractors"
  cp "$s"/tokenize/* "$s/quotes/" 2>/dev/null || true
  cp "$s"/tokenize/* "$s/extractors/" 2>/dev/null || true
  echo "$targets" > "$s/.done"
}

# ---- one target ----------------------------------------------------------------------
failed=0

replay() { # the regressions of target $1: each file must run clean
  local t=$1 files
  files=$(find "$here/regressions/$t" -type f 2>/dev/null | sort)
  [ -z "$files" ] && return 0
  local n
  n=$(echo "$files" | wc -l)
  # shellcheck disable=SC2086
  if "$build/fuzz_$t" -runs=1 $files > "$build/logs/$t.replay.log" 2>&1; then
    echo "fuzz $t: $n regression input(s) replayed, all clean"
  else
    echo "fuzz $t: a regression input fails again (log: $build/logs/$t.replay.log)"
    tail -n 30 "$build/logs/$t.replay.log"
    failed=1
  fi
}

run() { # target $1 for $2 seconds
  local t=$1 s=$2
  local log=$build/logs/$t.log
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  local dirs=("$build/corpus/$t")
  [ -d "$here/seeds/$t" ] && dirs+=("$here/seeds/$t")
  [ -d "$build/seeds/$t" ] && dirs+=("$build/seeds/$t")
  local start rc=0
  start=$(date +%s)
  nice -n 10 "$build/fuzz_$t" -max_total_time="$s" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" "${dirs[@]}" > "$log" 2>&1 ||
    rc=$?
  local took
  took=$(( $(date +%s) - start ))
  local done_line execs cov ft corp
  done_line=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(echo "$done_line" | grep -Eo 'cov: [0-9]+' | grep -Eo '[0-9]+')
  ft=$(echo "$done_line" | grep -Eo 'ft: [0-9]+' | grep -Eo '[0-9]+')
  corp=$(echo "$done_line" | grep -Eo 'corp: [0-9]+' | grep -Eo '[0-9]+')
  if [ "$rc" -eq 0 ]; then
    echo "fuzz $t: ${took} s, ${execs:-?} execs, coverage ${cov:-?} edges, ${ft:-?} features, corpus ${corp:-?}, no crash"
  else
    echo "fuzz $t: ${took} s, ${execs:-?} execs, coverage ${cov:-?} edges, ${ft:-?} features: FAILED (exit $rc, log $log)"
    grep -E 'invariant failed|ERROR:|runtime error|artifact_prefix|Test unit written' "$log" | head -n 8
    failed=1
  fi
}

for t in $targets; do
  [ -x "$build/fuzz_$t" ] || { echo "fuzz: $build/fuzz_$t is not built" >&2; exit 2; }
done
mkdir -p "$build/logs"
make_seeds || { echo "fuzz: could not generate the seeds" >&2; exit 2; }
case "$what" in
  smoke)
    for t in $targets; do replay "$t"; done
    for t in $targets; do run "$t" "${secs:-60}"; done ;;
  *)
    case " $targets " in *" $what "*) ;; *) echo "fuzz: unknown target '$what' (one of: $targets)" >&2; exit 2 ;; esac
    replay "$what"
    run "$what" "${secs:-600}" ;;
esac
exit $failed
