# ddb-migrate — the two commands users need:
#   make        build the tool and run the main job on the bundled example
#   make test   install what the tests need, start private MariaDB + moto, run every test
.PHONY: all example build test test-swift test-python golden bench deps clean

SWIFT_FLAGS ?=
BIN = .build/debug/ddb-migrate

all: example

deps:
	scripts/install-deps.sh

build:
	swift build $(SWIFT_FLAGS)

example: deps build
	scripts/example.sh

test: deps
	scripts/test.sh

# Regenerate generated/ from contracts/ (the golden files the tests compare against).
golden: build
	scripts/golden.sh update

bench: deps
	scripts/bench.sh

clean:
	rm -rf .build .work
