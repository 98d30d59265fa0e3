# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CODE := kb api tests bench

.PHONY: venv web http-audit lint format chromium test unit integration run bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The web explorer (web/): npm ci when the lock file changes, a build when a source does.
WEB_SOURCES := $(shell find web/src web/public web/scripts -type f -not -path 'web/src/gql/*') \
	web/index.html web/codegen.ts web/vite.config.ts web/tsconfig.json schema.graphql
WEB_STAMP := web/dist/.built

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

$(WEB_STAMP): web/node_modules/.installed $(WEB_SOURCES)
	cd web && npm run build
	touch $@

web: $(WEB_STAMP)

# The graphql-http server audit (tests/http_audit/), run by an integration test.
HTTP_AUDIT_STAMP := tests/http_audit/node_modules/.installed

$(HTTP_AUDIT_STAMP): tests/http_audit/package.json tests/http_audit/package-lock.json
	cd tests/http_audit && npm ci --no-audit --no-fund
	touch $@

http-audit: $(HTTP_AUDIT_STAMP)

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
test: lint web http-audit chromium
	$(BIN)/pytest

unit: venv
	$(BIN)/pytest tests/unit

integration: venv web http-audit chromium
	$(BIN)/pytest tests/integration

# Start Neo4j when none is configured, apply the schema, seed seeds/, serve the API.
run: venv web
	$(BIN)/kb up

bench: venv web
	$(BIN)/python -m bench

clean:
	-$(BIN)/kb neo4j stop
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
