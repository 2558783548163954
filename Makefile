# Agora: every command the README names. Python 3.11+ is the only prerequisite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt constraints.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The hub's public address (links in emails and feeds): where `make run` serves it.
BASE_URL ?= http://$(HOST):$(PORT)
CHROMIUM ?= /usr/bin/chromium
# Test workers (pytest-xdist): one per CPU; each has its own test database and Redis database.
TEST_WORKERS ?= auto
# The test databases are kept between runs (--reuse-db) and built afresh when a migration
# changed since they were built (the migrations' checksum is kept beside them in var/).
MIGRATIONS_SUM := $(shell cat */migrations/*.py 2>/dev/null | cksum | cut -d' ' -f1)
FRESH_DB = $(if $(filter $(MIGRATIONS_SUM),$(shell cat var/test-db.migrations 2>/dev/null)),,--create-db)

.PHONY: install run migrate seed test test-fast browser lint format checks bench bench-thread bench-article bench-queue bench-reputation bench-listening bench-outage worker beat messages clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	BASE_URL=$(BASE_URL) $(BIN)/python manage.py seed_demo

## Set up and serve the hub with demo content at http://127.0.0.1:8000
run: seed
	BASE_URL=$(BASE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Debian's Chromium for the browser tests (no browser download is needed).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }); \
	  else echo "Install Chromium (apt-get install chromium) to run the browser tests."; fi; }

## Set up and run the whole test suite (unit, hostile input, browser, accessibility).
test: install browser
	@mkdir -p var
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(FRESH_DB) $(ARGS); \
	  status=$$?; echo $(MIGRATIONS_SUM) > var/test-db.migrations; exit $$status

## The suite without the browser journeys and the tests marked slow (CI runs them all).
test-fast: install
	@mkdir -p var
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not e2e and not slow" $(FRESH_DB) $(ARGS); \
	  status=$$?; echo $(MIGRATIONS_SUM) > var/test-db.migrations; exit $$status

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Migrations up to date, production settings pass the deployment checks.
checks: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=hub.settings.production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  ALLOWED_HOSTS=community.example.com BASE_URL=https://community.example.com \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

messages: install
	$(BIN)/python manage.py makemessages -l fr --no-obsolete -i ".venv/*" -i "bench/*" -i "tests/*"
	$(BIN)/python manage.py compilemessages -l fr -i ".venv"

## An expert's article page with 300 threaded comments, against the same article without comments.
bench-article: install
	$(BIN)/python bench/article.py

## The moderation queue with 100 000 open items, and a bulk approve of 1 000.
bench-queue: install
	$(BIN)/python bench/moderation_queue.py

## One reputation event, and a full rebuild of 1 000 000 ledger lines for 100 000 members.
bench-reputation: install
	$(BIN)/python bench/reputation.py

## The listening dashboard with 1 000 000 posts, and the roll-ups behind it.
bench-listening: install
	$(BIN)/python bench/listening.py

## What a Redis outage costs each cache call: the old cache against the resilient one.
bench-outage: install
	$(BIN)/python bench/outage.py

bench: install
	$(BIN)/python bench/run.py

## The 200-answer thread and posting under load. PEERS_RUN=<peers' run script> measures the
## two peer forums first, in the same run, and prints them side by side.
bench-thread: install
	mkdir -p var
	@if [ -n "$(PEERS_RUN)" ]; then "$(PEERS_RUN)" > var/peers.jsonl; fi
	$(BIN)/python bench/thread.py $(if $(PEERS_RUN),--peers var/peers.jsonl)

worker: install
	$(BIN)/celery -A hub worker --loglevel=INFO

beat: install
	$(BIN)/celery -A hub beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3* var .pytest_cache .ruff_cache
