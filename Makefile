# BAMS. The two commands a new user runs (as root, on Debian 12):
#   make demo   install what it needs, start the whole appliance, print how to log in
#   make test   install what the tests need and run them all, real parts included
# Feature areas add their targets in mk/*.mk.

SHELL := /bin/bash
GO ?= go
BIN := bin
GOFLAGS_BUILD := -trimpath
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X bams/backend/internal/version.Version=$(VERSION)

.PHONY: all build test test-go test-after-go demo demo-stop bench lint clean

all: build

build: $(BIN)/bamsd $(BIN)/bamsctl

$(BIN)/%: FORCE
	@mkdir -p $(BIN)
	$(GO) build $(GOFLAGS_BUILD) -ldflags '$(LDFLAGS)' -o $@ ./backend/cmd/$*

FORCE:

# Every test, real parts included. The machine-wide parts (system bus,
# polkitd, test users) are set up once and torn down at the end, whatever
# happened; integration packages run one at a time (-p 1).
test:
	@bash scripts/install-deps.sh test
	@$(MAKE) --no-print-directory build
	@set -o pipefail; bash test/machine.sh up || exit 1; \
	trap 'bash test/machine.sh down' EXIT; \
	$(MAKE) --no-print-directory test-go test-after-go

test-go:
	$(GO) vet ./...
	BAMS_BIN=$(CURDIR)/$(BIN) $(GO) test -p 1 -count=1 -timeout 20m ./...

# Later stages of `make test` (browser tests, then the package test, last).
test-after-go:

# A second `make demo` while one runs says so, before rebuilding the binaries
# the running one uses.
demo:
	@bash scripts/demo.sh running || { bash scripts/install-deps.sh demo && \
	  $(MAKE) --no-print-directory build plugin && bash scripts/demo.sh start; }

demo-stop:
	@bash scripts/demo.sh stop

bench: build
	@bash scripts/bench.sh

lint:
	@out=$$(gofmt -l backend); [ -z "$$out" ] || { echo "gofmt needed:"; echo "$$out"; exit 1; }
	$(GO) vet ./...

# ./var holds the running demo's record of what to stop: keep it while it runs.
clean:
	@if bash scripts/demo.sh running >/dev/null; then echo "the demo is running: make demo-stop first" >&2; exit 1; fi
	rm -rf $(BIN) var dist

-include mk/*.mk
