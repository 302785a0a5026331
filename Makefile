# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test check serve golden bench clean

site: $(STAMP)
	$(BIN)/tandem build

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

check: $(STAMP)
	$(BIN)/tandem check

serve: $(STAMP)
	$(BIN)/tandem serve

# Benchmark on generated programmes of growing size (a few minutes; see the README, section « Banc d’essai »).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Refresh the golden files on purpose, then review `git diff tests/golden`.
golden: $(STAMP)
	TANDEM_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_render.py tests/test_review.py \
		tests/test_outmail.py tests/test_status.py -q

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site .site.tandem
