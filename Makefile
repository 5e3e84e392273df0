# gongkai — the two commands that matter: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# PostgreSQL used by the test suite when reachable (trust auth on our machines).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: install system-deps browser-deps demo test test-dates lint bench schema clean

$(BIN)/gongkai: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(BIN)/gongkai

install: $(BIN)/gongkai  ## create .venv with the `gongkai` command

system-deps:  ## Debian packages (CJK fonts, poppler); installs when root or sudo, else says what is missing
	bash scripts/install-system-deps.sh

# Demo mode (demo accounts allowed), DEBUG off: visitors see gongkai's own error pages, not Django's. The
# production server (gunicorn, static files by WhiteNoise), with a background worker beside it.
demo: install system-deps  ## install, migrate, load demo data, serve on 127.0.0.1:8000 (SQLite in ./var)
	GONGKAI_DEMO=1 $(BIN)/gongkai manage migrate --noinput
	GONGKAI_DEMO=1 $(BIN)/gongkai demo load
	GONGKAI_DEMO=1 $(BIN)/gongkai serve 127.0.0.1:8000

test: install system-deps browser-deps  ## architecture contract, lint, then the suite on SQLite and PostgreSQL (required when CI=true)
	PG_TEST_URL="$(PG_TEST_URL)" BIN=$(BIN) bash scripts/test.sh

# axe-core (pinned in tests/browser/package-lock.json) for the accessibility checks of tests/browser. Without
# npm the browser tests skip with their reason (and fail when CI=true).
browser-deps:  ## npm ci of tests/browser (axe-core) when npm exists
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund --silent; \
	else echo "browser-deps: npm not found; the browser tests will skip (tests/browser)"; fi

test-dates: install system-deps  ## the suite with the system date moved 400 days ahead and back (libfaketime)
	BIN=$(BIN) bash scripts/test.sh --dates

lint: install
	$(BIN)/lint-imports --config .importlinter
	$(BIN)/ruff check src tests bench

bench: install  ## reading, clock and queue benchmarks; results in bench/results/
	$(BIN)/python -m bench.reading --count 200
	$(BIN)/python -m bench.clock
	$(BIN)/python -m bench.queue
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.report_download
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_TEST_URL)"; then $(BIN)/python -m bench.queue --postgres; $(BIN)/python -m bench.report --postgres; fi

schema: install  ## regenerate the shipped JSON Schema from the model
	$(BIN)/gongkai schema --write

clean:
	rm -rf $(VENV) var .pytest_cache
