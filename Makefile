# Two commands on a fresh Debian 12 machine:
#   make run    install what is missing, build, start the chat server
#   make test   install what is missing, build, run every test
PRESET ?= release
JOBS   ?= $(shell nproc)
# CI turns warnings into errors.
WERROR_FLAG := $(if $(CI),-DPROACTOR_WERROR=ON,)
# CCACHE=1 compiles through ccache (cmake/ProactorCcache.cmake says when that pays); the
# build then prints its hit rate.
CCACHE ?=
CCACHE_FLAG := -DPROACTOR_CCACHE=$(if $(CCACHE),ON,OFF)
BUILD_DIR := $(if $(filter release,$(PRESET)),build,build-$(PRESET))
RUN_ARGS ?= --port 0

.PHONY: all deps configure build test run run-cluster bench clean test-asan test-tsan test-uring test-windows

all: build

deps:
	@scripts/install-deps.sh
	@scripts/install-node-deps.sh

configure: deps
	@cmake --preset $(PRESET) $(WERROR_FLAG) $(CCACHE_FLAG) >/dev/null

build: configure
	@$(if $(CCACHE),scripts/ccache-hits.sh snapshot $(BUILD_DIR)/.ccache-before)
	@cmake --build --preset $(PRESET) -j $(JOBS)
	@$(if $(CCACHE),scripts/ccache-hits.sh report $(BUILD_DIR)/.ccache-before)

# Tests run more at once than there are cores where they mostly wait on timers and peers:
# each test preset sets its own level (CMakePresets.json, docs/ci.md); TEST_JOBS overrides.
TEST_JOBS ?=
test: build
	@ctest --preset $(PRESET) $(if $(TEST_JOBS),-j $(TEST_JOBS))

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan

test-tsan:
	@$(MAKE) --no-print-directory test PRESET=tsan

# The whole suite on Asio's io_uring backend (liburing) instead of epoll.
test-uring:
	@scripts/install-deps.sh liburing-dev
	@$(MAKE) --no-print-directory test PRESET=uring

# Cross-built for Windows (MinGW-w64, IOCP) into build-windows, the suite run under Wine, then
# the Windows programs against the native ones (scripts/test-interop-windows.sh, which needs
# the native build too).
test-windows:
	@scripts/install-deps.sh g++-mingw-w64-x86-64-posix wine wine64
	@$(MAKE) --no-print-directory build PRESET=release
	@scripts/test-windows.sh

run: build
	@exec $(BUILD_DIR)/bin/proactor-chat-server $(RUN_ARGS)

# Redis, three chat servers sharing rooms through it, HAProxy in front (docs/scale-out.md).
run-cluster: build
	@exec scripts/run-cluster.sh $(BUILD_DIR)

# gnuplot draws the benchmark chart; only the benchmarks need it.
bench: build
	@scripts/install-deps.sh gnuplot-nox
	@cmake --build --preset $(PRESET) -j $(JOBS) --target benchmarks
	@scripts/run-bench.sh $(BUILD_DIR)

# libFuzzer on the parsers, built with clang into build-fuzz; FUZZ_SECONDS (default 60) each.
.PHONY: fuzz
fuzz:
	@scripts/fuzz.sh

clean:
	rm -rf build build-debug build-asan build-tsan build-uring build-fuzz build-windows
