# Zhucan — two commands on a fresh clone: `make demo` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
ZH := .venv/bin/zhucan
DEMO_REGION ?= 331102
DEMO_PERSONS ?= 20000

.PHONY: demo test lint bench serve clean

.venv/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	python3 -m uv sync --frozen
	@touch $@

demo: .venv/.synced
	$(ZH) db upgrade
	$(ZH) regions load --province 33
	$(ZH) synth --region $(DEMO_REGION) --persons $(DEMO_PERSONS) --seed 1
	$(ZH) person counts --region $(DEMO_REGION)
	@echo "打开 Open http://127.0.0.1:8000 （按 Ctrl+C 停止 stop）"
	$(ZH) serve

lint: .venv/.synced
	$(PY) -m ruff check src tests
	$(PY) -m ruff format --check src tests
	$(PY) -m mypy

test: lint
	$(ZH) db check
	$(PY) -m pytest -q

bench: .venv/.synced
	$(ZH) bench registry

clean:
	rm -rf .venv zhucan.db zhucan.db-wal zhucan.db-shm artifacts
