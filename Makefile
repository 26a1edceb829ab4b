# Two commands: `make run` serves the app, `make test` runs the whole suite.
# Every step is idempotent: stamps under .stamps/ skip what is already done.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 3000
STAMPS := .stamps
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export REFLEX_USE_SYSTEM_BUN := 1
export PORT

.PHONY: run test test-sweep setup setup-dev system-run system-test system-scale bun bench scale scale-down docker-build clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMPS)/requirements: requirements.txt | $(PY)
	@mkdir -p $(STAMPS)
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(STAMPS)/requirements-dev: requirements-dev.txt $(STAMPS)/requirements
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

# apt packages: ffmpeg (audio) and espeak-ng (voice cues) to run; chromium and nginx (the scale fault tests) to test.
define apt_install
	@missing=""; for pair in $(1); do cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
endef

system-run:
	$(call apt_install,ffmpeg:ffmpeg ffprobe:ffmpeg espeak-ng:espeak-ng)

system-test: system-run
	$(call apt_install,chromium:chromium nginx:nginx-light)

# Reflex's own bun download cannot work offline; the npm package ships the binary.
bun:
	@command -v bun >/dev/null 2>&1 || npm install -g bun >/dev/null 2>&1 || npm install -g --allow-scripts=bun bun
	@bun --version >/dev/null

setup: system-run bun $(STAMPS)/requirements
	$(PY) -m app.cli setup

setup-dev: system-test bun $(STAMPS)/requirements-dev

run: setup
	$(VENV)/bin/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

test: setup-dev
	$(PY) -m pytest

# The unit, state and contract tests once per instant of the calendar sweep (tests/sweep.py),
# the clock frozen there and ticking (`make test` already sweeps the tests marked `calendar`).
test-sweep: setup-dev
	@for at in $$($(PY) -c "from tests.sweep import SWEEP; print(*(d.isoformat() for d in SWEEP.values()))"); do \
	  echo "== SBM_FROZEN_AT=$$at"; SBM_FROZEN_AT=$$at $(PY) -m pytest -q tests/unit tests/state tests/contract -m "not calendar" || exit 1; \
	done

# The scale topology without containers (README "Scale"): PostgreSQL + Redis + N workers
# behind nginx on one port (SCALE_PORT), media on one shared dir. Ctrl-C stops it all.
N ?= 2
SCALE_PORT ?= 8080
system-scale:
	$(call apt_install,nginx:nginx-light redis-server:redis-server psql:postgresql)

scale: system-run system-scale bun $(STAMPS)/requirements
	$(PY) -m deploy.local up --workers $(N) --port $(SCALE_PORT)

scale-down:
	$(PY) -m deploy.local down

# Builds the container image when Docker is present (fails when the build fails).
docker-build:
	deploy/docker-build.sh

bench: setup-dev
	@for b in bench/[!_]*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(STAMPS) .web
