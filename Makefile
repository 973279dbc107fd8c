# Two commands for a fresh clone: `make run` and `make test` (see README.md, "Set-up").
# What the machine must have: Python 3.11+ with pip, and make. Everything else is installed here:
# uv (into .tools/ with pip, unless it is on the PATH), the locked dependencies (into .venv/), and
# for `make test` Chromium (Debian's package, when it is missing and this runs as root on Debian).
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
VENV := .venv
STAMP := $(VENV)/.synced-stamp
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test test-fast lint format serve bench clean python chromium

run: $(STAMP)
	$(VENV)/bin/newsflow run

# The whole suite, as CI runs it: lint, the import layers, every test with real services. The
# browser is checked first, so that a machine without one stops at once, not after ten minutes.
test: chromium lint
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
$(STAMP): pyproject.toml uv.lock | python $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

# uv from PyPI, into .tools/ (outside any system site-packages, so also where pip may not
# install into the system Python).
.tools/bin/uv: | python
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools uv==$(UV_VERSION)

python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: newsflow needs Python 3.11 or newer as '$(PYTHON)' (found: $$($(PYTHON) --version 2>&1 | head -n 1)); install it, or run make PYTHON=python3.11" >&2; \
	  exit 1; }
	@$(PYTHON) -m pip --version >/dev/null 2>&1 || command -v uv >/dev/null 2>&1 || [ -x .tools/bin/uv ] || { \
	  echo "make: '$(PYTHON) -m pip' is needed once, to install uv into .tools/: install pip (Debian: apt-get install python3-pip), or put uv on the PATH" >&2; \
	  exit 1; }

# The report's browser tests run headless Chromium. When it is missing and this runs as root on
# Debian (as CI does), Debian's package is installed; elsewhere make stops at once, saying what to
# install.
CHROMIUM ?= chromium
chromium:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make test: installing Chromium (Debian package 'chromium'): the validation report's tests open it headless"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "make test: the validation report's tests need Chromium ('$(CHROMIUM)' is not on the PATH); install it (Debian/Ubuntu: apt-get install chromium) and run make test again" >&2; \
	    exit 1; \
	  fi; }

clean:
	rm -rf $(VENV) .tools
