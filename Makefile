# TorchMap: `make demo` and `make test` install whatever is missing first (Debian 12, as root).
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup install test lint format demo bench clean i18n translations screenshots package

setup:  ## QGIS from Debian, the virtualenv and the pip packages (idempotent)
	bash scripts/setup.sh

install: setup translations  ## link the plugin into the default QGIS profile and enable it
	bash scripts/install_plugin.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) tests/test_python_versions.py  # runtime code on Python 3.9: vermin, then X | Y of types

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install lint i18n  ## ruff, then the whole test suite (engine, QGIS, qgis_process)
	$(PYTHON) -m pytest

demo: install  ## generate a scene and run all four algorithms through qgis_process
	bash scripts/run_demo.sh

bench: setup  ## print speed and memory figures
	$(PYTHON) bench/bench_classify_pixels.py
	$(PYTHON) bench/bench_train.py --quick
	$(PYTHON) bench/bench_export.py --size 8192 --memory-sizes 4096 8192
	$(PYTHON) bench/bench_dock_events.py
	$(PYTHON) bench/bench_classify_objects.py
	$(PYTHON) bench/bench_threads.py
	$(PYTHON) bench/bench_distributed.py
	$(PYTHON) bench/bench_imagery_service.py

i18n: setup  ## refresh i18n/*.ts and engine/locale/*.json from the code, compile the .qm
	$(PYTHON) scripts/i18n.py update
	lrelease -silent i18n/*.ts

translations: setup  ## compile i18n/*.ts into the .qm files QGIS loads (Qt's lrelease)
	lrelease -silent i18n/*.ts

package: setup translations  ## the plugin ZIP QGIS installs (Plugins > Install from ZIP) in dist/
	$(PYTHON) scripts/package.py --out dist

screenshots: install  ## the real QGIS desktop (under Xvfb) to docs/screenshots/*.png
	$(PYTHON) scripts/screenshots.py --out docs/screenshots

clean:
	rm -rf demo_output dist .pytest_cache .ruff_cache i18n/*.qm
