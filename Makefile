# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

SERVE_DATABASE ?= helpdesk
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(SERVE_DATABASE)
SERVE_REDIS_URL ?= redis://127.0.0.1:6379/0
# Production settings on plain HTTP over loopback: put TLS in front to turn on the rest.
SERVE_ENV = DEBUG=False SECRET_KEY="$$(cat .secret_key)" DATABASE_URL=$(SERVE_DATABASE_URL) \
	REDIS_URL=$(SERVE_REDIS_URL) CONN_MAX_AGE=60 SECURE_SSL_REDIRECT=False SECURE_COOKIES=False \
	SECURE_HSTS_SECONDS=0

.PHONY: run test lint format rules serve worker mail-gateway bench bench-peer profile browser-deps mail-deps clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# DEBUG is off unless asked for; the laptop server asks (and serves static files itself).
RUN_ENV = DEBUG=True

run: $(VENV)/.runtime
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py demo
	@echo ""
	@echo "Helpdesk on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, API docs: http://$(HOST):$(PORT)/api/docs/)"
	@echo "Demo logins, password demo12345 for all:"
	@echo "  alice, bob  customers (alice in seller account 1001)"
	@echo "  sam         support agent"
	@echo "  vera, vic   vendor users for A00012345 and A00067890"
	@echo "  admin       superuser (Django admin)"
	@echo "An API token for one of them: DEBUG=True $(PY) manage.py token alice"
	@echo ""
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

serve: $(VENV)/.runtime .secret_key
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(SERVE_DATABASE)'" \
		| grep -q 1 || createdb -h 127.0.0.1 -U postgres $(SERVE_DATABASE)
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py demo
	@echo "Serving with gunicorn on http://$(HOST):$(PORT)/ (health: /healthz)"
	$(SERVE_ENV) BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c helpdesk/gunicorn.conf.py

# Background jobs and their schedule (the outbox sweep), against Redis. In production run
# `celery -A helpdesk worker` and `celery -A helpdesk beat` as two services instead.
WORKER_REDIS_URL ?= redis://127.0.0.1:6379/0
WORKER_DATABASE_URL ?= sqlite:///db.sqlite3

worker: $(VENV)/.runtime
	$(RUN_ENV) REDIS_URL=$(WORKER_REDIS_URL) DATABASE_URL=$(WORKER_DATABASE_URL) \
		$(BIN)/celery -A helpdesk worker --beat --loglevel=INFO

# The SMTP gateway for incoming mail (HELPDESK_MAIL_GATEWAY_HOST/PORT, 127.0.0.1:2525).
mail-gateway: $(VENV)/.runtime
	$(RUN_ENV) $(PY) manage.py mail_gateway

BENCH_ARGS ?= --tickets 1000000

bench: $(VENV)/.dev
	@command -v wrk >/dev/null 2>&1 || { \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null; }
	$(PY) -m bench.run $(BENCH_ARGS)

PEER_ARGS ?= --tickets 100000

# django-helpdesk from PyPI in its own venv, seeded at the same size, measured in the same run.
bench-peer: $(VENV)/.dev
	@command -v wrk >/dev/null 2>&1 || { \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null; }
	$(PY) -m bench.peer $(PEER_ARGS)

SCENARIO ?= agent_ticket
PROFILE_ARGS ?=

# `make profile SCENARIO=queue`: the functions a page or endpoint spends its time in.
profile: $(VENV)/.dev
	$(PY) -m bench.profile $(SCENARIO) $(PROFILE_ARGS)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; }

# The IMAP tests start Debian's dovecot with their own configuration.
mail-deps:
	@test -x /usr/sbin/dovecot || { \
		echo "Installing Debian's dovecot-imapd for the IMAP tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd) >/dev/null; }

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

# The README's Rules section, rendered again from the workflow and permission tables.
rules: $(VENV)/.runtime
	$(RUN_ENV) $(PY) manage.py rules --write

test: $(VENV)/.dev browser-deps mail-deps lint
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
