# Quick start: `make` sets up and builds the whole site; `make test` sets up and runs every test;
# `make test-fast` runs the fast part (README, "Running the tests").
VENV ?= .venv
PY := $(VENV)/bin/python
# Python keeps its compiled modules (__pycache__, git-ignored) even where the environment says
# not to: the tests start `python build.py` dozens of times and pytest rewrites every test file,
# each of which would otherwise be compiled again every time (about a tenth of the fast part's time).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: all build setup test test-fast check clean
all: build

setup:
	bash scripts/setup.sh

build: setup
	$(PY) build.py

check: setup
	$(PY) build.py check

# Two workers, each test file on one (its module fixtures made once); the session build once a worker.
test: setup
	$(PY) -m pytest -n 2 --dist loadfile

# The fast part: no PDF rendered, no browser, no audio, no test that builds many times.
test-fast:
	$(PY) -m pytest -n 2 -m "not slow and not pdf and not browser and not audio"

clean:
	rm -rf site .cache
