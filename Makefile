# Quick start: `make` sets up and builds the whole site; `make test` sets up and runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: all build setup test check clean
all: build

setup:
	bash scripts/setup.sh

build: setup
	$(PY) build.py

check: setup
	$(PY) build.py check

test: setup
	$(PY) -m pytest

clean:
	rm -rf site .cache
