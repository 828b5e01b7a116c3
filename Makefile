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
# The editorial desk (quan-tri/): Decap CMS and its local backend, pinned in desk/package-lock.json.
DECAP := desk/node_modules/decap-cms/dist/decap-cms.js
DESK_PORT ?= 8081
DESK_ADDR ?= 127.0.0.1:8000

N ?= 1000

.PHONY: install build serve test search-eval bench chromium clean desk

install: $(STAMP) $(DECAP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-* && touch $@

# Build elsewhere and swap when whole: a failed build leaves the last good site/ as it was.
build: $(STAMP) $(DECAP)
	@rm -rf .site-new
	$(BIN)/mkdocs build --strict --quiet --site-dir .site-new
	@if [ -d site ]; then mv site .site-old; fi; mv .site-new site; rm -rf .site-old
	@echo "Built site/ ($$(find site -name index.html | wc -l) pages)"

serve: $(STAMP) $(DECAP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The desk on this machine, no git host: decap-server on loopback writes into plans/, and
# the site rebuilds on every save. Open http://127.0.0.1:8000/quan-tri/ and press "Đăng nhập".
# Other ports: `make desk DESK_ADDR=127.0.0.1:8100 DESK_PORT=8181`.
desk: $(STAMP) $(DECAP)
	@echo "Bàn biên tập: http://$(DESK_ADDR)/quan-tri/ (Ctrl+C để dừng)"
	@BIND_HOST=127.0.0.1 PORT=$(DESK_PORT) MODE=fs GIT_REPO_DIRECTORY=$(CURDIR) node desk/node_modules/decap-server/dist/index.js & \
	server=$$!; trap 'kill $$server' EXIT INT TERM; \
	DESK_LOCAL_PORT=$(DESK_PORT) $(BIN)/mkdocs serve --strict --dev-addr $(DESK_ADDR)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }

$(DECAP): desk/package.json desk/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; }
	cd desk && npm ci --no-audit --no-fund --silent
	@touch $@

# axe-core (accessibility engine) comes from the npm registry, pinned in tests/package-lock.json.
$(AXE): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm; }
	cd tests && npm ci --no-audit --no-fund --silent
	@touch $@

test: $(STAMP) chromium $(AXE) $(DECAP)
	$(BIN)/python -m pytest

search-eval: build chromium
	$(BIN)/python -m scripts search-eval

# Synthetic archive of N plans against plain Material (N=1000 by default: `make bench N=5000`).
bench: $(STAMP) $(DECAP) chromium
	$(BIN)/python -m scripts bench --plans $(N)

clean:
	rm -rf site .site-new .site-old
