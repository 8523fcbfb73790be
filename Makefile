# Kohtaanto. Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CLIENTS ?= 5000
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for make test (one per core); the summary line gives the wall time.
TEST_WORKERS ?= auto

.PHONY: install run test lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,spark]"
	touch $@

# Migrates, loads the Helsinki organisation, CLIENTS generated clients and the demo users,
# then serves on http://$(HOST):$(PORT). `make run CLIENTS=48000` for the full Helsinki size.
# The worker (schedule and background jobs) runs beside the server; stopping make run (Ctrl-C)
# stops both. The demo's test identification page (Testitunnistautuminen) is on here only.
run: install
	$(BIN)/kohtaanto demo --clients $(CLIENTS)
	$(BIN)/kohtaanto worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER' EXIT INT TERM; \
	KOHTAANTO_TEST_IDENTIFICATION=1 $(BIN)/kohtaanto serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
