# One entry point for people and CI. Every target installs what it needs first,
# so `make serve` and `make test` work on a fresh machine with Python, Node and apt.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
# Where the policy years are and where the site goes; tests point these elsewhere.
POLICY_DATA ?= policy_data
SITE ?= site
# Material prints an end-of-life banner on every build; we know (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: review setup serve watch build assets validate test lint bench chromium browsers clean diff new-year

# Python packages: the direct ones in requirements.in, every one pinned with its hashes in
# requirements.lock (regenerate with pip-compile, see README); pip refuses any file whose hash
# differs. Then this project itself, editable and without dependencies, so its packages
# (macros/ for mkdocs-macros) import from anywhere (a separate step: a local folder has no hash).
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# npm packages (Pyodide, axe-core), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

# Browser tests drive Debian's Chromium; never a browser download.
chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# The other engines providers use, for the smoke tests (tests/browser/test_engines.py):
# Firefox ESR, and Safari's WebKit as WebKitGTK (WebKitWebDriver, which brings MiniBrowser)
# on a virtual display (Xvfb). Debian's packages only; never a browser or driver download.
FIREFOX ?= /usr/bin/firefox-esr
WEBKIT_DRIVER ?= /usr/bin/WebKitWebDriver
XVFB ?= /usr/bin/Xvfb
browsers: chromium
	@missing=""; \
	test -x $(FIREFOX) || missing="$$missing firefox-esr"; \
	test -x $(WEBKIT_DRIVER) || missing="$$missing webkit2gtk-driver"; \
	test -x $(XVFB) || missing="$$missing xvfb"; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

# Stop at the first bad data file, with one line per problem, before anything is built;
# then the policy tests (tests.yaml): a case that no longer holds stops here too, one line
# per failure at its line in tests.yaml. No browser needed: this is how to run them alone.
validate: setup
	$(PY) -m checker --data $(POLICY_DATA) validate
	$(PY) -m checker --data $(POLICY_DATA) review --gate

# Build into a scratch folder and swap, so a failed build never leaves a half-written site/.
# tools/build.py writes per year build/site-src/<root or year>/ first: the pages and menu
# from the data with a complete MkDocs config (macros/generate.py), the checker bundle with
# its Python precompiled inside the pinned Pyodide (tools/pyodide_artefacts.mjs) and, for
# the root year, the self-hosted Pyodide (unmodified). Nothing is written into docs/.
# The published site needs a definitive year; a preview (serve) builds drafts too.
# PDF=1 (the deploy): "Het hele beleid" of every year also as PDF, printed by Debian's Chromium
# (tools/pdf.py) and linked from that page. Without it (the default) no Chromium is needed.
PDF ?=
build: validate $(if $(PDF),chromium)
	$(PY) -m tools.build --data $(POLICY_DATA) --site $(SITE) $(if $(PDF),--pdf)

# Only those build folders, without building the site (e.g. to run another generator on them).
assets: validate
	$(PY) -m tools.build --data $(POLICY_DATA) --site $(SITE) --sources-only

# Preview: every year including drafts (marked as such), served as the static host would.
# tools.build validates the data itself; a failing policy test does not stop a preview,
# the banner above every page of that year names it (make build does stop).
serve: setup
	$(PY) -m tools.build --data $(POLICY_DATA) --site $(SITE) --preview
	$(PY) -m tools.serve --site $(SITE) --port 8000

# Live reload while editing one year (the root year) with mkdocs' own server; the build
# folder is written again when docs/, the data or mkdocs.yml change.
watch: validate
	$(PY) -m tools.build --data $(POLICY_DATA) --watch 127.0.0.1:8000

# Product code (not tests/ or tools/): no function over 60 lines or cyclomatic complexity 15,
# Python and JavaScript alike (lizard prints each one over and fails).
PRODUCT_CODE := checker authoring macros docs/javascripts
lint: setup
	$(PY) -m ruff check checker authoring macros tests tools
	$(PY) -m ruff format --check checker authoring macros tests tools
	$(PY) -m lizard --length 60 --CCN 15 --warnings_only $(PRODUCT_CODE)

test: setup browsers build lint
	$(PY) -m pytest

bench: setup chromium build
	$(PY) -m tools.bench

clean:
	rm -rf site site.tmp site.old build/site-src docs/assets/checker docs/assets/pyodide .pytest_cache

# A draft for the next policy year: a copy of the latest, ids kept (YEAR=2025); prints
# the review list (texts that still name an earlier year or a moved date).
new-year: setup
	$(PY) -m checker --data $(POLICY_DATA) new-year $(YEAR)

# The comparison of two years as Markdown, for a pull request (FROM=2024 TO=2025).
diff: setup
	@$(PY) -m checker --data $(POLICY_DATA) diff $(FROM) $(TO)

# The change report and the review list for every policy year changed since BASE (for a
# pull request; CI puts it in the job summary); with no year changed, the review list of the
# newest year. Markdown throughout: the review list goes in a code block, one item a line.
BASE ?= HEAD~1
review: setup
	@git -C $(POLICY_DATA) rev-parse --verify --quiet "$(BASE)^{commit}" >/dev/null || { echo "make review: versie '$(BASE)' bestaat niet in git. Geef een bestaande, bijvoorbeeld BASE=origin/main." >&2; exit 2; }; \
	changed=$$(git -C $(POLICY_DATA) diff --name-only --relative $(BASE) -- . | sed -n 's#^\([0-9]\{4\}\)/.*#\1#p' | sort -u); \
	changed=$$(for year in $$changed; do [ -d $(POLICY_DATA)/$$year ] && echo $$year; done); \
	for year in $$changed; do \
	  prev=$$(ls $(POLICY_DATA) | grep -E '^[0-9]{4}$$' | awk -v y=$$year '$$1 < y' | tail -n 1); \
	  if [ -n "$$prev" ]; then $(PY) -m checker --data $(POLICY_DATA) diff $$prev $$year || exit $$?; \
	  else printf '%s\n\n' "Beleidsjaar $$year gewijzigd; er is geen eerder jaar om mee te vergelijken."; fi; \
	done; \
	printf '\n%s\n\n%s\n' "## Nalooplijst" '```text'; \
	$(PY) -m checker --data $(POLICY_DATA) review $$changed; status=$$?; \
	printf '%s\n' '```'; exit $$status
