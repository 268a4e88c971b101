# Quick start: `make run` and `make test`. Both create or update the virtual environment first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint demo bench clean system-deps qt-deps translations dist

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the project definition changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[hq,test,dist]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP) qt-deps
	$(VENV)/bin/sesiona

# The Debian libraries Qt needs to show a window (installers/linux/qt-runtime-packages.txt,
# also the .deb's dependencies); installed only when missing (idempotent).
qt-deps:
	@bash .ci/system-deps.sh

# The same, plus what the test suite uses (Chromium, LibreOffice Calc, poppler-utils…).
system-deps:
	@bash .ci/system-deps.sh --test

test: $(STAMP) system-deps
	@bash .ci/postgres.sh
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 --dist loadgroup -q

lint: $(STAMP)
	$(VENV)/bin/ruff check cli contract db desktop devicesync forms server tests benchmarks installers
	$(VENV)/bin/mypy

demo: $(STAMP)
	$(VENV)/bin/sesiona demo --db demo.sqlite

bench: $(STAMP)
	$(PY) benchmarks/bench_foundation.py
	$(PY) benchmarks/bench_acta.py
	$(PY) benchmarks/bench_forms.py
	$(PY) benchmarks/bench_plans.py
	@bash .ci/postgres.sh
	$(PY) benchmarks/bench_dashboard.py
	$(PY) benchmarks/bench_bundle.py
	$(PY) benchmarks/bench_sync.py
	$(MAKE) dist
	$(PY) benchmarks/bench_startup.py

# Refresh the translators' template from every tr() in desktop/. Source strings are Spanish
# (Peru); a new language is resources/translations/sesiona_<locale>.ts compiled with
# pyside6-lrelease into a .qm next to it, which the app loads at start.
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $$(find desktop -name '*.py' | sort) -ts resources/translations/sesiona.ts

# The desktop app as a one-folder bundle (dist/sesiona/, PyInstaller) and a .deb
# (dist/sesiona_<version>_<arch>.deb). The Windows installer is built by
# .github/workflows/windows-installer.yml on a Windows runner.
dist: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m installers.dist

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
