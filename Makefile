# TorchMap: `make demo` and `make test` install whatever is missing first (Debian 12, as root).
SHELL := /bin/bash
VENV := .venv
PYTHON := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup install test lint format demo bench clean

setup:  ## QGIS from Debian, the virtualenv and the pip packages (idempotent)
	bash scripts/setup.sh

install: setup  ## link the plugin into the default QGIS profile and enable it
	bash scripts/install_plugin.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install lint  ## ruff, then the whole test suite (engine, QGIS, qgis_process)
	$(PYTHON) -m pytest

demo: install  ## generate a scene and run all four algorithms through qgis_process
	bash scripts/run_demo.sh

bench: setup  ## print speed and memory figures
	$(PYTHON) bench/bench_classify_pixels.py
	$(PYTHON) bench/bench_classify_objects.py

clean:
	rm -rf demo_output .pytest_cache .ruff_cache
