# The README's two commands. Each does its own set-up, on a fresh machine too.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv

.PHONY: run test deps system-deps lint audit bench bench-mailer bench-registration bench-registration-reads bench-faults bench-selection bench-sortition bench-footprint clean

$(VENV)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

deps: $(VENV)/.installed

## make run: set up and start the whole system on the embedded defaults (Ctrl-C stops it)
run: deps
	$(VENV)/bin/python -m infra.run

## make test: install what the suite needs, lint, and run every test
test: deps system-deps lint
	$(VENV)/bin/pytest

system-deps:
	@bash infra/install-system-deps.sh

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make audit: uv.lock against known vulnerabilities (also a test in make test); see audit-allowlist.toml
audit: deps
	$(VENV)/bin/python -m infra.audit

bench: deps
	$(VENV)/bin/python -m bench.crypto_envelope

bench-mailer: deps
	$(VENV)/bin/python -m bench.mailer

bench-registration: deps system-deps
	$(VENV)/bin/python -m bench.registration

bench-registration-reads: deps system-deps
	$(VENV)/bin/python -m bench.registration --scale 1000,10000,100000

## make bench-faults: SIGKILL the registration service and its worker, restart PostgreSQL,
## during a stream of registrations: none lost, each confirmed once (bench/faults.py)
bench-faults: deps system-deps
	$(VENV)/bin/python -m bench.faults

bench-selection: deps
	$(VENV)/bin/python -m bench.selection

bench-footprint: deps
	$(VENV)/bin/python -m bench.footprint

# sortition-algorithms (GPL-3.0) in a virtual environment of its own, for comparison only;
# its LEXIMIN needs gurobipy (size-limited licence bundled with the wheel).
SORTITION_VENV := bench/.venv-sortition
bench-sortition: deps
	test -x $(SORTITION_VENV)/bin/python || $(PYTHON) -m uv venv -q --python 3.11 $(SORTITION_VENV)
	$(PYTHON) -m uv pip install -q --python $(SORTITION_VENV)/bin/python "sortition-algorithms>=0.12,<0.13" gurobipy
	$(VENV)/bin/python -m bench.selection --sizes 300:40,2000:150 --write bench/results/pools
	$(SORTITION_VENV)/bin/python bench/sortition_compare.py bench/results/pools/300_40 bench/results/pools/2000_150

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
