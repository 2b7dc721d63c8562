# Two pinned environments: .venv/rasa (Rasa 3.6.21, TensorFlow, SQLAlchemy 1.4) for NLU
# and dialogue; .venv/app (rasa-sdk, SQLAlchemy 2.0, FastAPI) for everything else.
SHELL := /bin/bash
# The first Python 3.10 that really runs (a pyenv shim may exist but refuse to run).
PY310 ?= $(shell for p in python3.10 $$(ls -d $$HOME/.pyenv/versions/3.10.*/bin/python3.10 2>/dev/null | sort -rV); do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { command -v "$$p"; break; }; done)
APP := .venv/app
RASA := .venv/rasa
APP_PY := $(APP)/bin/python
RASA_BIN := $(RASA)/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)

.PHONY: run test test-unit test-rasa test-integration model train evaluate promote rollback \
	models bench eval demo-json ledger-json lint typecheck envs clean

$(APP)/.installed: requirements/app.txt
	@test -n "$(PY310)" || { echo "python3.10 not found (pyenv install 3.10)" >&2; exit 1; }
	@echo "Creating $(APP) ..." >&2
	@$(PY310) -m venv $(APP) >&2
	@$(APP)/bin/pip install -q --upgrade pip==24.0 >&2
	@$(APP)/bin/pip install -q -r requirements/app.txt >&2
	@touch $@

$(RASA)/.installed: requirements/rasa.txt
	@test -n "$(PY310)" || { echo "python3.10 not found (pyenv install 3.10)" >&2; exit 1; }
	@echo "Creating $(RASA) (Rasa and TensorFlow: a few minutes the first time) ..." >&2
	@$(PY310) -m venv $(RASA) >&2
	@$(RASA)/bin/pip install -q --upgrade pip==24.0 >&2
	@$(RASA)/bin/pip install -q -r requirements/rasa.txt >&2
	@touch $@

envs: $(APP)/.installed $(RASA)/.installed

## The whole assistant on the embedded defaults: store, model, Rasa, actions, web app.
run: envs
	@$(APP_PY) -m bot.launcher --rasa-bin $(RASA_BIN) --python $(APP_PY)

## The whole test suite (installs PostgreSQL through apt-get when it is missing).
test: envs
	@bash scripts/ensure-postgres.sh
	@bash scripts/ensure-chromium.sh
	$(APP)/bin/ruff check bot actions tests bench
	$(APP)/bin/mypy bot actions
	$(MAKE) --no-print-directory test-unit test-rasa test-integration

## Unit tier: services, rules, text handling, actions with tracker fixtures.
test-unit: $(APP)/.installed
	$(APP_PY) -m pytest -q tests/unit

## In Rasa's environment: NLU components, `rasa data validate`, `rasa test` stories.
test-rasa: $(RASA)/.installed
	$(RASA)/bin/python -m pytest -q tests/nlu tests/conversation

## The model for the current data, trained only when none matches (bench, CI).
model: envs
	@$(APP_PY) -c "from pathlib import Path; from bot.model_files import ensure_model; from bot.settings import load_settings; s = load_settings(); ensure_model(Path('$(RASA_BIN)'), s.models_dir, data_dir=s.data_dir)"

## The admin's model work from a terminal (the same as /admin → Models), with progress bars:
## train a candidate (validate, train, evaluate it and the live model, register it),
## compare it with the live model, promote it (REASON="..." overrides a worse language),
## roll back (MODEL=id, default: the model live before), list the registry. With Rasa
## stopped, RECORD_ONLY=1 records the live model for its next start.
MODEL_ARG = $(if $(MODEL),--model $(MODEL))
RECORD_ONLY_ARG = $(if $(RECORD_ONLY),--record-only)
train: envs
	@RASA_BIN=$(RASA_BIN) $(APP_PY) -m bot.training.cli train

evaluate: envs
	@RASA_BIN=$(RASA_BIN) $(APP_PY) -m bot.training.cli evaluate $(MODEL_ARG)

promote: envs
	@RASA_BIN=$(RASA_BIN) $(APP_PY) -m bot.training.cli promote $(MODEL_ARG) $(if $(REASON),--reason "$(REASON)") $(RECORD_ONLY_ARG)

rollback: envs
	@RASA_BIN=$(RASA_BIN) $(APP_PY) -m bot.training.cli rollback $(MODEL_ARG) $(RECORD_ONLY_ARG)

models: $(APP)/.installed
	@$(APP_PY) -m bot.training.cli models

## Repositories on SQLite and PostgreSQL; the three servers over HTTP.
test-integration: envs
	RASA_BIN=$(RASA_BIN) $(APP_PY) -m pytest -q tests/integration

## Benchmarks that print numbers: language ID side by side, reply latency (also while a
## model trains).
bench: envs model
	$(APP_PY) bench/langid.py
	RASA_BIN=$(RASA_BIN) $(APP_PY) bench/latency.py
	RASA_BIN=$(RASA_BIN) $(APP_PY) bench/widget.py
	RASA_BIN=$(RASA_BIN) $(APP_PY) bench/retrain_latency.py

## Intent and language quality per language on the held-out split, per candidate pipeline.
eval: $(RASA)/.installed
	$(RASA)/bin/python bench/evaluate.py

## The demo store as JSON ({"shoppers": [...], "orders": [...]}); keys are stable.
demo-json: $(APP)/.installed
	@$(APP_PY) -m bot.cli demo-json

ledger-json: $(APP)/.installed
	@$(APP_PY) -m bot.cli ledger-json

lint: $(APP)/.installed
	$(APP)/bin/ruff check bot actions tests bench
	$(APP)/bin/ruff format --check bot actions tests bench

typecheck: $(APP)/.installed
	$(APP)/bin/mypy bot actions

clean:
	rm -rf .venv var models .pytest_cache
