# Two commands do everything: `make run` and `make test`; `make install` is their first step.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test fuzz eval eval-open train bench bench-full clean

install: $(STAMP)

# Node 18+ and npm install telegram-test-api, the fake Telegram server the tests run against.
$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null \
	  || { echo "make install: node and npm not found; install Node.js 18+ (the tests need it)" >&2; exit 1; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
	  || { echo "make install: Node.js 18+ required, found $$(node --version)" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps -e .
	$(BIN)/python -c "from retrieval import daat; daat.warm()"  # compile the large-archive kernel once, cached
	$(BIN)/python -c "from bot.answer import walk; walk.warm()"  # and the reader's tree walk
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

run: install
	$(BIN)/newsbot

test: install
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# The long fuzzing profile: 2000+ odd questions, 200+ odd pages (tests/test_fuzz.py; `make test` runs a short one).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics --durations=10

eval: install
	$(BIN)/python scripts/evaluate.py
	$(BIN)/python scripts/eval_answers.py
	$(BIN)/python scripts/eval_open.py

eval-open: install
	$(BIN)/python scripts/eval_open.py

# Refit the answer models (bot/answer/data/model.json) on DRCD dev and the seed public/dev questions.
train: install
	$(BIN)/python scripts/train.py

bench: install
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_answers.py
	$(BIN)/python scripts/bench_telegram.py

bench-full: install
	$(BIN)/python scripts/bench.py --full

clean:
	rm -rf $(VENV) data build *.egg-info
