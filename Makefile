# glean — a thin wrapper over CMake. `make demo` and `make test` install what is
# missing (Debian/Ubuntu, as root), build, and run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
TSAN_BUILD ?= build-tsan
VG_BUILD   ?= build-valgrind
GC_BUILD   ?= build-gc
LUA        ?= lua5.4
export LUA_PATH  := $(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;
export LUA_CPATH := $(CURDIR)/$(BUILD)/?.so;;

.PHONY: all deps build test demo sanitize eval bench check-html clean run fuzz-build fuzz-smoke fuzz tsan valgrind gc-stress

all: build

deps:
	@scripts/ensure-deps.sh

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_RULE_MESSAGES=OFF -DCMAKE_TARGET_MESSAGES=OFF > /dev/null

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j2 -- -s --no-print-directory

test: build
	cd $(BUILD) && ctest --output-on-failure

demo: build
	@$(LUA) examples/tour.lua examples/huawei-5g.txt
	@$(LUA) examples/gazetteer.lua examples/huawei-5g.txt examples/huawei-world.tsv
	@$(LUA) examples/rules.lua examples/huawei-5g.txt examples/huawei-world.tsv
	@echo; $(LUA) examples/huawei.lua examples/huawei-5g.txt $(BUILD)/huawei.json

# AddressSanitizer + UBSan over the C tests and every spec (lua5.4 with libasan preloaded).
sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DGLEAN_SANITIZE=ON
	@cmake --build $(ASAN_BUILD) -j2 -- -s --no-print-directory
	cd $(ASAN_BUILD) && ctest --output-on-failure

# libFuzzer targets (clang, ASan + UBSan), a separate CMake project in fuzz/.
# `make fuzz-smoke`: replay fuzz/regressions/, then each target 60 s;
# `make fuzz T=tokenize [SECONDS=1800]`: one target (default 600 s). See fuzz/run.sh.
fuzz-build:
	@cmake -S fuzz -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_RULE_MESSAGES=OFF -DCMAKE_TARGET_MESSAGES=OFF > /dev/null
	@cmake --build $(FUZZ_BUILD) -j2 -- -s --no-print-directory

fuzz-smoke: fuzz-build
	@fuzz/run.sh $(FUZZ_BUILD) smoke

fuzz: fuzz-build
	@test -n "$(T)" || { echo "usage: make fuzz T=utf8_normalize|tokenize|gazetteer_tsv|gazetteer_open|rules|quotes|extractors [SECONDS=n]"; exit 2; }
	@fuzz/run.sh $(FUZZ_BUILD) $(T) $(SECONDS)

# Every C test and spec under valgrind; definite leaks are errors. GLEAN_HEAVY=0 scales
# the heavy specs down (spec/helpers.lua) so that the run takes minutes.
VALGRIND = valgrind;-q;--leak-check=full;--errors-for-leak-kinds=definite;--error-exitcode=99;--keep-debuginfo=yes
valgrind: deps
	@cmake -S . -B $(VG_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo '-DGLEAN_TEST_WRAPPER=$(VALGRIND)' > /dev/null
	@cmake --build $(VG_BUILD) -j2 -- -s --no-print-directory
	cd $(VG_BUILD) && GLEAN_HEAVY=0 ctest --output-on-failure

# Every spec with the garbage collector running continuously: a new cycle as soon as one
# ends (pause 1: 0 would mean "unchanged" in Lua 5.4), a step every few bytes allocated.
GC_STRESS = collectgarbage("incremental", 1, 200, 1)
gc-stress: deps
	@cmake -S . -B $(GC_BUILD) -DCMAKE_BUILD_TYPE=Release '-DGLEAN_LUA_INIT=$(GC_STRESS)' > /dev/null
	@cmake --build $(GC_BUILD) -j2 -- -s --no-print-directory
	cd $(GC_BUILD) && GLEAN_HEAVY=0 ctest --output-on-failure

# ThreadSanitizer over tests/c/test_threads.c: two Lua states in two threads sharing
# one compiled gazetteer file and building the same rule set, then two C threads matching
# one glean_gazetteer and one glean_rules at the same time.
tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLEAN_TSAN=ON > /dev/null
	@cmake --build $(TSAN_BUILD) -j2 --target glean_lua test_threads -- -s --no-print-directory
	cd $(TSAN_BUILD) && ctest --output-on-failure -R '^c_threads$$'

eval: build
	@for f in bench/eval/*_eval.lua; do $(LUA) $$f || exit 1; done
	@$(LUA) bench/eval/quotes_eval.lua --gold bench/eval/gold/bbc-quotes-heldout.tsv

bench: build
	@bench/run.sh

# The HTML view (glean show --html) in a real headless Chromium: the DOM as parsed, and a
# screenshot whose pixels carry the legend colours. Chromium is not among the packages
# `make deps` installs (~80 MB download, ~300 MB with its libraries): install it first.
check-html: build
	@command -v chromium >/dev/null || { echo "check-html: needs chromium (apt-get install -y chromium)" >&2; exit 1; }
	GLEAN_BUILD_DIR=$(CURDIR)/$(BUILD) $(LUA) /usr/bin/busted --ignore-lua -o utfTerminal \
	  --cpath='$(CURDIR)/$(BUILD)/?.so' --filter 'headless Chromium' spec/cli_spec.lua

# `make run ARGS="tokens examples/huawei-5g.txt"` runs the glean command from the build
# tree; ARGS starting with a .lua file runs that script instead (the old behaviour).
run: build
	@case "$(firstword $(ARGS))" in \
	  *.lua) $(LUA) -e 'package.path="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;"..package.path' $(ARGS) ;; \
	  *) $(LUA) bin/glean $(ARGS) ;; \
	esac

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(TSAN_BUILD) $(VG_BUILD) $(GC_BUILD)
