# Two commands (README): `make run` serves the demo portal with nothing else
# installed; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu \
	fonts-liberation poppler-utils gettext chromium chromium-driver wrk

.PHONY: run test install install-dev system-deps migrate seed lint typecheck format \
	messages worker beat bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian packages for WeasyPrint, pdftotext, gettext and the browser tests.
# Installs only what is missing, and only as root (CI and our machines).
system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "Please install (as root):$$missing" >&2; exit 1; fi; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_krakow --demo

# Zero-setup mode: SQLite, eager Celery, console e-mail, demo data and logins.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: seed
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# One pytest-xdist worker per core, each with its own test database (conftest.py).
# --dist load hands tests out in collection order, so each worker still runs the
# transactional tests (whose flush empties the data-migration rows) after the others;
# loadfile would send a file's transactional tests ahead of later files.
TEST_WORKERS ?= auto
test: install-dev system-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist load

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install-dev
	$(BIN)/mypy .

messages: install-dev
	$(BIN)/python manage.py makemessages -l pl -l en --no-obsolete --ignore=.venv --ignore=static
	$(BIN)/python manage.py compilemessages --ignore=.venv

worker: install
	$(BIN)/celery -A krakow_ngo worker --loglevel=info

beat: install
	$(BIN)/celery -A krakow_ngo beat --loglevel=info

# Every benchmark, each in its own throw-away database, with a production-like stack
# (gunicorn, Celery worker, own Redis, SMTP sink) where it needs one; needs PostgreSQL
# (DATABASE_URL) and redis-server. Figures in bench/results/latest.json and a table
# against issue 15's targets. QUICK=1 shortens every run (docs/operations.md, "Benchmarks").
bench: install-dev system-deps
	$(BIN)/pip install --quiet -r bench/load/requirements.txt
	$(BIN)/python bench/run.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache .ruff_cache .mypy_cache
