# 一窗通 YiChuang — two commands set up a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Debian packages: CJK font and WeasyPrint's text stack for PDFs; poppler-utils (pdfsig) and
# libnss3-tools (certutil) let the tests check sealed PDFs with an independent validator;
# Chromium runs the browser tests (Playwright drives Debian's build; no browser download).
SYS_PACKAGES ?= fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
                poppler-utils libnss3-tools chromium
export DJANGO_SETTINGS_MODULE := yichuang.settings

.PHONY: demo test bench faults cluster sysdeps venv migrate screenshots clean

sysdeps:
	@missing=""; for p in $(SYS_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PY) -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install these Debian packages:$$missing (as root: apt-get install$$missing)"; fi; \
	fi

$(BIN)/.installed: pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

# Front-end packages (htmx, ECharts, axe-core) from package-lock.json; Django serves a listed few
# of their files itself (yichuang.common.staticfinders) — no CDN, nothing copied into the repo.
node_modules/.installed: package-lock.json
	@$(MAKE) --no-print-directory sysdeps
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(BIN)/.installed node_modules/.installed

migrate: sysdeps venv
	@mkdir -p var
	$(BIN)/yichuang migrate --noinput -v 0

# The demo's seal key is for the demo database only; production sets its own and backs it up.
demo: export YICHUANG_SEAL_KEY ?= demo-only-seal-key-not-for-production
demo: export YICHUANG_PUBLIC_URL ?= http://127.0.0.1:$(PORT)
# /metrics sums every gunicorn worker's request timings through this folder (emptied at start).
demo: export PROMETHEUS_MULTIPROC_DIR ?= $(CURDIR)/var/prometheus
demo: export YICHUANG_METRICS_TOKEN ?= demo-metrics-token
# 办件信息汇聚: the demo reports every case event to the reference provincial receiver (127.0.0.1:8411).
demo: export PROVINCIAL_EXCHANGE_URL ?= http://127.0.0.1:8411
demo: export PROVINCIAL_EXCHANGE_KEY ?= demo-provincial-key-not-for-production
# 统一身份认证: the local OpenID provider (`yichuang run_identity_provider`, node + oidc-provider) on
# 127.0.0.1:$(IDP_PORT), with a demo citizen and a demo clerk (decision 0095).
IDP_PORT ?= 8403
demo: export OIDC_PROVIDER_URL ?= http://127.0.0.1:$(IDP_PORT)
demo: export OIDC_CLIENT_ID ?= yichuang-demo
demo: export OIDC_CLIENT_SECRET ?= demo-oidc-secret-not-for-production
demo: migrate
	$(BIN)/yichuang load_demo
	$(BIN)/yichuang create_ca --if-missing
	$(BIN)/yichuang issue_seals
	$(BIN)/yichuang collectstatic --noinput -v 0
	@echo "一窗通 is serving on http://127.0.0.1:$(PORT)/  (办事指南: /guide/  管理后台: /admin/  API: /api/docs/  验证: /verify/)"
	@echo "监控: /healthz   /metrics (Authorization: Bearer $$YICHUANG_METRICS_TOKEN)"
	@echo "统一身份认证(本地参考): $$OIDC_PROVIDER_URL  演示账号 demo_citizen(群众)、xc_clerk1(溪城街道窗口),密码同上"
	@rm -rf "$$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"
	@# The task runner (huey on a SQLite file) runs beside the web server: it delivers the outbox
	@# (seals, alerts, rollups) and runs every job of yichuang/ops/schedule.py. So does the reference payment platform (127.0.0.1:8401). Ctrl-C stops them all.
	$(BIN)/yichuang run_huey & \
	$(BIN)/yichuang run_payment_provider & \
	$(BIN)/yichuang run_provincial_receiver & \
	$(BIN)/yichuang run_identity_provider --port $(IDP_PORT) & \
	$(BIN)/gunicorn yichuang.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

# The suite on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto
test: sysdeps venv
	$(BIN)/pytest -n $(TEST_WORKERS)

bench: venv
	$(BIN)/python bench/catalog_import.py
	$(BIN)/python bench/guide_search.py
	$(BIN)/python bench/monday.py

# Faults under load on a PostgreSQL cluster of its own (port 55432, removed afterwards): kill -9
# workers and the relay, crash PostgreSQL; then every acknowledged case exists once, whole, the
# audit chain verifies and the outbox delivered everything once. Quick size: FAULTS_ARGS=--seconds=30 FEES_FAULTS_ARGS="--payers=24 --outage=20"
faults: venv
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)
	$(BIN)/python bench/fees_faults.py $(FEES_FAULTS_ARGS)

# Several machines on loopback (bench/cluster.py): 3 gunicorn nodes behind nginx, 2 task workers,
# a PostgreSQL primary (55440) with a streaming replica (55441) and Redis (6390); an app node, a
# worker and Redis fail under load, then nothing acknowledged is lost or doubled. nginx, Redis and
# PostgreSQL come from Debian. Quick size: CLUSTER_ARGS="--seconds=45 --compare=8"
CLUSTER_PACKAGES ?= nginx-light redis-server postgresql
cluster: venv
	@missing=""; for p in $(CLUSTER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing"; exit 1; fi; \
	fi
	$(BIN)/python bench/cluster.py $(CLUSTER_ARGS)

# Every page the browser tests visit, at 1280 px and at 375 px with 200% text, into screenshots/
# (not committed): the browser tests write them when YICHUANG_SCREENSHOT_DIR is set.
screenshots: venv
	YICHUANG_SCREENSHOT_DIR=$(CURDIR)/screenshots $(BIN)/pytest -q -o addopts= yichuang -k browser

clean:
	rm -rf $(VENV) var .pytest_cache
