# mentorkit: `make demo` and `make test` are the two commands a new machine needs.
# `make test-fast` (no kernels, no browser) and `make lint` (ruff + mypy --strict) while developing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.mentorkit-installed
PYTEST_ARGS ?=
# The browser tests (tests/browser) drive this Chromium; Playwright's own download is not used.
CHROMIUM ?= $(or $(MENTORKIT_CHROMIUM),/usr/bin/chromium)

.PHONY: demo test test-fast stress benchmark install lint clean benchmark-facilitator benchmark-dask

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the project's dependencies change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/mentorkit demo

# The exercises on the demo cohort as one sample participant, in JupyterLab (APP=1: as Voila apps).
# `make lab PARTICIPANT=ben-okafor` works as someone else; `make lab PARTICIPANT=` shows the code form.
COHORT ?= mentorkit-data
PARTICIPANT ?= ana-lima
APP ?=
lab: install
	$(VENV)/bin/mentorkit lab --cohort $(COHORT) $(if $(PARTICIPANT),--participant $(PARTICIPANT)) $(if $(APP),--app)

# The whole room on one port: exercises as Voila apps, the dashboard behind a token (see README).
IP ?= 127.0.0.1
serve: install
	$(VENV)/bin/mentorkit serve --cohort $(COHORT) --ip $(IP)

# 30 participant sessions at once against `mentorkit serve` (a short form runs in `make test`).
LOAD_SESSIONS ?= 30
loadtest: install check-browser
	MENTORKIT_CHROMIUM=$(CHROMIUM) MENTORKIT_LOAD_SESSIONS=$(LOAD_SESSIONS) $(PY) -m pytest \
	  tests/browser/test_load.py -s $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check mentorkit tests benchmarks
	$(PY) -m mypy

# Unit tests that start no Jupyter kernel and no browser: quick feedback while developing.
test-fast: install
	$(PY) -m pytest tests -m "not browser and not kernel and not stress and not slow" -q -p no:cacheprovider $(PYTEST_ARGS)

test: install lint check-browser
	MENTORKIT_CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests notebooks --nbval-lax $(PYTEST_ARGS)

# (own .PHONY line: keeps merges with other branches' targets painless)
.PHONY: check-browser screenshots lab
.PHONY: images

# The README's pictures (docs/worksheet.png, docs/dashboard.png) from a fresh demo in a temporary
# folder. Needs pdftoppm (apt-get install -y poppler-utils) and Chromium; not part of `make test`.
images: install
	MENTORKIT_CHROMIUM=$(CHROMIUM) $(PY) docs/make_images.py

.PHONY: serve loadtest
.PHONY: i18n

# Extract the English texts (content TOML, notebook Markdown) into mentorkit/locale/templates/*.pot and
# update every shipped language's catalogs: new texts empty, changed ones fuzzy, removed ones dropped.
# `$(PY) -m mentorkit.i18n check` lists what is still to translate.
i18n: install
	$(PY) -m mentorkit.i18n update

# Without Chromium the browser tests fail (never skip): say how to get it before pytest starts.
# In CI (CI=true) stop right here; locally the rest of the suite still runs, and the browser tests
# fail with the same advice.
check-browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "*** Chromium not found at $(CHROMIUM): the browser tests (tests/browser) will FAIL."; \
	  echo "*** Install it:  sudo apt-get install -y chromium   (Debian/Ubuntu)"; \
	  echo "***   or run:    make test CHROMIUM=/path/to/chromium-or-chrome"; \
	  echo "***   or skip:   make test PYTEST_ARGS='-m \"not browser\"'   (never in CI)"; \
	  if [ -n "$$CI" ] && [ "$$CI" != "false" ]; then exit 1; fi; \
	fi

# Run the browser tests; each leaves a full-page PNG of its pages in screenshots/ to look at.
screenshots: install check-browser
	rm -rf screenshots
	MENTORKIT_CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser $(PYTEST_ARGS); status=$$?; \
	echo "Screenshots (open them to see each exercise as the tests left it):"; \
	ls -1 screenshots/*.png; exit $$status

# The kill and concurrency loops alone (they also run inside `make test`).
stress: install
	$(PY) -m pytest tests -m stress -s $(PYTEST_ARGS)

# Naive papermill loops (ipynb only; and all three formats) vs `mentorkit render` on 40 participants,
# CPU-s per participant, and peak memory (RSS and PSS sums) at 40 and 200 participants. Takes several minutes.
benchmark: install
	$(PY) benchmarks/render_cohort.py

# `mentorkit render` of this checkout vs commit BASELINE's on the same 40 participants (issue 13).
.PHONY: benchmark-baseline
BASELINE ?= 287cb78
benchmark-baseline: install
	$(PY) benchmarks/render_cohort.py --baseline $(BASELINE) --participants 40

# The local pool vs a dask LocalCluster of the same size (24 participants): participants per minute,
# CPU seconds per participant, and the scaling model for 10,000 people.
benchmark-dask: install
	$(PY) benchmarks/render_dask.py

# Print timings for the facilitator dashboard (500 workbooks) and matching (1,000 x 300).
benchmark-facilitator: install
	$(PY) benchmarks/dashboard.py
	$(PY) benchmarks/matching.py

clean:
	rm -rf $(VENV) mentorkit-data .pytest_cache .mypy_cache build dist screenshots test-results
