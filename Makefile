# Two commands do all set-up: `make serve` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
# `make build PLANS=DIR` builds the site from another plans directory.
PLANS ?=
export NO_MKDOCS_2_WARNING := 1
ifneq ($(PLANS),)
export ARCHIVE_PLANS := $(abspath $(PLANS))
endif

AXE := tests/node_modules/axe-core/axe.min.js

N ?= 1000

.PHONY: install build serve test search-eval bench chromium ocr clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

# Build elsewhere and swap when whole: a failed build leaves the last good site/ as it was.
build: $(STAMP)
	@rm -rf .site-new
	$(BIN)/mkdocs build --strict --quiet --site-dir .site-new
	@if [ -d site ]; then mv site .site-old; fi; mv .site-new site; rm -rf .site-old
	@echo "Built site/ ($$(find site -name index.html | wc -l) pages)"

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }

# The importer reads PDFs with poppler (pdftotext, pdftoppm) and scans with Tesseract's Vietnamese model.
ocr:
	@command -v pdftotext >/dev/null 2>&1 && command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie || { apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-vie; }

# axe-core (accessibility engine) comes from the npm registry, pinned in tests/package-lock.json.
$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; }
	cd tests && npm ci --no-audit --no-fund --silent
	@touch $@

# The layer contract (pyproject.toml), the browser's search core in Node (seconds, and it names
# the broken part), then every test. One part: `make test ARGS=tests/test_load.py` or `ARGS="-k search"`.
test: $(STAMP) chromium ocr $(AXE)
	$(BIN)/lint-imports --no-cache --no-logo
	node --test tests/js/
	$(BIN)/python -m pytest $(ARGS)

search-eval: build chromium
	$(BIN)/python -m scripts search-eval

# Synthetic archive of N plans against plain Material (N=1000 by default: `make bench N=5000`).
bench: $(STAMP) chromium
	$(BIN)/python -m scripts bench --plans $(N)

clean:
	rm -rf site .site-new .site-old
