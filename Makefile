# CP Pathways Assistant. New machine: `make run` (start the app) or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | sha256sum | cut -c1-12)

.PHONY: setup index relevance run lint test test-quick browser servers eval bench bench-app bench-load bench-parts clean

$(STAMP): requirements.txt constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt -c constraints.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

# Builds the index if it is missing; updates only what changed in knowledge/.
index: setup
	$(BIN)/python -m assistant index

# Trains the relevance model (about 8 minutes on 2 cores, once: docs/decisions/0015-covered-from-several-signals.md)
# unless an intact model checked against this release's reference is installed.
relevance: setup
	$(BIN)/python -m assistant train-relevance --if-stale

run: index relevance
	$(BIN)/python -m streamlit run app.py

# The browser test drives Debian's Chromium. As root, install it when it is missing; where that is
# not possible the browser test reports itself skipped with the reason.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium from Debian's packages for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "note: /usr/bin/chromium is missing and cannot be installed here: the browser test will be skipped"; \
	  fi; \
	fi

# The drafts-store and server-layout tests start real PostgreSQL and nginx servers (Debian's postgresql and
# nginx-light). As root, install them when missing; elsewhere those tests report themselves skipped.
servers:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="postgresql"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing from Debian's packages for the server tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "note:$$missing missing and not installable here: those server tests will be skipped"; \
	  fi; \
	fi

# Lint (ruff: pyflakes, pycodestyle, isort, bugbear, pyupgrade, ...) and types (mypy on assistant/).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint index relevance browser servers
	$(BIN)/python -m pytest

# Under two minutes: everything but the slow tests (the Chroma-server ones among them) and the browser tests.
test-quick: index relevance
	$(BIN)/python -m pytest -m "not slow and not browser"

eval: setup relevance
	$(BIN)/python -m assistant eval --chunk-sizes 300,500,800,1200

bench: setup relevance
	PYTHONPATH=. $(BIN)/python benchmarks/bench.py

bench-app: setup browser
	PYTHONPATH=. $(BIN)/python benchmarks/app_timing.py

# Sessions one app process serves with an action's p95 under 1 s (a headless websocket client; docs/performance.md)
bench-load: setup index
	PYTHONPATH=. $(BIN)/python benchmarks/load.py --sessions 1,2,4,8,16 --rounds 3
	PYTHONPATH=. $(BIN)/python benchmarks/load.py --sessions 4,8,16,32 --rounds 3 --think 3

# Memory and cores of each part of a council's server layout, idle and under load (docs/deployment.md)
bench-parts: setup servers
	PYTHONPATH=. $(BIN)/python benchmarks/server_parts.py
	PYTHONPATH=. $(BIN)/python benchmarks/server_parts.py --think 0

clean:
	rm -rf $(VENV) data
