# Two commands do everything: `make run` serves the app, `make test` runs the suite.
PYTHON ?= python3
PORT ?= 5000
HOST ?= 127.0.0.1
VENV := .venv
BIN := $(VENV)/bin
ASSETS := feedback/static/nhsuk
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test install assets setup clean bench

# The web server and the one scheduler (scheduled summaries, the outbox), stopped together.
run: install assets setup
	$(BIN)/python -m feedback.devserver --host $(HOST) --port $(PORT)

test: $(VENV)/.test-installed assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

bench: $(VENV)/.test-installed assets
	$(BIN)/python bench/bench_submit.py

clean:
	rm -rf $(VENV) node_modules $(ASSETS)
