# incidentkit: `make demo` tries it on the example repository, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test dev install lint layers lint-workflows types unit generated bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

## demo: validate the example repository, then show what is overdue and who is on call
demo: install
	$(BIN)/incidentkit validate
	$(BIN)/incidentkit overdue
	$(BIN)/incidentkit oncall now
	$(BIN)/mkdocs build --strict

## test: lint, types, generated files, and the whole test suite
test: dev lint layers lint-workflows types generated unit

lint:
	$(BIN)/ruff check tools tests bench

## layers: the import-linter contracts in pyproject.toml (no upward import, independent engines)
layers:
	$(BIN)/lint-imports --no-cache

## lint-workflows: actionlint (with shellcheck on run: scripts) and zizmor on this repository's
## workflows, zizmor on the action (action.yml: actionlint reads only workflows, and checks the
## action's inputs where a workflow uses it), and both on the workflows and dependabot.yml that
## `incidentkit init` writes, rendered with their tokens replaced; failing on any finding.
lint-workflows:
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/zizmor --quiet --offline --strict-collection .github/workflows action.yml
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/python -m tests.workflows.scaffold "$$tmp" && \
	$(BIN)/actionlint "$$tmp"/.github/workflows/*.yml && \
	$(BIN)/zizmor --quiet --offline --strict-collection "$$tmp"/.github

types:
	$(BIN)/mypy

## generated: the committed schemas and the severity pages (this repository's and the scaffold's)
## match the models and the configurations
generated:
	$(BIN)/incidentkit schema --check
	$(BIN)/incidentkit handbook --check
	$(BIN)/incidentkit -C tools/incidentkit/scaffold handbook --check

## unit: the test suite under coverage (branches); the report fails below the floor set in
## pyproject.toml ([tool.coverage.report] fail_under), which only rises.
unit:
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report --format=total
	$(BIN)/coverage report > /dev/null

bench: dev
	$(BIN)/python bench/validate_bench.py

## fuzz: the long fuzz run (10^5 executions on mutated repositories; about 40 minutes on 2 cores)
fuzz: dev
	$(BIN)/python bench/fuzz.py --executions 100000

clean:
	rm -rf $(VENV) build site .pytest_cache .mypy_cache .ruff_cache
