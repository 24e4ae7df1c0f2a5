# The README's commands. `make run` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/kam.duckdb

.PHONY: run test lint bench mutate clean fonts

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DB): | $(BIN)/.installed
	$(BIN)/python -m kam_core demo --db $(DB)

run: $(BIN)/.installed $(DB)
	KAM_DB=$(DB) $(BIN)/streamlit run serve.py

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

# The PDF fonts that print names in any script (Debian's fonts-wqy-microhei, and
# fonts-dejavu-core for Hebrew, Arabic, Greek...); run as root.
fonts:
	test -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || apt-get install -y fonts-wqy-microhei
	test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || apt-get install -y fonts-dejavu-core

bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks.run

# Mutation testing of the pure rules against the unit tests (docs/testing.md). Slow the first
# time; later runs test only new or changed mutants, then the survivors again against the
# current tests. One worker: the machine is shared.
mutate: $(BIN)/.installed
	KAM_MUTATION=1 $(BIN)/mutmut run --max-children 1
	left="$$($(BIN)/python -m tests.mutation.report --names)"; \
	  test -z "$$left" || KAM_MUTATION=1 $(BIN)/mutmut run --max-children 1 $$left
	$(BIN)/python -m tests.mutation.report

clean:
	rm -rf $(VENV) data/kam.duckdb* .pytest_cache .mypy_cache .ruff_cache tests/e2e/screenshots
