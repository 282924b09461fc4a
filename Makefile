# Two commands do everything: `make run` serves the app, `make test` runs the suite.
PYTHON ?= python3
PORT ?= 5000
# The suite runs in two processes (pytest-xdist): most of a test's time is spent waiting on
# the browser, the database or a server, so two keep both cores busy. PYTEST_WORKERS=0 runs it in one.
PYTEST_WORKERS ?= 2
HOST ?= 127.0.0.1
VENV := .venv
BIN := $(VENV)/bin
ASSETS := feedback/static/nhsuk
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test lint install assets setup clean bench translations translations-extract translations-update translations-new

# The web server and the one scheduler (scheduled summaries, the outbox), stopped together.
run: install assets translations setup
	$(BIN)/python -m feedback.devserver --host $(HOST) --port $(PORT)

test: lint assets translations
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Lint and import order (ruff, configured in pyproject.toml), then the import contracts in
# setup.cfg (docs/architecture.md). `$(BIN)/ruff check --fix --select I .` sorts imports.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check --no-cache .
	$(BIN)/lint-imports --no-cache

install: $(VENV)/.installed

setup: install
	$(FLASK) setup

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed setup.cfg
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# NHS.UK frontend, pinned in package.json and package-lock.json: its CSS compiled from
# feedback/static/src/nhsuk.scss, its JavaScript and images copied where Flask serves them.
assets: $(ASSETS)/.copied

$(ASSETS)/.copied: package.json package-lock.json feedback/static/src/nhsuk.scss
	npm ci --no-audit --no-fund --silent
	rm -rf $(ASSETS) && mkdir -p $(ASSETS)
	npx sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules \
		feedback/static/src/nhsuk.scss $(ASSETS)/nhsuk-frontend.min.css
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js $(ASSETS)/
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets $(ASSETS)/assets
	touch $@

# Interface translations (Flask-Babel): the .po catalogues are the source and are committed;
# the compiled .mo files are built from them here and never committed.
TRANSLATIONS := feedback/translations
PYBABEL := $(BIN)/pybabel
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)

translations: $(CATALOGUES:.po=.mo)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(PYBABEL) compile --statistics -i $< -o $@ -l $*

# Collect every marked string of the code and templates into the template catalogue.
translations-extract: $(VENV)/.installed
	$(PYBABEL) extract -F $(TRANSLATIONS)/babel.cfg -k _l -k lazy_gettext -k N_ --no-location \
		--sort-output --project feedback --msgid-bugs-address "" -o $(TRANSLATIONS)/messages.pot .

# Bring each language's catalogue up to date with it: new strings arrive empty, changed ones fuzzy.
translations-update: translations-extract
	$(PYBABEL) update --no-wrap -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# Start a catalogue for a new language: make translations-new LANGUAGE=lt
translations-new: translations-extract
	$(PYBABEL) init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $(LANGUAGE)

bench: $(VENV)/.test-installed assets
	$(BIN)/python bench/bench_submit.py

clean:
	rm -rf $(VENV) node_modules $(ASSETS)
