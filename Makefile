# Fresh machine: `make run` (app on http://localhost:8501 with demo data) or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint e2e bench clean chromium

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

# Browser tests drive Debian's Chromium: installed here when missing (apt-get, as root), otherwise a stop
# that says how, so that `make test` never passes with its browser tests skipped.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" -eq 0 ]; then \
	        echo "installing Debian's chromium for the browser tests"; \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    else \
	        echo "Browser tests need Chromium: run 'sudo apt-get install chromium', or make test as root." >&2; \
	        exit 1; \
	    fi; }
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	    echo "chromium could not be installed: see the apt-get output above" >&2; exit 1; }

run: $(VENV)/.runtime
	DEMO_SEED=1 $(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

e2e: $(VENV)/.dev chromium
	$(BIN)/python -m pytest -q -m e2e

lint: $(VENV)/.dev
	$(BIN)/ruff check .

bench: $(VENV)/.runtime
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
