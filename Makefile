# glean — a thin wrapper over CMake. `make demo` and `make test` install what is
# missing (Debian/Ubuntu, as root), build, and run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
LUA        ?= lua5.4
export LUA_PATH  := $(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;
export LUA_CPATH := $(CURDIR)/$(BUILD)/?.so;;

.PHONY: all deps build test demo sanitize eval bench clean run

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

eval: build
	@for f in bench/eval/*_eval.lua; do $(LUA) $$f || exit 1; done

bench: build
	@bench/run.sh

# `make run ARGS="tokens examples/huawei-5g.txt"` runs the glean command from the build
# tree; ARGS starting with a .lua file runs that script instead (the old behaviour).
run: build
	@case "$(firstword $(ARGS))" in \
	  *.lua) $(LUA) -e 'package.path="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;"..package.path' $(ARGS) ;; \
	  *) $(LUA) bin/glean $(ARGS) ;; \
	esac

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
