# Set-up and everyday commands. Everything installs into .venv on first use.
#   make ask Q="o1の話って何日だった?"   answer a question from the bundled notes (offline, no API key)
#   make chat                            the Gradio chat UI on http://127.0.0.1:7860
#   make test                            ruff, mypy and the test suite (what CI runs)
PYTHON ?= python3
VENV ?= .venv
# torch first, pinned: on the project machines 2.13.0 is a local CPU wheel (a bare `torch` is a CUDA build).
TORCH ?= torch==2.13.0
Q ?= o1の話って何日だった?
BIN := $(VENV)/bin

.PHONY: setup ask chat index test lint
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH)"
	$(BIN)/python -m pip install -q -e ".[dev,local-llm]"
	touch $@

ask: setup
	$(BIN)/rag ask "$(Q)"

index: setup
	$(BIN)/rag index

chat: setup
	$(BIN)/python app.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest
