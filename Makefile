# Two commands on a fresh machine: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help install messages migrate demo run test lint makemessages bench lighthouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# uv (from PyPI, through pip) installs the dependencies, compiled as pip would: 22 s against pip's
# 50 s on a clean clone (CI).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet "uv>=0.9"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[dev]"
	touch $@

install: $(VENV)/.installed messages ## Create the virtualenv, install dependencies, compile translations

CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale-admin/*/LC_MESSAGES/*.po))
messages: $(CATALOGUES) ## Compile the committed translation catalogues (.po → .mo), those that changed

%.mo: %.po | $(VENV)/.installed
	$(BIN)/pybabel compile --input-file $< --output-file $@ --statistics

makemessages: $(VENV)/.installed ## Extract new strings into locale/vi (needs GNU gettext)
	$(MANAGE) makemessages --locale vi --ignore "$(VENV)/*" --no-obsolete

migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate ## Load the Vietnamese demo data and public site, index it (safe to run twice)
	$(MANAGE) load_demo_data
	$(MANAGE) load_demo_site
	$(MANAGE) search_index --rebuild

run: demo ## Install, migrate, load demo data and serve http://127.0.0.1:8000 on SQLite
	@$(MANAGE) demo_logins --address $(HOST)
	$(MANAGE) runserver $(HOST)

# The OAI-PMH protocol's schema, as the pyoai package on PyPI ships it (BSD licence), for the test
# that validates every /oai/ response; fetched from the registry like Elasticsearch, never committed.
OAI_SCHEMA := .cache/oai/OAI-PMH.xsd
$(OAI_SCHEMA): | $(BIN)/python
	$(BIN)/pip download --quiet --no-deps --no-binary :all: --dest .cache/oai "pyoai==2.5.0"
	tar -xzf .cache/oai/pyoai-2.5.0.tar.gz -C .cache/oai --strip-components=4 \
		pyoai-2.5.0/src/oaipmh/tests/OAI-PMH.xsd

# The oai_dc metadata schema and the simple Dublin Core schema it imports, as the
# core-oaipmh-provider-app package on PyPI ships them, for the test that validates every oai_dc
# record (the OAI-PMH schema skips the metadata); fetched the same way, never committed.
OAI_DC_SCHEMA := .cache/oai/oai_dc.xsd
$(OAI_DC_SCHEMA): | $(BIN)/python
	$(BIN)/pip download --quiet --no-deps --no-binary :all: --dest .cache/oai \
		"core-oaipmh-provider-app==2.23.0"
	tar -xzf .cache/oai/core_oaipmh_provider_app-2.23.0.tar.gz -C .cache/oai --strip-components=5 \
		core_oaipmh_provider_app-2.23.0/core_oaipmh_provider_app/static/core_oaipmh_provider_app/xsd/oai_dc.xsd \
		core_oaipmh_provider_app-2.23.0/core_oaipmh_provider_app/static/core_oaipmh_provider_app/xsd/simpledc20021212.xsd

# TEST_WORKERS=N spreads the suite over N processes (pytest-xdist; tests/conftest.py keeps a
# test class on one worker, and every Elasticsearch test on one worker, one after the other: they
# pause the node and cap its shards, which no other test uses); PYTEST_ARGS adds options.
TEST_WORKERS ?=
PYTEST_ARGS ?=
test: install $(OAI_SCHEMA) $(OAI_DC_SCHEMA) ## Run the whole test suite (DATABASE_URL selects PostgreSQL; TEST_WORKERS=3 on two cores, as CI's SQLite suite)
	$(BIN)/pytest $(if $(TEST_WORKERS),-n $(TEST_WORKERS) --dist loadgroup) $(PYTEST_ARGS)

lint: install ## Check style with ruff, and the dependency rules with import-linter (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# BENCH_HARVEST=1 adds the province-scale search (bench_harvest: 110,000 own entries and 300,000
# harvested ones on Elasticsearch, the database engine on the own entries; about an hour).
BENCH_HARVEST ?=
bench: install ## Benchmarks in throwaway databases (not in make test): SQLite, PostgreSQL when POSTGRES_URL is set, Elasticsearch by .ci/elasticsearch; BENCH_HARVEST=1 adds the province scale
	$(MANAGE) bench_standard
	$(MANAGE) bench_import
	.ci/elasticsearch run -- sh -c '$(MANAGE) bench_precision && $(MANAGE) bench_search && $(MANAGE) bench_similar'
	$(if $(POSTGRES_URL),DATABASE_URL=$(POSTGRES_URL) $(MANAGE) bench_standard)
	$(if $(POSTGRES_URL),DATABASE_URL=$(POSTGRES_URL) $(MANAGE) bench_import)
	$(if $(POSTGRES_URL),DATABASE_URL=$(POSTGRES_URL) .ci/elasticsearch run -- sh -c '$(MANAGE) bench_precision && $(MANAGE) bench_search && $(MANAGE) bench_similar')
	$(if $(BENCH_HARVEST),.ci/elasticsearch run -- $(MANAGE) bench_harvest)
	$(if $(and $(BENCH_HARVEST),$(POSTGRES_URL)),DATABASE_URL=$(POSTGRES_URL) .ci/elasticsearch run -- $(MANAGE) bench_harvest)

lighthouse: demo ## Lighthouse and axe-core on the public site, DEBUG off, system Chromium (each category ≥ 95); LIGHTHOUSE_URL=… measures another server
	tests/lighthouse/measure.sh
