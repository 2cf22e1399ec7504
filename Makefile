# quotebank: `make run` to start the server, `make test` to run every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := extension/node_modules/.installed
PORT ?= 8765

.PHONY: run test test-python test-node lint format bench extension clean help

help:
	@echo "make run        create the virtual environment, install, start the server"
	@echo "make test       install what the tests need and run them all (lint included)"
	@echo "make lint       ruff check and format check"
	@echo "make format     ruff format and fix"
	@echo "make bench      run the benchmarks in bench/ (figures into bench/results/)"
	@echo "make extension  build the Chrome and Firefox zip files into dist/"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): extension/package.json extension/package-lock.json
	cd extension && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: $(STAMP)
	@echo "The quotebank command is $(CURDIR)/$(VENV)/bin/quotebank; to type just 'quotebank':"
	@echo '  export PATH="$(CURDIR)/$(VENV)/bin:$$PATH"'
	$(VENV)/bin/quotebank serve --port $(PORT)

test: lint test-node test-python

# The Firefox tests drive Firefox with extension/'s puppeteer-core.
test-python: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -q

test-node: $(NODE_STAMP)
	cd extension && npm test --silent

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) bench/run_all.py

extension: $(NODE_STAMP)
	cd extension && npm run --silent package

clean:
	rm -rf $(VENV) extension/node_modules dist build *.egg-info
