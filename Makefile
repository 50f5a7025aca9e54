# netwizard: `make run` serves the demo, `make test` runs the whole suite.
# Both create or update the virtual environment in .venv first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-db lint typecheck format venv serve clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "netwizard needs Python 3.11 or newer; set PYTHON=python3.x")'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { echo "Python's venv module is missing: apt-get install python3-venv"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddemo
	@echo
	@echo "netwizard: open http://127.0.0.1:8000/ and log in with the demo-admin account above."
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: hashed, compressed static files served by whitenoise, gunicorn in front.
# Needs NETWIZARD_SECRET_KEY and NETWIZARD_ALLOWED_HOSTS (see README, "Running in production").
serve: venv
	NETWIZARD_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	NETWIZARD_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	NETWIZARD_DEBUG=0 $(BIN)/gunicorn netwizard.wsgi --config netwizard/gunicorn.conf.py

# One test worker per core and one more: browser tests spend about a third of their time
# waiting on Chromium, which the extra worker fills (on 2 cores: 4:49 instead of 5:26).
# TEST_JOBS=0 runs the suite in this one process (for pdb or -x).
TEST_JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
# Hand out tests four at a time: xdist's default hands a worker up to half of what is left
# in one go, which gave one worker all 51 browser tests (3 min 40 s) while the others idled.
PYTEST_XDIST := -n $(TEST_JOBS) --maxschedchunk 4

test: venv lint typecheck
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_XDIST)

# The suite again on another database (CI: PostgreSQL), without tests/network: that is
# the pure core, which imports nothing from Django and never opens a database.
test-db: venv
	$(BIN)/pytest $(PYTEST_XDIST) --ignore=tests/network

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# netwizard/network only, as [tool.mypy] in pyproject.toml says.
typecheck: venv
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles test-artifacts
