# make site: venv + install + build the portal into site/.  make test: the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# axe-core for the browser tests' accessibility checks (never part of the site).
AXE    := $(VENV)/share/axe-core/axe.min.js
# Material 9.7+ prints a banner about MkDocs 2.0 on every run; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve edit check hook test lint bench lighthouse constraints chromium cjk-fonts screenshots clean

$(STAMP): pyproject.toml constraints.txt scripts/npmfetch.py scripts/install_pagefind.py scripts/install_decap.py scripts/check_constraints.py
	$(PYTHON) scripts/check_constraints.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/python scripts/install_pagefind.py
	$(BIN)/python scripts/install_decap.py
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/mkdocs build

serve: $(STAMP)
	$(BIN)/mkdocs serve

# The browser editor for clerks (gongkai edit): http://127.0.0.1:8010/admin/, this machine only.
edit: $(STAMP)
	$(BIN)/gongkai edit

check: $(STAMP)
	$(BIN)/gongkai check

# The pre-commit hook (.pre-commit-config.yaml): gongkai check --changed before each commit that
# touches records/ or mkdocs.yml.
hook: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[hook]'
	$(BIN)/pre-commit install

lint: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks

$(AXE): scripts/npmfetch.py scripts/install_axe.py | $(STAMP)
	$(BIN)/python scripts/install_axe.py --dir $(dir $(AXE))

# Two processes (pytest-xdist), one a core; the tests sharing a module's built site stay together
# (tests/conftest.py), and the sample is built once for both (conftest.sample_site).
test: $(STAMP) $(AXE) lint
	$(BIN)/pytest -q -n 2 --dist loadgroup --durations=15

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	$(BIN)/python benchmarks/build.py 10000 --compare-search

# Lighthouse scores of the home, record and search pages (mobile emulation, Debian's Chromium); needs
# Node and npm. Lighthouse comes from the npm registry at the version pinned in benchmarks/lighthouse/.
lighthouse: $(STAMP)
	npm ci --prefix benchmarks/lighthouse --no-audit --no-fund --silent
	$(BIN)/python benchmarks/lighthouse.py

# The versions CI and make install: a fresh venv with the newest allowed, frozen. Run make test after.
# `pip list --format=freeze` always writes name==version (`pip freeze` writes `name @ <URL>` for
# a package installed from a local wheel, which no other machine has); the check refuses anything
# else and keeps the old file.
constraints:
	rm -rf .venv-freeze constraints.new
	$(PYTHON) -m venv .venv-freeze
	.venv-freeze/bin/python -m pip install --quiet -e '.[test,bench,hook]'
	{ sed -n '1,2p' constraints.txt; .venv-freeze/bin/python -m pip list --format=freeze --exclude-editable \
	  | grep -viE '^(gongkai|pip|setuptools|wheel)=='; } > constraints.new
	.venv-freeze/bin/python scripts/check_constraints.py constraints.new || { rm -f constraints.new; exit 1; }
	mv constraints.new constraints.txt
	rm -rf .venv-freeze

# The browser tests drive Debian's Chromium (never `playwright install`, which downloads a browser
# from outside the package registries): its headless shell, as Playwright does for headless (half
# the CPU of the full browser's headless mode); the screenshots, Lighthouse and the benchmarks use
# the full browser.
# A system without the headless shell's package (Debian has it from bookworm) keeps the full
# browser, which the tests then drive.
chromium:
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium (apt-get install chromium chromium-headless-shell)..."; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && \
	  { ! apt-cache show chromium-headless-shell >/dev/null 2>&1 || \
	    $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; }; }
	@chromium --version 2>/dev/null

# Chinese fonts for the browser, as a clerk's machine has them (Debian's Noto CJK): without them
# Chromium draws every Chinese character as a box, in the README's screenshots too.
cjk-fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chinese fonts (apt-get install fonts-noto-cjk)..."; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }
	@fc-list :lang=zh family 2>/dev/null | sort | head -n 1

# The README's screenshots of the browser editor (screenshots/editor-*.png), taken by its browser
# tests in Chromium with the Chinese fonts.
screenshots: $(STAMP) $(AXE) chromium cjk-fonts
	GONGKAI_SCREENSHOTS=$(CURDIR)/screenshots GONGKAI_BROWSER_TESTS=required $(BIN)/pytest -q tests/test_editor_browser.py

clean:
	rm -rf site $(VENV) benchmarks/lighthouse/node_modules
