# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CODE := kb api tests bench

.PHONY: venv lint format chromium test unit integration run bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

lint: venv
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy $(CODE)

format: venv
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

# The browser tests drive Debian's chromium; installed here when missing (as root, with apt).
chromium:
	scripts/ensure-chromium

# Lint, then the whole suite; integration tests start (or reuse) a real Neo4j 5.26.
test: lint chromium
	$(BIN)/pytest

unit: venv
	$(BIN)/pytest tests/unit

integration: venv chromium
	$(BIN)/pytest tests/integration

# Start Neo4j when none is configured, apply the schema, seed seeds/, serve the API.
run: venv
	$(BIN)/kb up

bench: venv
	$(BIN)/python -m bench

clean:
	-$(BIN)/kb neo4j stop
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
