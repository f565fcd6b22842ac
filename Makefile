# Fresh machine: `make run` (app on http://localhost:8501 with demo data) or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint e2e bench pg clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `python -m audience compile`: the import's byte loops are compiled once here, not at first use.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/python -m audience compile
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m audience compile
	touch $(VENV)/.runtime $@

# What the tests need from Debian, installed here when missing (apt-get, as root), otherwise a stop that
# says how, so that `make test` never passes with tests skipped: Chromium (browser journeys), poppler-utils
# (pdftotext reads the PDF exports back), PostgreSQL's server (the storage tests start a throw-away cluster).
SYSTEM_DEPS := chromium:chromium poppler-utils:pdftotext postgresql:/usr/lib/postgresql/*/bin/initdb
system-deps:
	@missing=""; for dep in $(SYSTEM_DEPS); do \
	    pkg=$${dep%%:*}; probe=$${dep#*:}; \
	    command -v $$probe >/dev/null 2>&1 || ls $$probe >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" -ne 0 ]; then \
	        echo "The tests need Debian's$$missing: run 'sudo apt-get install$$missing', or make test as root." >&2; \
	        exit 1; \
	    fi; \
	    echo "installing Debian's$$missing for the tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

run: $(VENV)/.runtime
	DEMO_SEED=1 $(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

e2e: $(VENV)/.dev system-deps
	$(BIN)/python -m pytest -q -m e2e

lint: $(VENV)/.dev
	$(BIN)/ruff check .

# A PostgreSQL cluster for developers under data/pg (loopback, port 5433): prints APP_DATABASE_URL.
pg: $(VENV)/.dev
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }
	$(BIN)/python -m tests.pgserver data/pg 5433

bench: $(VENV)/.runtime
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
