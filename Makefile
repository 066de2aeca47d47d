# Kagami — set-up and everyday commands. Each target installs what it needs first.
#   make run     build and start the REPL on the bundled MirrorFace data
#   make test    build and run the whole test suite
#   make bench   build in release mode and print performance figures
#   make data    regenerate the bundled data set (reported layer + synthetic layer, fixed seed)
#   make lure-weights   refit the lure scorer's weights on its corpus
#   make stix-check     validate the bundled graph exported as STIX 2.1 (OASIS validator)
#   make bench-peers [N=…]  the peer benchmark beside DuckDB and igraph (../shared/bench)
#   make fuzz    run each libFuzzer target for FUZZ_SECONDS (600) with ASan (docs/fuzzing.md)
#   make format / make lint   apply / check .swift-format

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench bench-peers data lure-weights stix-check deps build format lint fuzz

# libedit-dev (and pkg-config, which SwiftPM uses to find it) from apt when missing.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libedit; then \
	  echo "kagami: installing libedit-dev and pkg-config (line editing needs them)"; \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "error: apt-get not found; install libedit's development files and pkg-config yourself"; exit 1; \
	  fi; \
	  if [ -n "$(SUDO)" ] && ! command -v sudo >/dev/null 2>&1; then \
	    echo "error: run as root or install sudo: libedit-dev must be installed with apt-get"; exit 1; \
	  fi; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libedit-dev pkg-config >/dev/null || \
	    { echo "error: could not install libedit-dev (try: sudo apt-get install libedit-dev pkg-config)"; exit 1; }; \
	fi

build: deps
	$(SWIFT) build --product kagami

run: build
	@$$($(SWIFT) build --show-bin-path)/kagami

test: deps
	$(SWIFT) build --product kagami
	$(SWIFT) test

# Release builds carry the Swift runtime and Foundation inside the program: nothing to bind at
# start-up, and the runtime's calls direct rather than through the linkage table (figures in
# docs/graph-format.md). The plugins are compiled in, so there is only ever one runtime. They
# link with the toolchain's lld: gold warns of glibc's `mktemp`, which static Foundation refers to.
RELEASE := $(SWIFT) build -c release --static-swift-stdlib -Xswiftc -use-ld=lld

bench: deps
	$(RELEASE) --product kagami
	$(RELEASE) --product kagami-bench
	@$$($(RELEASE) --show-bin-path)/kagami-bench

# The peer benchmark beside DuckDB and igraph (N incidents, default 10^6; Benchmarks/peers.sh).
bench-peers: deps
	$(RELEASE) --product kagami
	$(RELEASE) --product kagami-bench
	@bash Benchmarks/peers.sh $$($(RELEASE) --show-bin-path) $(N)

data: build
	$$($(SWIFT) build --show-bin-path)/kagami generate --out Sources/Workbench/Data/mirrorface.json

# Exports the bundled graph as STIX 2.1 and validates it with the OASIS validator (pip).
stix-check: build
	@python3 -m pip install -q stix2-validator 2>/dev/null || python3 -m pip install -q --user stix2-validator
	@folder=$$(mktemp -d); kagami=$$($(SWIFT) build --show-bin-path)/kagami; \
	  $$kagami --no-plugins --exports-dir $$folder -c 'nodes | export stix "graph"' && \
	  { cat sessions/ach-mirrorface.kagami; echo ':export stix ach'; } | $$kagami --exports-dir $$folder > /dev/null && \
	  for bundle in graph ach; do \
	    python3 -m stix2validator.scripts.stix2_validator $$folder/$$bundle.json > $$folder/$$bundle.txt 2>&1; status=$$?; \
	    echo "$$bundle.json (the whole graph$$( [ $$bundle = ach ] && echo ', with the ratings of sessions/ach-mirrorface.kagami as opinions'))"; \
	    grep -E "STIX JSON: (Valid|Invalid)" $$folder/$$bundle.txt; grep -E "\[X\]" $$folder/$$bundle.txt | head -20; \
	    [ $$status -eq 0 ] && grep -q "STIX JSON: Valid" $$folder/$$bundle.txt || exit 1; \
	  done

lure-weights:
	$(SWIFT) run lure-weights

# libFuzzer with AddressSanitizer, one target per reader of hostile input (docs/fuzzing.md:
# `--sanitize=fuzzer --sanitize=address` compiles with the last alone, so no coverage); seeds in
# Fuzz/Seeds (committed, small), the growing corpus and any crash in .build-fuzz/work.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= QueryText GraphFiles TabularFiles StixBundles SessionFiles
fuzz: deps
	@for target in $(FUZZ_TARGETS); do \
	  KAGAMI_FUZZ=1 $(SWIFT) build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address \
	    --product fuzz-$$target --scratch-path .build-fuzz || exit 1; \
	done
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/work/$$target; \
	  echo "fuzz-$$target: $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no .build-fuzz/release/fuzz-$$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=.build-fuzz/work/$$target/ \
	    .build-fuzz/work/$$target Fuzz/Seeds/$$target > .build-fuzz/work/$$target.log 2>&1; status=$$?; \
	  grep -E "^(stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|Done|SUMMARY|artifact)" \
	    .build-fuzz/work/$$target.log; \
	  [ $$status -eq 0 ] || { echo "fuzz-$$target found a problem: .build-fuzz/work/$$target.log"; exit 1; }; \
	done

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks plugins

lint:
	$(SWIFT) format lint --recursive Package.swift Sources Tests Benchmarks plugins
