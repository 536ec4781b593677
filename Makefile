# One entry point. On a fresh machine (Python 3.11, Linux, no GPU):
#   make test   set up .venv and run every test (pytest, nbval on every notebook, the book build)
#   make book   set up .venv and build the HTML book into _build/html
#   make notebooks   execute every notebook in the full budget and store its outputs (JOBS=2: two at a time)
#   make student     write the student edition (solutions removed) into student/

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JOBS ?= 1
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0

.PHONY: setup test test-lib book notebooks student clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

# Quick budget, no network, exercise checks strict: see README.md. The page tests open the
# book in headless Chromium: under CI (CI=true) Debian's chromium is installed when missing.
# Each chapter is executed once (tools/testbooks.py: its student copy from the installed
# wheel, then its solutions, under nbval); pytest-xdist runs two test files at a time.
test: setup
	@if [ "$$CI" = true ] && ! command -v chromium >/dev/null 2>&1; then \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium; fi
	$(BIN)/python -m tools.testbooks --out _build/testbooks
	GANLIB_BUDGET=quick GANLIB_OFFLINE=1 GANLIB_STRICT_CHECKS=1 \
	$(BIN)/python -m pytest -n 2 --dist loadfile tests _build/testbooks/chapters \
	  --nbval-lax --nbval-current-env --nbval-cell-timeout=300 --durations=15

# ganlib's own tests only (no notebook runs, no book build): a quick loop for library work.
test-lib: setup
	GANLIB_BUDGET=quick GANLIB_OFFLINE=1 $(BIN)/python -m pytest -n 2 --dist loadfile -m "not book" tests

book: setup
	$(BIN)/jupyter-book build . -W -n --keep-going

notebooks: setup
	$(BIN)/python -m tools.notebooks execute --jobs $(JOBS) $(NOTEBOOKS)

# The student edition: every notebook without its worked solutions, in student/.
student: setup
	$(BIN)/python -m tools.student --out student

clean:
	rm -rf _build
