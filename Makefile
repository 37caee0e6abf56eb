# Zhucan — two commands on a fresh clone: `make demo` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
ZH := .venv/bin/zhucan
DEMO_REGION ?= 331102
DEMO_PERSONS ?= 20000

.PHONY: install demo test lint bench serve clean

.venv/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	python3 -m uv sync --frozen
	@touch $@

# Front-end libraries (HTMX; axe-core for the browser tests) from the npm registry,
# served by the app from its own static route.
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

install: .venv/.synced frontend/node_modules/.installed

demo: install
	$(ZH) db upgrade
	$(ZH) regions load --province 33
	$(ZH) synth --region $(DEMO_REGION) --persons $(DEMO_PERSONS) --seed 1
	$(ZH) person counts --region $(DEMO_REGION)
	$(ZH) policy test
	$(ZH) benefits discover --region $(DEMO_REGION) --as-of $$(date +%Y-%m-01)
	$(ZH) benefits auto-enrol --program nursing_subsidy
	$(ZH) pay run --period $$(date +%Y-%m) --region $(DEMO_REGION) --program nursing_subsidy
	$(ZH) indicators synth --region $(DEMO_REGION) --seed 1
	$(ZH) indicators refresh --region $(DEMO_REGION) --as-of 2020-12-31   # the plans' baseline year
	$(ZH) indicators refresh --region $(DEMO_REGION) --as-of 2025-12-31   # for the dashboard /indicators
	@echo "演示账号 demo account (county officer of $(DEMO_REGION)):"
	@$(ZH) users add demo --role county_officer --jurisdiction $(DEMO_REGION) --generate --replace
	@echo "用上面的用户名 demo 和密码登录 Sign in as demo with the password above"
	@echo "打开 Open http://127.0.0.1:8000 （按 Ctrl+C 停止 stop）"
	$(ZH) serve

lint: install
	$(PY) -m ruff check src tests
	$(PY) -m ruff format --check src tests
	$(PY) -m mypy

test: lint
	$(ZH) db check
	$(PY) -m pytest -q

bench: .venv/.synced
	$(ZH) bench registry
	$(ZH) bench policy   # creates .venv-openfisca (OpenFisca, benchmark only) on first use
	$(ZH) bench benefits --import-rows 100000   # a province month; a 100,000-death feed
	$(ZH) bench employment
	$(ZH) bench indicators   # 1,000,000 people with needs, services and facilities (SQLite)
	$(ZH) bench web   # 1,000,000 people in PostgreSQL, 50 concurrent clients, uvicorn --workers 2

clean:
	rm -rf .venv frontend/node_modules zhucan.db zhucan.db-wal zhucan.db-shm artifacts
