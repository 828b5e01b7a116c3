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
# `make build SITE_URL=https://…/` sets MkDocs' site_url (mkdocs.yml reads $SITE_URL): the
# public address that sitemap, robots.txt, canonical links, feeds and link previews use.
SITE_URL ?=
ifneq ($(SITE_URL),)
export SITE_URL
endif
# `make build HOSTING=nginx` writes FILE.gz and FILE.br beside every text file for
# deploy/nginx; the default, github-pages (and cloudflare-pages), compresses by itself.
HOSTING ?=
ifneq ($(HOSTING),)
export ARCHIVE_HOSTING := $(HOSTING)
endif

AXE := tests/node_modules/axe-core/axe.min.js
# The editorial desk (quan-tri/): Decap CMS and its local backend, pinned in desk/package-lock.json.
DECAP := desk/node_modules/decap-cms/dist/decap-cms.js
DESK_PORT ?= 8081
DESK_ADDR ?= 127.0.0.1:8000

N ?= 1000
# make test runs the test files on two processes (pytest-xdist): many tests wait on a browser,
# a desk server or LibreOffice. `make test TEST_WORKERS=0` runs them in one.
TEST_WORKERS ?= 2

.PHONY: install build serve test search-eval bench chromium ocr servers deploy desk clean

install: $(STAMP) $(DECAP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

# Build elsewhere and swap when whole: a failed build leaves the last good site/ as it was.
# --dirty: pages whose inputs did not change come from the cache (.cache/thidua/), not rendered again.
build: $(STAMP) $(DECAP)
	@rm -rf .site-new
	$(BIN)/mkdocs build --strict --quiet --dirty --site-dir .site-new
	@if [ -d site ]; then mv site .site-old; fi; mv .site-new site; rm -rf .site-old
	@echo "Built site/ ($$(find site -name index.html | wc -l) pages)"

# Local work: no SITE_URL needed (MkDocs serves with its own address as site_url).
# --dirty: an edit renders again only the pages it changes (thidua/incremental.py).
serve: $(STAMP) $(DECAP)
	$(BIN)/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000

# GitHub Pages: MkDocs' own gh-deploy builds and pushes site/ to the gh-pages branch.
# `make deploy SITE_URL=https://<user>.github.io/<repo>/` (the Pages address).
deploy: $(STAMP) $(DECAP)
	@test -n "$(SITE_URL)" || { echo "make deploy needs SITE_URL=https://…/ (the address the site is served at)"; exit 1; }
	$(BIN)/mkdocs gh-deploy --strict --force --no-history --message "Xuất bản {sha} (MkDocs {version})"

# The desk on this machine, no git host, with review: decap-server in git mode on its own clone
# .desk/repo (never on your working copy: scripts/thidua/commands/desk.py says why), a branch per
# draft, and the site of that clone rebuilt on every change. Open http://127.0.0.1:8000/quan-tri/ and
# press "Đăng nhập"; published work comes home with `git pull .desk/repo <branch>`.
# Other ports: `make desk DESK_ADDR=127.0.0.1:8100 DESK_PORT=8181`.
desk: $(STAMP) $(DECAP)
	@$(BIN)/python -m scripts desk --port $(DESK_PORT) --addr $(DESK_ADDR)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }

# The importer reads PDFs with poppler (pdftotext, pdftoppm), scans with Tesseract's Vietnamese model,
# and .doc, .odt and .rtf through LibreOffice headless (Writer without its GUI).
ocr:
	@command -v pdftotext >/dev/null 2>&1 && command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie || { apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-vie; }
	@command -v soffice >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui; }

$(DECAP): desk/package.json desk/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; }
	cd desk && npm ci --no-audit --no-fund --silent
	@touch $@

# The tests' npm packages (axe-core, schema.org schemas, lunr.js as the scores' oracle) come from the npm registry, pinned in tests/package-lock.json.
$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; }
	cd tests && npm ci --no-audit --no-fund --silent
	@touch $@

# nginx (the hosting recipe, deploy/nginx/, started on loopback by tests and the bench) and
# pdftotext (poppler-utils: reads back the printed PDF) come from Debian.
servers:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx; }
	@command -v pdftotext >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils; }

# The layer contract (pyproject.toml), the browser's search core in Node (seconds, and it names
# the broken part), then every test. One part: `make test ARGS=tests/test_load.py` or `ARGS="-k search"`.
test: $(STAMP) chromium ocr servers $(AXE) $(DECAP)
	$(BIN)/lint-imports --no-cache --no-logo
	node --test tests/js/
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(ARGS)

search-eval: build chromium
	$(BIN)/python -m scripts search-eval

# Over the wire first: the real archive and plain Material, both served by deploy/nginx with
# compression; then a synthetic archive of N plans against plain Material (N=1000 by default:
# `make bench N=5000`).
bench: $(STAMP) $(DECAP) chromium servers
	$(BIN)/python -m scripts bench-served
	$(BIN)/python -m scripts bench --plans $(N)

clean:
	rm -rf site .site-new .site-old
