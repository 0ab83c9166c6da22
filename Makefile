# mentorkit: `make demo` and `make test` are the two commands a new machine needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.mentorkit-installed
PYTEST_ARGS ?=

.PHONY: demo test stress benchmark install lint clean benchmark-facilitator

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

lint: install
	$(PY) -m ruff check mentorkit tests benchmarks

test: install lint
	$(PY) -m pytest tests notebooks --nbval-lax $(PYTEST_ARGS)

# The kill and concurrency loops alone (they also run inside `make test`).
stress: install
	$(PY) -m pytest tests -m stress -s $(PYTEST_ARGS)

# Naive per-participant papermill loop vs `mentorkit render` on 40 participants, and peak memory at
# 40 vs 400 participants. Takes several minutes; prints both times, the ratio and the memory.
benchmark: install
	$(PY) benchmarks/render_cohort.py

# Print timings for the facilitator dashboard (500 workbooks) and matching (1,000 x 300).
benchmark-facilitator: install
	$(PY) benchmarks/dashboard.py
	$(PY) benchmarks/matching.py

clean:
	rm -rf $(VENV) mentorkit-data .pytest_cache build dist
