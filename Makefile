# Developer entry points. Everything runs from the repo's own virtualenv (.venv). docs/development.md explains them.
#   make install        create .venv and install the package with [test,postgres,a11y,example,dev,tasks,production,nlp],
#                       pinned by constraints.txt
#   make hooks          install the pre-commit hooks (ruff check --fix, ruff format, import contracts)
#   make lint           ruff check, ruff format --check, lint-imports (the import contracts in setup.cfg)
#   make demo           demo city on http://127.0.0.1:8000/ (prints the admin login; DEMO_ADDR=host:port)
#   make oracle         install pabutools 1.2.3, the budget rules' test oracle (GPL-3, tests only), pinned
#   make test           whole suite on SQLite (browser tests run when chromium exists, else skip)
#   make test-ci-sqlite whole suite on SQLite without the browser tests (CI: they have their own pass)
#   make test-postgres  suite on PostgreSQL, tests marked "postgres" and "concurrent_db" must run
#   make install-mariadb  add the [mariadb] extra (mysqlclient; builds against Debian's libmariadb-dev)
#   make test-mariadb   suite on MariaDB >= 10.11, tests marked "mariadb" and "concurrent_db" must run
#   make test-browser   axe/keyboard tests in headless chromium, must run
#   make test-django6   suite on Python 3.12 + Django 6.1
#   make test-site-polls    a site with only the core and polls: migrate, check, makemigrations --check, tests/polls
#   make test-site-budgets  a site with only the core, budgets and results: the same, tests/budgets tests/results
#   make check-deploy   `manage.py check --deploy --fail-level WARNING` with the production settings
#   make smoke          the production stack (gunicorn, db_worker, PostgreSQL, Redis, DEBUG off) seeded
#                       with the demo and crawled (tests/production/smoke.py; docs/deployment.md)
#   make integration    build the release, install the wheel into a fresh `wagtail start` site, apply
#                       docs/integration.md to it by script and test it there (tests/integration/run.py)
#   make messages       update .po files and compile .mo files (package + example site)
#   make bench          run every bench/*.py but load.py
#   make bench-load     bench/load.py: the production stack under simulated residents (PostgreSQL, Redis)
#   make clean          remove build and test leftovers (keeps .venv)
#
# WORKERS=N runs the CI test targets on N pytest-xdist processes (WORKERS=0: one process, no xdist).

VENV    ?= .venv
PY      := $(abspath $(VENV))/bin/python
STAMP   := $(abspath $(VENV))/.installed
PYTHON3 ?= python3
LANGS   := -l nl -l fr -l de
PYTEST_ARGS ?=
# pytest-xdist processes for test-ci-sqlite and test-postgres: one here, two in CI (.ci/run sets
# WORKERS=2; docs/development.md, "Suite speed")
WORKERS ?= 0
XDIST   := $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS))
PG_URL  ?= postgres://postgres@127.0.0.1:5432/wagtail_participation
MARIADB_URL ?= mysql://root@127.0.0.1:3306/wagtail_participation
DEMO_ADDR ?= 127.0.0.1:8000

.PHONY: install install-mariadb hooks lint oracle demo test test-ci-sqlite test-postgres test-mariadb test-browser \
	test-django6 test-site-polls test-site-budgets check-deploy smoke integration messages bench bench-load clean

install: $(STAMP)

$(STAMP): setup.cfg constraints.txt pyproject.toml
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install -q -c constraints.txt setuptools wheel
	$(PY) -m pip install -q -c constraints.txt -e ".[test,postgres,a11y,example,dev,tasks,production,nlp]"
	touch $(STAMP)

# pabutools is a test oracle for engine/budgeting.py, never a runtime dependency (GPL-3). --no-deps
# keeps out gurobipy (proprietary; only pabutools.analysis imports it) and preflibtools (unused);
# the rules and the .pb parser import numpy, gmpy2, natsort and PuLP. Versions: constraints.txt.
ORACLE_STAMP := $(abspath $(VENV))/.oracle-installed

oracle: $(ORACLE_STAMP)

$(ORACLE_STAMP): $(STAMP) constraints.txt
	$(PY) -m pip install -q --no-deps -c constraints.txt pabutools numpy gmpy2 natsort pulp
	touch $(ORACLE_STAMP)

demo: install
	cd example_site && $(PY) manage.py migrate --noinput
	cd example_site && $(PY) manage.py load_demo_data --address $(DEMO_ADDR)
	cd example_site && $(PY) manage.py runserver $(DEMO_ADDR)

test: install oracle
	$(PY) -m pytest $(PYTEST_ARGS)

# CI's SQLite pass: the browser tests run once, in test-browser, not here too.
test-ci-sqlite: install oracle
	$(PY) -m pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)

test-postgres: install oracle
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -m "not browser" --require-marker=postgres --require-marker=concurrent_db \
		--create-db $(XDIST) $(PYTEST_ARGS)

# MariaDB's driver is an extra of its own: mysqlclient compiles against the client headers
# (Debian: libmariadb-dev, pkg-config), which `make install` does not ask of a fresh machine.
MARIADB_STAMP := $(abspath $(VENV))/.mariadb-installed

install-mariadb: $(MARIADB_STAMP)

$(MARIADB_STAMP): $(STAMP) constraints.txt
	$(PY) -m pip install -q -c constraints.txt -e ".[mariadb]"
	touch $(MARIADB_STAMP)

# Migrations from an empty database (--create-db), then the suite less the browser tests (1164 tests,
# 467 s on two processes here); MARIADB_TESTS= chooses paths. The races ("concurrent_db") and the
# MariaDB rules ("mariadb") must run, not skip. Deselected: the word-overlap similar-ideas steps (three tests), as InnoDB's
# FULLTEXT index (Wagtail's database search on MariaDB) sees only committed rows and a test's
# rows are never committed (docs/deployment.md, "Supported databases").
MARIADB_TESTS ?=
MARIADB_DESELECT := --deselect tests/ideas/test_ideas.py::test_similar_ideas_step_without_javascript \
	--deselect tests/insights/test_similar_ideas.py::test_without_the_encoder_the_step_falls_back_to_shared_words \
	--deselect tests/insights/test_similar_ideas.py::test_a_site_without_a_finder_keeps_the_word_overlap

test-mariadb: install-mariadb oracle
	DATABASE_URL=$(MARIADB_URL) $(PY) -m pytest -m "not browser" --require-marker=mariadb --require-marker=concurrent_db \
		--create-db $(MARIADB_DESELECT) $(XDIST) $(MARIADB_TESTS) $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest -m browser --require-marker=browser $(PYTEST_ARGS)

# Django 6.1 needs Python >= 3.12: a second venv proves the declared range Django>=5.2,<6.2.
# It installs [test,example] only: the example site's production settings (django-tasks-db, which on
# Django 6 follows django.tasks rather than the django_tasks backport, gunicorn, whitenoise, redis)
# are proven on Django 5.2 by check-deploy, smoke and tests/core/test_production_settings.py.
PY312   ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python) $(shell command -v python3.12 2>/dev/null))
VENV312 ?= .venv312

test-django6:
	test -x $(VENV312)/bin/python || $(PY312) -m venv $(VENV312)
	$(VENV312)/bin/python -m pip install -q -c constraints-django6.txt setuptools wheel
	$(VENV312)/bin/python -m pip install -q -c constraints-django6.txt -e ".[test,example]"
	WP_TEST_DB=$(CURDIR)/.test-db-django6.sqlite3 $(VENV312)/bin/python -m pytest -m "not browser and not postgres and not mariadb and not concurrent_db" --create-db \
		--ignore=tests/core/test_production_settings.py $(PYTEST_ARGS)

# -- Lint -----------------------------------------------------------------------------------------
# The pre-commit hooks install their own ruff and import-linter: their pins must equal constraints.txt.
PINNED_IN_HOOKS := ruff import-linter grimp

lint: install
	$(abspath $(VENV))/bin/ruff check .
	$(abspath $(VENV))/bin/ruff format --check .
	$(abspath $(VENV))/bin/lint-imports --no-logo
	@for name in $(PINNED_IN_HOOKS); do \
		pin="$$(grep -i "^$$name==" constraints.txt)"; \
		grep -q "\"$$pin\"" .pre-commit-config.yaml \
			|| { echo ".pre-commit-config.yaml does not pin $$pin (constraints.txt)"; exit 1; }; \
	done

hooks: install
	$(abspath $(VENV))/bin/pre-commit install

# -- Sites with only some methods ----------------------------------------------------------------
# A city installs the core and the methods it uses. Each site is a settings module in tests/sites/
# (tests/settings.py with fewer apps) on a fresh SQLite file: it must migrate, pass `check` and
# `makemigrations --check`, and pass the tests of its apps, chosen by path. Browser and PostgreSQL
# tests are deselected by marker (their passes run them on the whole site); nothing is skipped to pass.
test-site-polls: SITE := polls_only
test-site-polls: SITE_TESTS := tests/polls
test-site-budgets: SITE := budgets_results
test-site-budgets: SITE_TESTS := tests/budgets tests/results

SITE_DB  = $(CURDIR)/.test-db-site-$(SITE).sqlite3
SITE_ENV = DJANGO_SETTINGS_MODULE=tests.sites.$(SITE) WP_TEST_DB=$(SITE_DB) \
	PYTHONPATH=$(CURDIR):$(CURDIR)/example_site

test-site-polls test-site-budgets: install oracle
	rm -f $(SITE_DB) $(SITE_DB)-journal $(SITE_DB)_gw*
	$(SITE_ENV) $(PY) -m django migrate --noinput -v 0
	$(SITE_ENV) $(PY) -m django check
	$(SITE_ENV) $(PY) -m django makemigrations --check --dry-run
	$(SITE_ENV) $(PY) -m pytest --ds=tests.sites.$(SITE) -m "not browser and not postgres and not mariadb and not concurrent_db" -rs \
		$(SITE_TESTS) $(PYTEST_ARGS)

# -- Production ----------------------------------------------------------------------------------
# check-deploy: Django's deployment checks and the package's production checks (W040-W043) on
# example_site/example_site/settings/production.py, with the variables it requires set to
# placeholders (nothing is connected to). smoke: the whole stack on this machine, PostgreSQL and Redis
# must answer (.ci/run starts both). docs/deployment.md, "Production checks" and "Smoke pass".
CHECK_DEPLOY_ENV = DJANGO_SETTINGS_MODULE=example_site.settings.production \
	DJANGO_SECRET_KEY=check-deploy-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
	DJANGO_ALLOWED_HOSTS=participate.example.org DATABASE_URL=$(PG_URL) REDIS_URL=redis://127.0.0.1:6379/0

check-deploy: install
	cd example_site && $(CHECK_DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

smoke: install
	$(PY) tests/production/smoke.py

# -- The release in a fresh site -------------------------------------------------------------------
# The sdist and wheel built once and `twine check`ed, the wheel installed (not editable) into a new
# virtualenv under constraints.txt, `wagtail start mysite`, docs/integration.md applied literally,
# migrate, check, and tests/integration/site_tests run inside the site. INTEGRATION_ARGS=--keep
# leaves the work directory. docs/integration.md, "What CI proves".
INTEGRATION_ARGS ?=

integration: install
	$(PY) tests/integration/run.py $(INTEGRATION_ARGS)

# The package's strings go to wagtail_participation/locale (no settings needed); the example
# site's go to the top-level locale/ (its LOCALE_PATHS). compilemessages needs GNU gettext.
messages: install
	cd wagtail_participation && env -u DJANGO_SETTINGS_MODULE $(PY) -m django makemessages $(LANGS)
	cd example_site && $(PY) manage.py makemessages $(LANGS) --ignore=media --ignore=static_collected
	cd wagtail_participation && env -u DJANGO_SETTINGS_MODULE $(PY) -m django compilemessages
	cd example_site && $(PY) manage.py compilemessages --ignore=media --ignore=static_collected

bench: install
	@set -e; found=0; for script in bench/*.py; do \
		[ -e "$$script" ] || continue; [ "$$script" = bench/load.py ] && continue; found=1; \
		echo "== $$script"; PYTHONPATH=$(CURDIR):$(CURDIR)/example_site $(PY) "$$script"; \
	done; [ $$found = 1 ] || echo "no bench/*.py scripts"

# The production stack under a crowd of simulated residents (PostgreSQL and Redis needed; about 8 minutes).
bench-load: install
	PYTHONPATH=$(CURDIR):$(CURDIR)/example_site $(PY) bench/load.py $(BENCH_ARGS)

clean:
	rm -rf build dist *.egg-info .test-db*.sqlite3* .test-static .test-media .hypothesis .pytest_cache .ruff_cache .import_linter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
