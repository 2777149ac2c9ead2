# Two commands (README): `make run` serves the demo portal with nothing else
# installed; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu \
	fonts-liberation poppler-utils gettext chromium chromium-driver wrk

.PHONY: run test install install-dev system-deps migrate seed lint typecheck format \
	messages worker beat bench clean backup restore

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
# loadfile would send a file's transactional tests ahead of later files, and worksteal
# could move a `db` test behind a worker's transactional ones. conftest.py puts the long
# tests (markers migration, integration, browser) early within that order, so that no
# worker is left alone with one at the end (docs/operations.md, "Tests and CI").
# The project's modules are compiled once first: where PYTHONDONTWRITEBYTECODE is set
# (as on our machines) every Python process the suite starts (the xdist workers, Celery
# workers, gunicorn, manage.py) compiled all of them again, about half a second each.
TEST_WORKERS ?= auto
test: install-dev system-deps
	$(BIN)/python -m compileall -q -j 0 -x '/(\.venv|node_modules|staticfiles|media)/' .
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

# Backup and restore of the PostgreSQL database (README, "Backup and restore").
# make backup [FILE=backups/x.dump]   make restore FILE=backups/x.dump [FORCE=1]
# DATABASE_URL names the database (postgres://user:pass@host:5432/name).
BACKUP_DIR ?= backups
backup:
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
		*) echo "make backup: DATABASE_URL must point at PostgreSQL." >&2; exit 2;; esac
	@file="$(FILE)"; if [ -z "$$file" ]; then mkdir -p $(BACKUP_DIR); \
		file="$(BACKUP_DIR)/krakow_ngo-$$(date -u +%Y%m%dT%H%M%SZ).dump"; fi; \
	pg_dump --format=custom --no-owner --no-privileges --file="$$file" "$$DATABASE_URL" \
		&& echo "Backup written: $$file"

restore:
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
		*) echo "make restore: DATABASE_URL must point at PostgreSQL." >&2; exit 2;; esac
	@test -n "$(FILE)" || { echo "make restore: name the dump, FILE=backups/x.dump" >&2; exit 2; }
	@test -f "$(FILE)" || { echo "make restore: no file $(FILE)" >&2; exit 2; }
	@tables=$$(psql "$$DATABASE_URL" -tAc \
		"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") || exit 2; \
	if [ "$$tables" != "0" ] && [ "$(FORCE)" != "1" ]; then \
		echo "make restore: the database already has $$tables tables; restoring would replace them." >&2; \
		echo "Restore into a new, empty database (createdb), or add FORCE=1 to replace it." >&2; \
		exit 3; fi; \
	pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
		$$( [ "$(FORCE)" = "1" ] && echo --clean --if-exists ) \
		--dbname="$$DATABASE_URL" "$(FILE)" && echo "Restored $(FILE)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache .ruff_cache .mypy_cache
