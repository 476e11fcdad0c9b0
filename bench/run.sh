#!/usr/bin/env bash
# bench/run.sh — the `make bench` driver. Run from anywhere; it works from the repo root.
#
# Measures glean (C core and Lua API) on the BBC News corpus in ../shared/data and, in
# the same run and on the same bytes, the peer tools of ../shared/peers (C baseline
# tokenizer, ICU, NLTK, Node tokenizers; utf8proc and ICU normalizers; Vectorscan,
# pyahocorasick and modern-ahocorasick for gazetteers), and glean's token-pattern rules
# (bench/bench_rules.lua) on the same bytes, and the memory one parsed document takes
# (bench/bench_memory.lua, glean_bench_tokenize --mode memory). Prints markdown tables on stdout
# and writes them to bench/results/latest.md; raw JSON lines go to
# $BENCH_TMP/results.jsonl (default /tmp/glean-bench).
#
# Environment:
#   BUILD_DIR   build directory holding glean_bench_tokenize, glean_bench_gazetteer and
#               glean/core.so (default build)
#   SECTIONS    comma list of tok (tokenization), norm (normalization), gaz (gazetteers),
#               rules (token-pattern rules), mem (memory per document), extract (the
#               news extractors from Lua: bench/bench_extract.lua), cli (the glean
#               command, --jobs 1 and 2: bench/bench_cli.sh, CLI_RUNS runs each, default
#               3); default tok,norm,gaz,rules,mem,extract,cli
#   RUNS        timed runs per measurement (default 5); SLOW_RUNS for compromise, wink-nlp
#               default pipe, NLTK Treebank and modern-ahocorasick (default 3)
#   GAZ_SIZES   phrase lists for the gazetteer section (default 10k,100k,1m: the files
#               $PEERS_DICTS/dict_<size>.txt, default /tmp/peers/dicts, built by
#               ../shared/peers/make_dicts.py); GAZ_BUILD_RUNS builds per size (default 3),
#               GAZ_OPEN_PROCS fresh processes timing glean_gaz_open (default 5); with
#               10k and 1m among them, also the control list 1m-control (the 10k list plus
#               the 1m entries that match nowhere in the corpus: bench/gaz_unseen.lua)
#   RULES_COUNTS  rule-set sizes for the rules section (default 1,10,100,1000), each in its
#               own process; RULES_LINEAR copies of the corpus joined into one document for
#               the linearity run (default 1,2,4; empty: skip it), with RULES_LINEAR_RULES
#               rules (default 100)
#   MEM_COPIES  copies of the corpus joined into one document for the mem section, each
#               count in its own processes, C and Lua (default 1,2,4,8)
#   BENCH_TMP   scratch directory (default /tmp/glean-bench)
#   PEERS_BIN, PEERS_NODE   where ../shared/peers/setup.sh put the peers
#                           (default /tmp/peers/bin, /tmp/peers/node)
#   LUA         Lua 5.4 interpreter (default lua5.4)
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
SHARED=../shared
if [ ! -d "$SHARED/data/bbc-news" ]; then
  echo "bench: skipped (no ../shared/data)"
  exit 0
fi

BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
SECTIONS=${SECTIONS:-tok,norm,gaz,rules,mem,extract,cli}
GAZ_SIZES=${GAZ_SIZES:-10k,100k,1m}
GAZ_BUILD_RUNS=${GAZ_BUILD_RUNS:-3}
GAZ_OPEN_PROCS=${GAZ_OPEN_PROCS:-5}
PEERS_DICTS=${PEERS_DICTS:-/tmp/peers/dicts}
RULES_COUNTS=${RULES_COUNTS-1,10,100,1000}
RULES_LINEAR=${RULES_LINEAR-1,2,4}
RULES_LINEAR_RULES=${RULES_LINEAR_RULES:-100}
MEM_COPIES=${MEM_COPIES:-1,2,4,8}
OUT=${BENCH_TMP:-/tmp/glean-bench}
LUA=${LUA:-lua5.4}
PEERS=$SHARED/peers
PEERS_BIN=${PEERS_BIN:-/tmp/peers/bin}
export PEERS_NODE=${PEERS_NODE:-/tmp/peers/node}
export LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;;"
export LUA_CPATH="$BUILD_DIR/?.so;;"
BENCH="$BUILD_DIR/glean_bench_tokenize"
GAZ_BENCH="$BUILD_DIR/glean_bench_gazetteer"
DATA_DIR=$SHARED/data/bbc-news
# section NAME: true when NAME is in SECTIONS
section() { case ",$SECTIONS," in *",$1,"*) return 0 ;; esac; return 1; }

if [ ! -x "$BENCH" ] || [ ! -f "$BUILD_DIR/glean/core.so" ]; then
  echo "bench: $BENCH or $BUILD_DIR/glean/core.so missing; build first (make build, or cmake --build $BUILD_DIR)" >&2
  exit 1
fi
mkdir -p "$OUT" || exit 1
RES=$OUT/results.jsonl
: >"$RES"
t_start=$(date +%s)

json_escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\n\t' '  '; }

# run_tool INPUT LABEL NOTE SHOW_STDERR CMD... — runs CMD and records every JSON line it
# prints on stdout (or a failure record when it prints none).
run_tool() {
  local input=$1 label=$2 note=$3 show=$4
  shift 4
  local cmd="$*" t0 rc n=0 line
  t0=$(date +%s.%N)
  echo "bench: [$label] $cmd" >&2
  timeout 900 "$@" >"$OUT/stdout.txt" 2>"$OUT/stderr.txt"
  rc=$?
  [ "$show" = 1 ] && sed 's/^/    /' "$OUT/stderr.txt" >&2
  while IFS= read -r line; do
    case "$line" in
      "{"*)
        printf '{"kind":"run","input":"%s","label":"%s","note":"%s","rc":%d,"cmd":"%s","result":%s}\n' \
          "$input" "$(json_escape "$label")" "$(json_escape "$note")" "$rc" "$(json_escape "$cmd")" \
          "$line" >>"$RES"
        n=$((n + 1))
        ;;
    esac
  done <"$OUT/stdout.txt"
  if [ "$n" -eq 0 ]; then
    local msg
    msg=$(tail -c 400 "$OUT/stderr.txt")
    printf '{"kind":"run","input":"%s","label":"%s","note":"%s","rc":%d,"cmd":"%s","result":null}\n' \
      "$input" "$(json_escape "$label")" "$(json_escape "failed (exit $rc): $msg")" "$rc" \
      "$(json_escape "$cmd")" >>"$RES"
    echo "bench:   FAILED (exit $rc): $msg" >&2
  else
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "bench:   done in %.1f s\n", b - a }' >&2
  fi
}

# --- machine facts -----------------------------------------------------------------
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
compiler=$(grep -m1 '^CMAKE_C_COMPILER:' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null | cut -d= -f2-)
[ -n "$compiler" ] && compiler="$(basename "$compiler") $("$compiler" -dumpfullversion 2>/dev/null), CMake Release (-O2)"

# --- the BBC-only corpus file the peers read (built by the peers' own script) ---------
CORPUS=$OUT/bbc.txt
peers_missing=""
have_corpus=0
if [ -f "$PEERS/make_corpus.py" ] && [ -x /usr/bin/python3 ]; then
  if /usr/bin/python3 "$PEERS/make_corpus.py" --data "$SHARED/data" --only bbc --min-mb 0 \
      --out "$CORPUS" >"$OUT/corpus.log" 2>&1; then
    have_corpus=1
  else
    echo "bench: could not build $CORPUS (see $OUT/corpus.log)" >&2
  fi
else
  peers_missing="../shared/peers/make_corpus.py or /usr/bin/python3 not found; "
fi
corpus_bytes=0 corpus_docs=0
if [ "$have_corpus" = 1 ]; then
  corpus_bytes=$(stat -c %s "$CORPUS")
  corpus_docs=$(grep -o '"distinct_articles": *[0-9]*' "$CORPUS.json" | grep -o '[0-9]*$')
fi
dir_docs=$(find "$DATA_DIR" -mindepth 1 -maxdepth 2 -type f -name '*.txt' | wc -l)

have_cpeers=0 have_node=0 have_nltk=0
[ -x "$PEERS_BIN/tok_naive" ] && have_cpeers=1
command -v node >/dev/null 2>&1 && [ -d "$PEERS_NODE/node_modules/wink-nlp" ] && have_node=1
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import nltk' 2>/dev/null && have_nltk=1
[ "$have_cpeers" = 1 ] || peers_missing="${peers_missing}C peers ($PEERS_BIN); "
[ "$have_node" = 1 ] || peers_missing="${peers_missing}Node modules ($PEERS_NODE); "
[ "$have_nltk" = 1 ] || peers_missing="${peers_missing}NLTK (/usr/bin/python3 -c 'import nltk'); "
[ "$have_corpus" = 1 ] || { have_cpeers=0; have_node=0; have_nltk=0; }
if [ -n "$peers_missing" ]; then
  peers_missing="${peers_missing}install them with ../shared/peers/setup.sh (Debian, as root; builds /tmp/peers)"
  echo "bench: peers missing: $peers_missing" >&2
fi

{
  printf '{"kind":"facts","date":"%s","nproc":"%s","cpu":"%s","loadavg":"%s","compiler":"%s",' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "$(json_escape "$cpu")" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "$(json_escape "$compiler")"
  printf '"dir":"%s","dir_docs":%s' "$(json_escape "$DATA_DIR")" "$dir_docs"
  [ "$have_corpus" = 1 ] && printf ',"corpus":"%s","corpus_bytes":%s,"corpus_docs":%s' \
    "$(json_escape "$CORPUS")" "$corpus_bytes" "$corpus_docs"
  [ -n "$peers_missing" ] && printf ',"peers_missing":"%s"' "$(json_escape "$peers_missing")"
  printf '}\n'
} >>"$RES"

# --- measurements: tokenization and normalization -------------------------------------
# glean C and the C baseline run first and last; the report pools both.
do_tok=0 do_norm=0
section tok && do_tok=1
section norm && do_norm=1
cmode="" lua_only=""
[ "$do_tok" = 1 ] && { cmode=parse; lua_only=parse; }
[ "$do_norm" = 1 ] && { cmode=${cmode:+all}; cmode=${cmode:-normalize}; lua_only=${lua_only:+$lua_only,}normalize; }
[ "$do_tok" = 1 ] && lua_only=$lua_only,iterate
if [ -n "$cmode" ] && [ "$have_corpus" = 1 ]; then
  run_tool file "glean C (file)" "" 1 "$BENCH" --file "$CORPUS" --mode "$cmode" --runs "$RUNS"
fi
[ -n "$cmode" ] && run_tool dir "glean C (dir)" "" 1 "$BENCH" "$DATA_DIR" --mode "$cmode" --runs "$RUNS"
if [ "$do_tok" = 1 ] && [ "$have_cpeers" = 1 ]; then
  run_tool file "c-naive-emit" "" 0 "$PEERS_BIN/tok_naive" "$CORPUS" --mode emit --runs 10
  run_tool file "c-naive-count" "" 0 "$PEERS_BIN/tok_naive" "$CORPUS" --mode count --runs 10
  run_tool file "icu utf16" "" 0 "$PEERS_BIN/tok_icu" "$CORPUS" --mode utf16 --runs "$RUNS"
  run_tool file "icu utf8" "" 0 "$PEERS_BIN/tok_icu" "$CORPUS" --mode utf8 --runs "$RUNS"
fi
if [ "$do_tok" = 1 ] && [ "$have_node" = 1 ]; then
  for t in natural-word natural-treebank wink-tokenizer wink-tokens; do
    run_tool file "$t" "" 0 node "$PEERS/node/tok_node.js" "$CORPUS" --tool "$t" --runs "$RUNS"
  done
  for t in wink-full compromise; do
    run_tool file "$t" "slow: $SLOW_RUNS runs" 0 node "$PEERS/node/tok_node.js" "$CORPUS" --tool "$t" --runs "$SLOW_RUNS"
  done
fi
if [ "$do_tok" = 1 ] && [ "$have_nltk" = 1 ]; then
  run_tool file "nltk-wordpunct" "" 0 /usr/bin/python3 "$PEERS/py/tok_nltk.py" "$CORPUS" --tool wordpunct --runs "$RUNS"
  run_tool file "nltk-treebank" "slow: $SLOW_RUNS runs" 0 /usr/bin/python3 "$PEERS/py/tok_nltk.py" "$CORPUS" --tool treebank --runs "$SLOW_RUNS"
fi
if [ "$do_norm" = 1 ] && [ "$have_cpeers" = 1 ]; then
  for m in whole line; do
    run_tool file "utf8proc $m" "" 0 "$PEERS_BIN/norm_utf8proc" "$CORPUS" --mode "$m" --runs "$RUNS"
    run_tool file "icu C $m" "" 0 "$PEERS_BIN/norm_icu" "$CORPUS" --mode "$m" --runs "$RUNS"
    run_tool file "icu C++ utf8 $m" "" 0 "$PEERS_BIN/norm_icu_utf8" "$CORPUS" --mode "$m" --runs "$RUNS"
  done
fi
if [ -n "$cmode" ] && [ "$have_corpus" = 1 ]; then
  run_tool file "glean Lua (file)" "" 1 "$LUA" bench/bench_tokenize.lua --file "$CORPUS" --runs "$RUNS" --only "$lua_only"
fi
[ -n "$cmode" ] && run_tool dir "glean Lua (dir)" "" 1 "$LUA" bench/bench_tokenize.lua "$DATA_DIR" --runs "$RUNS" --only "${lua_only%,iterate}"
if [ -n "$cmode" ] && [ "$have_corpus" = 1 ]; then
  run_tool file "glean C (file, again)" "" 1 "$BENCH" --file "$CORPUS" --mode "$cmode" --runs "$RUNS"
fi
[ "$do_tok" = 1 ] && [ "$have_cpeers" = 1 ] && run_tool file "c-naive-emit (again)" "" 0 "$PEERS_BIN/tok_naive" "$CORPUS" --mode emit --runs 10

# --- measurements: gazetteers -----------------------------------------------------------
# Per size: the phrase list as TSV (phrase<TAB>TERM), glean's build (load_tsv + compile,
# save) in one process, glean_gaz_open in GAZ_OPEN_PROCS fresh processes, open + match on
# the corpus (C, then Lua) in another, then the peers' own scripts on the same phrases and
# text (as ../shared/peers/run_bench.py runs them: DICT CORPUS --runs N).
if section gaz; then
  if [ "$have_corpus" != 1 ]; then
    echo "bench: gazetteer section skipped (no corpus file)" >&2
  elif [ ! -x "$GAZ_BENCH" ]; then
    printf '{"kind":"run","input":"gaz","label":"glean gazetteers","note":"%s","rc":1,"cmd":"","result":null}\n' \
      "$(json_escape "$GAZ_BENCH missing: build first")" >>"$RES"
    echo "bench: $GAZ_BENCH missing; gazetteer section skipped" >&2
  else
    tsv_cmd="awk -F'\t' 'NF && \$1 != \"\" { print \$1 \"\\tTERM\" }' DICT > TSV"
    printf '{"kind":"facts","gaz_dicts":"%s","gaz_tmp":"%s","gaz_tsv_cmd":"%s"}\n' \
      "$(json_escape "$PEERS_DICTS")" "$(json_escape "$OUT")" "$(json_escape "$tsv_cmd")" >>"$RES"
    for s in ${GAZ_SIZES//,/ }; do
      dict=$PEERS_DICTS/dict_$s.txt tsv=$OUT/gaz_$s.tsv gz=$OUT/gaz_$s.glgz in=gaz-$s
      if [ ! -f "$dict" ]; then
        printf '{"kind":"run","input":"%s","label":"glean gazetteer %s","note":"%s","rc":1,"cmd":"","result":null}\n' \
          "$in" "$s" "$(json_escape "$dict missing: run ../shared/peers/make_dicts.py (setup.sh)")" >>"$RES"
        echo "bench: $dict missing; size $s skipped" >&2
        continue
      fi
      if [ ! -s "$tsv" ] || [ "$dict" -nt "$tsv" ]; then
        awk -F'\t' 'NF && $1 != "" { print $1 "\tTERM" }' "$dict" >"$tsv.tmp" && mv "$tsv.tmp" "$tsv"
      fi
      rm -f "$gz"
      run_tool "$in" "glean C build $s" "" 1 "$GAZ_BENCH" --mode build --tsv "$tsv" --out "$gz" --size "$s" --runs "$GAZ_BUILD_RUNS"
      [ -f "$gz" ] || continue
      for _ in $(seq "$GAZ_OPEN_PROCS"); do
        run_tool "$in" "glean C open $s" "" 0 "$GAZ_BENCH" --mode open --gaz "$gz" --size "$s" --opens 5
      done
      run_tool "$in" "glean C match $s" "" 1 "$GAZ_BENCH" --mode match --gaz "$gz" --file "$CORPUS" --size "$s" --runs "$RUNS"
      run_tool "$in" "glean Lua match $s" "" 1 "$LUA" bench/bench_gazetteer.lua --gaz "$gz" --file "$CORPUS" --size "$s" --runs "$RUNS"
      if [ -x "$PEERS_BIN/hs_match" ]; then
        run_tool "$in" "vectorscan $s" "" 0 "$PEERS_BIN/hs_match" "$dict" "$CORPUS" --runs "$RUNS"
      fi
      if /usr/bin/python3 -c 'import ahocorasick' 2>/dev/null; then
        run_tool "$in" "pyahocorasick $s" "" 0 /usr/bin/python3 "$PEERS/py/ac_pyahocorasick.py" "$dict" "$CORPUS" --runs "$RUNS"
      fi
      if command -v node >/dev/null 2>&1 && [ -d "$PEERS_NODE/node_modules/modern-ahocorasick" ]; then
        run_tool "$in" "modern-ahocorasick $s" "slow: $SLOW_RUNS runs" 0 node "$PEERS/node/ac_node.js" "$dict" "$CORPUS" --runs "$SLOW_RUNS"
      fi
    done
    # The control list: the 10k list plus every 1m entry that matches nowhere in the corpus.
    # Its matches are exactly the 10k list's, so its throughput against the 10k's is what
    # the list's size alone costs (the 1m list also has ten times the matches).
    ctl_tsv=$OUT/gaz_1m-control.tsv ctl_gz=$OUT/gaz_1m-control.glgz
    if [ -s "$OUT/gaz_10k.tsv" ] && [ -f "$OUT/gaz_1m.glgz" ]; then
      run_tool gaz-1m-control "1m entries never matched" "" 1 "$LUA" bench/gaz_unseen.lua \
        --gaz "$OUT/gaz_1m.glgz" --file "$CORPUS" --out "$OUT/gaz_1m-unseen.tsv"
      if [ -s "$OUT/gaz_1m-unseen.tsv" ]; then
        cat "$OUT/gaz_10k.tsv" "$OUT/gaz_1m-unseen.tsv" >"$ctl_tsv"
        rm -f "$ctl_gz"
        run_tool gaz-1m-control "glean C build 1m-control" "" 1 "$GAZ_BENCH" --mode build --tsv "$ctl_tsv" --out "$ctl_gz" --size 1m-control --runs 1
        if [ -f "$ctl_gz" ]; then
          run_tool gaz-1m-control "glean C match 1m-control" "" 1 "$GAZ_BENCH" --mode match --gaz "$ctl_gz" --file "$CORPUS" --size 1m-control --runs "$RUNS"
          run_tool gaz-1m-control "glean Lua match 1m-control" "" 1 "$LUA" bench/bench_gazetteer.lua --gaz "$ctl_gz" --file "$CORPUS" --size 1m-control --runs "$RUNS"
        fi
      fi
    fi
  fi
fi

# --- measurements: token-pattern rules ---------------------------------------------------
# Per rule count: bench/bench_rules.lua generates the rules (fixed seed, WordNet lemmas) and
# times nlp:parse + rules:match, rules:match alone and the C matcher alone over the corpus,
# one document per article; then one run joins RULES_LINEAR copies of the corpus into one
# document each and times matching on them (seconds and step counts must grow linearly).
if section rules; then
  if [ "$have_corpus" != 1 ]; then
    echo "bench: rules section skipped (no corpus file)" >&2
  else
    printf '{"kind":"facts","rules_date":"%s","rules_loadavg":"%s","rules_build":"%s"}\n' \
      "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
      "$(json_escape "${BUILD_DIR#"$ROOT"/}")" >>"$RES"
    for n in ${RULES_COUNTS//,/ }; do
      run_tool "rules-$n" "glean Lua rules $n" "" 1 "$LUA" bench/bench_rules.lua --file "$CORPUS" --rules "$n" --runs "$RUNS"
    done
    if [ -n "$RULES_LINEAR" ]; then
      run_tool rules-linear "glean Lua rules linearity" "" 1 "$LUA" bench/bench_rules.lua --file "$CORPUS" \
        --rules "$RULES_LINEAR_RULES" --linear "$RULES_LINEAR" --runs "$RUNS"
    fi
  fi
fi

# --- measurements: memory per document ----------------------------------------------------
# Per K of MEM_COPIES: K copies of the corpus joined by "\n\n\n" into ONE document, parsed
# once after a warm-up (every article parsed once, so the lexicon is grown), in fresh
# processes: glean_bench_tokenize --mode memory (C: bytes the glean_doc holds, peak RSS
# growth) and bench/bench_memory.lua (Lua heap and RSS growth), all per input byte.
if section mem; then
  if [ "$have_corpus" != 1 ]; then
    echo "bench: memory section skipped (no corpus file)" >&2
  else
    for k in ${MEM_COPIES//,/ }; do
      run_tool "mem-$k" "glean C memory ${k}x" "" 1 "$BENCH" --file "$CORPUS" --mode memory --copies "$k"
      run_tool "mem-$k" "glean Lua memory ${k}x" "" 1 "$LUA" bench/bench_memory.lua --file "$CORPUS" --copies "$k"
    done
  fi
fi

# --- measurements: the news extraction ---------------------------------------------------
# bench/bench_extract.lua: nlp:parse, then glean.extract.entities, acronyms, quotes, dates
# and quantities on every article of the corpus file, RUNS runs, medians per stage.
if section extract; then
  if [ "$have_corpus" != 1 ]; then
    echo "bench: extract section skipped (no corpus file)" >&2
  else
    run_tool extract "glean Lua extraction" "" 1 "$LUA" bench/bench_extract.lua --file "$CORPUS" --runs "$RUNS"
  fi
fi

# --- measurements: the glean command ------------------------------------------------------
# bench/bench_cli.sh runs `glean tokens`, `glean ents -g` and `glean run SCRIPT -g` over the
# BBC directory with --jobs 1 and --jobs 2 in turn (CLI_RUNS each, medians): whole-command
# wall time, docs/s and the speed-up, and checks the two outputs are byte-identical.
if section cli; then
  run_tool cli "glean command --jobs 1 vs 2" "" 1 env BUILD_DIR="$BUILD_DIR" RUNS="${CLI_RUNS:-3}" \
    BENCH_TMP="$OUT" LUA="$LUA" bench/bench_cli.sh "$DATA_DIR"
fi

# --- report --------------------------------------------------------------------------
mkdir -p bench/results
if ! "$LUA" bench/report.lua "$RES" >"$OUT/latest.md"; then
  echo "bench: report failed; raw results in $RES" >&2
  exit 1
fi
{
  echo "## Commands"
  echo
  echo "From the repo root, BUILD_DIR=${BUILD_DIR#"$ROOT"/}, SECTIONS=$SECTIONS, RUNS=$RUNS, SLOW_RUNS=$SLOW_RUNS, GAZ_SIZES=$GAZ_SIZES, GAZ_BUILD_RUNS=$GAZ_BUILD_RUNS, GAZ_OPEN_PROCS=$GAZ_OPEN_PROCS, RULES_COUNTS=$RULES_COUNTS, RULES_LINEAR=$RULES_LINEAR, RULES_LINEAR_RULES=$RULES_LINEAR_RULES, MEM_COPIES=$MEM_COPIES; total wall time $(( $(date +%s) - t_start )) s."
  echo
  echo '```sh'
  sed -n 's/.*"cmd":"\([^"]*\)".*/\1/p' "$RES" | sed "s#$ROOT/##g" | awk '!seen[$0]++'
  echo '```'
} >>"$OUT/latest.md"
cp "$OUT/latest.md" bench/results/latest.md
cat "$OUT/latest.md"
echo "bench: wrote bench/results/latest.md (raw JSON: $RES)" >&2
