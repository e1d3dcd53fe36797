# Two commands do everything: `make run` and `make test`; `make install` is their first step.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test eval bench bench-full clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $(STAMP)

run: install
	$(BIN)/newsbot

test: install
	$(BIN)/python -m pytest

eval: install
	$(BIN)/python scripts/evaluate.py

bench: install
	$(BIN)/python scripts/bench.py

bench-full: install
	$(BIN)/python scripts/bench.py --full

clean:
	rm -rf $(VENV) data build *.egg-info
