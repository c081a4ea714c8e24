# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := cocreatie

.PHONY: run test browser-deps redis-deps extract-messages test-sqlite test-postgresql test-fast install translations bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d cocreatie/translations -f >/dev/null

run: install
	$(BIN)/flask migrate
	$(BIN)/flask load-demo
	@echo "Serving on http://127.0.0.1:5000  (Ctrl+C stops)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# The whole suite on SQLite and on a throwaway PostgreSQL cluster, side by side, in five
# pytest processes over the two cores (decision 0008): the SQLite browser and HTML
# tests, which run once (they test HTML and JavaScript, not SQL), with the SQLite tests
# of multi-worker servers (the one process on SQLite that starts servers); the rest on
# SQLite in two halves; and on PostgreSQL in two halves, each with a cluster of its own
# (halves: COCREATIE_TEST_SHARD). Processes of about the same size end at about the same
# time. Each writes test-artifacts/<run>.log, printed when it ends, with its 15 slowest
# tests; the target fails if any run fails. Screenshots only when asked for (README).
# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set, and the app's is
# compiled once beforehand: else each test process and each server worker compiles it.
PYTEST_RUN := $(BIN)/python -m pytest -q --durations=15
ONCE := browser or validity or server
test: export PYTHONDONTWRITEBYTECODE :=
test: install browser-deps redis-deps vnu
	@rm -rf test-artifacts && mkdir -p test-artifacts
	@$(BIN)/python -m compileall -q -j 2 cocreatie wsgi.py tests
	@echo "Testing on SQLite (browser, HTML and server tests apart, the rest in two halves) and PostgreSQL (in two halves) side by side; logs in test-artifacts/"
	@run() { \
	  name=$$1; settings=$$2; shift 2; start=$$(date +%s); \
	  env $$settings $(PYTEST_RUN) -o cache_dir=.pytest_cache/$$name "$$@" >test-artifacts/$$name.log 2>&1; status=$$?; \
	  flock test-artifacts/.printing sh -c 'printf "\n===== %s: exit %s after %ss =====\n" "$$0" "$$1" "$$2"; cat "test-artifacts/$$0.log"' \
	    "$$name" "$$status" "$$(( $$(date +%s) - start ))"; \
	  return $$status; \
	}; \
	run sqlite-browser COCREATIE_TEST_DB=sqlite -m "($(ONCE)) and not screenshots" & browser=$$!; \
	run postgresql-1 "COCREATIE_TEST_DB=postgresql COCREATIE_TEST_SHARD=1/2" & postgresql1=$$!; \
	run postgresql-2 "COCREATIE_TEST_DB=postgresql COCREATIE_TEST_SHARD=2/2" & postgresql2=$$!; \
	run sqlite-1 "COCREATIE_TEST_DB=sqlite COCREATIE_TEST_SHARD=1/2" -m "not ($(ONCE)) and not screenshots" & sqlite1=$$!; \
	run sqlite-2 "COCREATIE_TEST_DB=sqlite COCREATIE_TEST_SHARD=2/2" -m "not ($(ONCE)) and not screenshots" & sqlite2=$$!; \
	wait $$browser; browser=$$?; wait $$sqlite1; sqlite1=$$?; wait $$sqlite2; sqlite2=$$?; \
	wait $$postgresql1; postgresql1=$$?; wait $$postgresql2; postgresql2=$$?; \
	echo; echo "SQLite: exit $$sqlite1 and $$sqlite2; SQLite browser, HTML and server tests: exit $$browser; PostgreSQL: exit $$postgresql1 and $$postgresql2"; \
	test $$browser = 0 && test $$sqlite1 = 0 && test $$sqlite2 = 0 && test $$postgresql1 = 0 && test $$postgresql2 = 0

test-fast: install vnu
	$(BIN)/python -m pytest -x -q -m "not browser and not server and not screenshots"

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium first: sudo apt-get install chromium"; exit 1; fi; }

# Debian's Redis for the tests of rate limits shared by several workers (each such test
# starts a throwaway redis-server of its own, on a free port, keeping nothing on disk).
redis-deps:
	@test -x /usr/bin/redis-server || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "Install Redis first: sudo apt-get install redis-server"; exit 1; fi; }

# The Nu HTML Checker (W3C) for tests/test_html_validity.py, from npm, into .tools/.
# Needs Java 11 or newer; its install script (which would download a Java) is skipped.
VNU_VERSION := 26.9.27
VNU_STAMP := .tools/.vnu-$(VNU_VERSION)
.PHONY: vnu
vnu: $(VNU_STAMP)

$(VNU_STAMP):
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Install Java first: sudo apt-get install default-jre-headless"; exit 1; fi; }
	npm install --no-save --no-audit --no-fund --ignore-scripts --prefix .tools vnu-jar@$(VNU_VERSION)
	touch $@

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --project=cocreatie -o cocreatie/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update -i cocreatie/translations/messages.pot -d cocreatie/translations --no-fuzzy-matching >/dev/null

# Load benchmarks on SQLite and PostgreSQL (about 10 minutes); writes docs/benchmarks.md.
# Uses wrk when it is there (installed here when run as root), else a Python client.
bench: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	    echo "wrk could not be installed; the Python client measures instead."; \
	  else echo "wrk is not installed (sudo apt-get install wrk); the Python client measures instead."; fi; }
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) instance
