# hybridlink.expressroute: build, test and demo from a fresh clone.
#
#   make demo   run the end-to-end playbook against the local lab
#   make test   run every quality gate and print a summary
#
# Interpreters come from pyenv (this machine's layout) or PATH. ansible-test
# cannot run through pyenv shims, so the real interpreter folders go on PATH.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
find_python = $(firstword $(wildcard $(PYENV_ROOT)/versions/$(1).*/bin/python$(1)) $(shell command -v python$(1) 2>/dev/null))
PY311 ?= $(call find_python,3.11)
PY312 ?= $(call find_python,3.12)
PY313 ?= $(call find_python,3.13)
INTERPRETER_PATH := $(dir $(PY313)):$(dir $(PY312)):$(dir $(PY311))

VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
COLLECTION_ROOT := $(CURDIR)/.build/collections
COLLECTION_DIR := $(COLLECTION_ROOT)/ansible_collections/hybridlink/expressroute
DIST := $(CURDIR)/.build/dist
# The vendor network collections edge_router renders with (make vendor-collections).
VENDOR_COLLECTIONS := $(CURDIR)/.build/vendor-collections
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTION_ROOT):$(VENDOR_COLLECTIONS)
export ANSIBLE_LOCAL_TEMP := $(CURDIR)/.build/ansible-tmp
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# ansible-core on each interpreter we support: sanity and units run on all
# three, everything else on the newest.
CORE_2.19 := ansible-core==2.19.14
CORE_2.20 := ansible-core==2.20.5
PYTHON_2.19 := 3.11
PYTHON_2.20 := 3.12
PYTHON_2.21 := 3.13

.PHONY: help venv demo test sanity units lab-tests lint molecule build collection-tree \
	sanity-% units-% bootstrap-ansible-test integration clean

help:
	@echo "make demo   - end-to-end on-premises-to-AVS run against the local lab"
	@echo "make test   - every quality gate, with a summary at the end"
	@echo "gates: sanity units lab-tests integration lint molecule build awx docs importer reliability lab-clients (each runnable alone)"
	@echo "make docs-update - regenerate docs/reference and the diagrams; make ee - execution environment context"

# --- environments ---------------------------------------------------------

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt lab/pyproject.toml
	@test -n "$(PY313)" || { echo "Python 3.13 not found (pyenv or PATH)"; exit 1; }
	$(PY313) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt -e ./lab
	touch $@

.venv-%/.installed: requirements.txt
	@test -n "$(PY$(subst .,,$(PYTHON_$*)))" || { echo "Python $(PYTHON_$*) not found"; exit 1; }
	$(PY$(subst .,,$(PYTHON_$*))) -m venv .venv-$*
	.venv-$*/bin/pip install --quiet '$(CORE_$*)'
	touch $@

# ansible-test downloads a get-pip script from a host unreachable here; it
# uses a cached copy first, so put ours (pip from ensurepip) in the cache.
bootstrap-ansible-test:
	@mkdir -p $(HOME)/.ansible/test/cache
	@for version in 24_2 25_2 25_3; do \
		install -m 0644 scripts/get_pip_via_ensurepip.py $(HOME)/.ansible/test/cache/get_pip_$$version.py; \
	done

# ansible-test insists on a real .../ansible_collections/<ns>/<name> folder
# (a symlink is resolved away) and lists files through git, so copy the
# work tree with its git metadata. Each ansible-test run gets its own copy,
# so one gate never deletes the tree another is running in.
copy_collection_to = rm -rf $(1) && mkdir -p $(1) $(ANSIBLE_LOCAL_TEMP) \
	&& git ls-files -z --cached --others --exclude-standard \
	| xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}" || true' \
	| tar --null -cf - -T - | tar -xf - -C $(1) \
	&& cp -a .git $(1)/.git

collection-tree:
	@$(call copy_collection_to,$(COLLECTION_DIR))

# --- gates ----------------------------------------------------------------

test: venv
	@bash scripts/run_gates.sh sanity units lab-tests integration lint molecule build awx docs importer reliability lab-clients

# lab/, bench/ and scripts/ are development tools, not collection content
# (galaxy.yml build_ignore keeps them out of the artifact), so sanity skips them.
NON_COLLECTION_EXCLUDES = $(foreach dir,lab bench scripts,$(if $(wildcard $(dir)),--exclude $(dir)/))

sanity: sanity-2.19 sanity-2.20 sanity-2.21
units: units-2.19 units-2.20 units-2.21

ansible_test_for = $(if $(filter 2.21,$(1)),$(BIN)/ansible-test,$(CURDIR)/.venv-$(1)/bin/ansible-test)
needs_core_venv = $(if $(filter 2.21,$(1)),venv,.venv-$(1)/.installed)

ansible_test_tree = $(CURDIR)/.build/ansible-test/$(1)/ansible_collections/hybridlink/expressroute

sanity-%: bootstrap-ansible-test
	@$(MAKE) --no-print-directory $(call needs_core_venv,$*)
	@$(call copy_collection_to,$(call ansible_test_tree,sanity-$*))
	cd $(call ansible_test_tree,sanity-$*) && PATH="$(INTERPRETER_PATH):$$PATH" \
		$(call ansible_test_for,$*) sanity --venv --python $(PYTHON_$*) --color no $(NON_COLLECTION_EXCLUDES)

units-%: bootstrap-ansible-test
	@$(MAKE) --no-print-directory $(call needs_core_venv,$*)
	@$(call copy_collection_to,$(call ansible_test_tree,units-$*))
	cd $(call ansible_test_tree,units-$*) && PATH="$(INTERPRETER_PATH):$$PATH" \
		$(call ansible_test_for,$*) units --venv --python $(PYTHON_$*) --color no --requirements

lab-tests: venv
	cd lab && $(BIN)/python -m pytest -q -p no:cacheprovider

# cisco.ios, arista.eos, junipernetworks.junos (and ansible.netcommon, ansible.utils) for the
# edge_router role's renders and for ansible-lint: unpacked from the `ansible` wheels on PyPI
# (Galaxy is unreachable here), about 2 s and 17 MB instead of installing `ansible` (~20 s, 440 MB).
.PHONY: vendor-collections
vendor-collections: $(VENDOR_COLLECTIONS)/.installed

$(VENDOR_COLLECTIONS)/.installed: scripts/vendor_collections.sh | venv
	bash scripts/vendor_collections.sh $(BIN) $(VENDOR_COLLECTIONS)
	touch $@

# The real modules, run by ansible-playbook, against the lab: in parallel workers, one lab each
# (a test file's tests stay on one worker). Serial: 635 s in CI; 3 workers: 536 s with five other jobs on 2 cores.
INTEGRATION_WORKERS ?= 3
integration: venv vendor-collections
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(INTEGRATION_WORKERS) --dist loadfile tests/integration

# Faults, kills, concurrency, bad input and secrets against the lab, in parallel workers (one lab each).
# Results: .build/reliability/; RELIABILITY_REPORT=docs/reliability.md refreshes the published report.
RELIABILITY_WORKERS ?= 5
RELIABILITY_REPORT ?=
.PHONY: reliability
reliability: venv
	RELIABILITY_REPORT=$(RELIABILITY_REPORT) $(BIN)/python -m pytest -q -p no:cacheprovider -n $(RELIABILITY_WORKERS) \
		--dist loadscope --basetemp=$(CURDIR)/.build/reliability-tmp tests/reliability

# Stock clients, unchanged, against one lab: the Azure CLI (.venv-cli) and
# azure.azcollection's modules (.venv-azcollection: azure.azcollection pins
# azure-cli-core 2.75, which the current azure-cli cannot share a venv with).
# Versions are pinned in tests/clients/requirements-*.txt; the collection's own
# Python requirements come from the copy inside the installed collection.
CLI_VENV := .venv-cli
AZC_VENV := .venv-azcollection
.PHONY: lab-clients

$(CLI_VENV)/.installed: tests/clients/requirements-cli.txt
	@test -n "$(PY313)" || { echo "Python 3.13 not found (pyenv or PATH)"; exit 1; }
	$(PY313) -m venv $(CLI_VENV)
	$(CLI_VENV)/bin/pip install --quiet -r tests/clients/requirements-cli.txt
	touch $@

$(AZC_VENV)/.installed: tests/clients/requirements-azcollection.txt
	@test -n "$(PY313)" || { echo "Python 3.13 not found (pyenv or PATH)"; exit 1; }
	$(PY313) -m venv $(AZC_VENV)
	$(AZC_VENV)/bin/pip install --quiet -r tests/clients/requirements-azcollection.txt
	$(AZC_VENV)/bin/pip install --quiet -r $(AZC_VENV)/lib/python3.13/site-packages/ansible_collections/azure/azcollection/requirements.txt
	touch $@

lab-clients: venv $(CLI_VENV)/.installed $(AZC_VENV)/.installed
	ERLAB_CLI_VENV=$(CURDIR)/$(CLI_VENV) ERLAB_AZCOLLECTION_VENV=$(CURDIR)/$(AZC_VENV) \
		$(BIN)/python -m pytest -q -p no:cacheprovider --durations=5 --basetemp=$(CURDIR)/.build/lab-clients tests/clients

lint: venv collection-tree vendor-collections
	NO_COLOR=1 $(BIN)/ansible-lint --profile production --offline

molecule: venv collection-tree
	cd extensions && PATH="$(BIN):$$PATH" $(BIN)/molecule test --all

build: venv
	@rm -rf $(DIST) && mkdir -p $(DIST)
	$(BIN)/ansible-galaxy collection build --force --output-path $(DIST) .
	$(BIN)/ansible-galaxy collection install --force -p $(DIST)/installed $(DIST)/hybridlink-expressroute-*.tar.gz
	@test -f $(DIST)/installed/ansible_collections/hybridlink/expressroute/MANIFEST.json

# --- the main job -----------------------------------------------------------

demo: venv collection-tree
	@bash scripts/demo.sh

# --- performance (on demand; not a gate) -------------------------------------
#
#   make bench                        every phase, fleets up to 50 sites (about 13 minutes on 2 cores)
#   make bench BENCH_ARGS=--large     plus the 200-site fleet (about 15 minutes more)
#   make bench BENCH_ARGS=--quick     about 5 minutes
#
# Speed, memory and requests of the modules against the floor (uri) and
# azure.azcollection, on the lab; rewrites docs/benchmarks.md. The bench venv
# holds `ansible` (with azure.azcollection, which pins older Azure SDKs than
# ours) and matplotlib; this collection's modules run with the main .venv.

BENCH_VENV := .venv-bench
BENCH_ARGS ?=

.PHONY: bench

$(BENCH_VENV)/.installed: bench/requirements.txt bench/setup-venv.sh lab/pyproject.toml
	bash bench/setup-venv.sh $(CURDIR)/$(BENCH_VENV) $(PY313)

bench: venv $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf .build $(VENV) .venv-* tests/output

# --- AWX/AAP, execution environment, documentation, Galaxy import ---------
#
#   make awx              the end-to-end playbook run as an AWX job (ansible-runner) against the lab
#   make docs             reference up to date, doc and changelog lint, diagrams, EE context
#   make docs-update      regenerate docs/reference, docs/awx survey and docs/diagrams/*.svg (commit them)
#   make ee               execution environment build context in .build/ee/context (no container engine)
#   make galaxy-importer  galaxy-importer accepts the artifact of `make build` (gate name: importer)
#
# ansible-builder and galaxy-importer pin packages the main .venv pins
# differently, so each has its own venv.

TOOLS_VENV := .venv-tools
TOOLS_BIN := $(CURDIR)/$(TOOLS_VENV)/bin
IMPORTER_VENV := .venv-importer
IMPORTER_BIN := $(CURDIR)/$(IMPORTER_VENV)/bin
EE_BUILD := $(CURDIR)/.build/ee
DOCS_BUILD := $(CURDIR)/.build/docs
DOCS_COLLECTION_ROOT := $(DOCS_BUILD)/collections
DOCS_COLLECTION_DIR := $(DOCS_COLLECTION_ROOT)/ansible_collections/hybridlink/expressroute
# antsibull-docs runs ansible-doc and ansible-galaxy from PATH.
DOCS_ENV := PATH="$(BIN):$$PATH" ANSIBLE_COLLECTIONS_PATH=$(DOCS_COLLECTION_ROOT)
REFERENCE := collection --use-current --squash-hierarchy --output-format simplified-rst \
	--no-add-antsibull-docs-version --fail-on-error hybridlink.expressroute

.PHONY: awx docs docs-update docs-tree ee galaxy-importer importer

$(TOOLS_VENV)/.installed: requirements-docs.txt
	@test -n "$(PY313)" || { echo "Python 3.13 not found (pyenv or PATH)"; exit 1; }
	$(PY313) -m venv $(TOOLS_VENV)
	$(TOOLS_BIN)/pip install --quiet -r requirements-docs.txt
	touch $@

$(IMPORTER_VENV)/.installed: requirements-importer.txt
	@test -n "$(PY313)" || { echo "Python 3.13 not found (pyenv or PATH)"; exit 1; }
	$(PY313) -m venv $(IMPORTER_VENV)
	$(IMPORTER_BIN)/pip install --quiet -r requirements-importer.txt
	touch $@

# AWX runs a job template through ansible-runner: private data directory,
# credential in env/envvars, survey in env/extravars, --check in env/cmdline.
# The jobs' private data directories stay in .build/awx for inspection.
awx: venv
	$(BIN)/python -m pytest -q -p no:cacheprovider --basetemp=$(CURDIR)/.build/awx tests/awx

# The docs read the collection from a copy of the work tree, like ansible-test.
docs-tree:
	@$(call copy_collection_to,$(DOCS_COLLECTION_DIR))

docs: venv docs-tree
	cd $(DOCS_COLLECTION_DIR) && $(DOCS_ENV) $(BIN)/antsibull-docs lint-collection-docs \
		--plugin-docs --validate-collection-refs=all .
	@rm -rf $(DOCS_BUILD)/reference && mkdir -p $(DOCS_BUILD)/reference
	cd $(DOCS_COLLECTION_DIR) && $(DOCS_ENV) $(BIN)/antsibull-docs $(REFERENCE) --dest-dir $(DOCS_BUILD)/reference
	@diff -rq docs/reference $(DOCS_BUILD)/reference \
		|| { echo "docs/reference does not match the collection: run 'make docs-update' and commit docs/"; exit 1; }
	@echo "docs/reference matches the collection ($$(ls docs/reference | wc -l) pages)"
	$(BIN)/antsibull-changelog lint
	$(BIN)/python scripts/docs/check_docs.py
	$(BIN)/python scripts/docs/awx_survey.py check
	$(BIN)/python scripts/docs/diagrams.py check
	@$(MAKE) --no-print-directory ee

docs-update: venv docs-tree
	@rm -rf docs/reference && mkdir -p docs/reference
	cd $(DOCS_COLLECTION_DIR) && $(DOCS_ENV) $(BIN)/antsibull-docs $(REFERENCE) --dest-dir $(CURDIR)/docs/reference
	$(BIN)/python scripts/docs/awx_survey.py write
	$(BIN)/python scripts/docs/diagrams.py render

# meta/execution-environment.yml names requirements.txt and bindep.txt from
# the collection root (what introspection needs), so it is staged at the root
# of a build folder with them and the collection artifact.
ee: venv $(TOOLS_VENV)/.installed
	@rm -rf $(EE_BUILD) && mkdir -p $(EE_BUILD)/dist $(EE_BUILD)/introspected
	$(BIN)/ansible-galaxy collection build --force --output-path $(EE_BUILD)/dist .
	$(TOOLS_BIN)/python scripts/docs/ee_context.py stage --definition meta/execution-environment.yml \
		--collection-root . --artifact "$$(ls $(EE_BUILD)/dist/hybridlink-expressroute-*.tar.gz)" --out $(EE_BUILD)/source
	$(TOOLS_BIN)/ansible-builder create --file $(EE_BUILD)/source/execution-environment.yml \
		--context $(EE_BUILD)/context --output-filename Containerfile --verbosity 1
	$(BIN)/ansible-galaxy collection install --force -p $(EE_BUILD)/installed $(EE_BUILD)/dist/hybridlink-expressroute-*.tar.gz
	$(TOOLS_BIN)/python $(EE_BUILD)/context/_build/scripts/introspect.py introspect $(EE_BUILD)/installed \
		--write-pip $(EE_BUILD)/introspected/requirements.txt --write-bindep $(EE_BUILD)/introspected/bindep.txt
	$(TOOLS_BIN)/python scripts/docs/ee_context.py check --context $(EE_BUILD)/context \
		--requirements requirements.txt --bindep bindep.txt --introspected $(EE_BUILD)/introspected

# Without containers: ansible-test is off, ansible-doc and ansible-lint run.
galaxy-importer: build $(IMPORTER_VENV)/.installed
	@rm -rf .build/importer && mkdir -p .build/importer
	cd .build/importer && env -u ANSIBLE_COLLECTIONS_PATH GALAXY_IMPORTER_RUN_ANSIBLE_TEST=false \
		PATH="$(IMPORTER_BIN):$$PATH" $(IMPORTER_BIN)/python -m galaxy_importer.main \
		$(DIST)/hybridlink-expressroute-*.tar.gz 2>&1 | tee import.log
	@! grep -E '^(ERROR|CRITICAL)' .build/importer/import.log \
		|| { echo "galaxy-importer reported the errors above"; exit 1; }
	@echo "galaxy-importer: $$(grep -c '^WARNING' .build/importer/import.log || true) warning(s), no errors"

importer: galaxy-importer
