# Docket: `make run` serves the site with demo data; `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The public address: links built without a request (the Wagtail Site record).
BASE_URL ?= http://$(HOST):$(PORT)
BROWSER ?= yes

.PHONY: run test lint lock messages bench faults clean

# The venv is rebuilt only when the lock file changes.
$(BIN)/.installed: requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 BASE_URL=$(BASE_URL) $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py local_admin --url http://$(HOST):$(PORT)
	DEBUG=1 BASE_URL=$(BASE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/.installed lint
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not browser"
	# The browser tests in a session of their own: after the others in one
	# session, serialized rollback leaves their flushed database empty.
	# BROWSER=no skips them (.ci/run runs them later, on PostgreSQL).
	test "$(BROWSER)" = no || $(BIN)/pytest -m browser

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Re-pin every dependency after editing pyproject.toml.
lock: $(BIN)/.installed
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.txt pyproject.toml

# Gather every translatable string into the Belarusian and Russian catalogs
# (locale/), then compile them; needs gettext (apt-get install gettext). The
# compiled .mo files are committed, so running the site needs no gettext.
messages: $(BIN)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l be -l ru --no-obsolete --add-location=file --ignore=tests --ignore=bench
	DEBUG=1 $(BIN)/python manage.py compilemessages -l be -l ru --ignore=.venv --ignore=node_modules

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

# Stops and starts PostgreSQL, Redis and SMTP of its own under load.
faults: $(BIN)/.installed
	$(BIN)/python bench/faults.py

clean:
	rm -rf $(VENV) db.sqlite3 .local-admin staticfiles
