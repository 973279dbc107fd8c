# Two commands for a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
VENV := .venv
STAMP := $(VENV)/.synced-stamp
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test test-fast lint format serve bench clean

run: $(STAMP)
	$(VENV)/bin/newsflow run

# The whole suite, as CI runs it: lint, the import layers, every test with real services.
test: lint
	$(VENV)/bin/pytest

# The inner loop: lint and the tests that start no Prefect server, Dask cluster or browser.
test-fast: lint
	$(VENV)/bin/pytest -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# A local Prefect server on 127.0.0.1:$(PREFECT_PORT) and the flow served against it; Ctrl-C stops
# both. Override the schedule with e.g. make serve SCHEDULE="--cron '0 6 * * *' --timezone Europe/London".
SCHEDULE ?= --interval 3600
PREFECT_PORT ?= 4200
serve: $(STAMP)
	$(VENV)/bin/python -m flows.commands.local_serve --port $(PREFECT_PORT) $(SCHEDULE)

# The venv is (re)synced from the lock whenever the lock or the project metadata changes.
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

.tools/bin/uv:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools uv==$(UV_VERSION)

clean:
	rm -rf $(VENV) .tools
