#!/usr/bin/env python
"""Several machines on loopback (issue 16 §7, `make cluster`): 3 app nodes (gunicorn) behind
nginx, 2 task workers (the task runner, huey on Redis), a PostgreSQL primary with a streaming replica, and
Redis as the shared cache — then a Monday-morning intake load through nginx while an app node
is killed, a worker is killed and Redis is stopped for 30 s. Then prove, with bench/faults.py's
checks: every acknowledged case exists once, whole; the audit chain verifies; every event was
delivered once per consumer; and the replica holds what the primary holds.

    .venv/bin/python bench/cluster.py [--seconds 60] [--compare 12] [--clerks 6] [--readers 4]

Prints requests/s of the same clerks against 1 node directly and through nginx over 3 nodes
(same run, before the faults), the replica's lag (bytes and seconds, sampled each second) and
the load average. Ports: nginx 8110, nodes 8111-8113, PostgreSQL 55440 (primary) and 55441
(replica), Redis 6390 — all on 127.0.0.1, all removed at the end. Exits non-zero when a check
fails. CI: `make cluster CLUSTER_ARGS="--seconds=45 --compare=8"`.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _faults_checks import check, client_problems, wait_for_outbox  # noqa: E402
from _faults_clients import Ledger, clerk  # noqa: E402
from _faults_processes import PG_BIN, Cluster, Relay  # noqa: E402
from intake import HOST, ROOT, start_gunicorn, stop  # noqa: E402
from monday import seed  # noqa: E402

NGINX, NODES, PRIMARY, REPLICA, REDIS = 8110, (8111, 8112, 8113), 55440, 55441, 6390
REDIS_DOWN = 30.0


class Replica(Cluster):
    """A hot standby streaming from `primary` (pg_basebackup -R), in a folder of its own."""

    def __init__(self, primary: Cluster, port: int):
        super().__init__(port)
        self.primary = primary

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._as_owner(
            str(PG_BIN / "pg_basebackup"),
            *("-h", HOST, "-p", str(self.primary.port), "-U", "postgres", "-D", str(self.data)),
            *("-R", "-X", "stream", "-c", "fast"),
        )
        self.pg_ctl("start")

    def lag(self) -> tuple[int, float] | None:
        """(bytes, seconds) the replica's replay is behind, as the primary sees it."""
        import psycopg

        try:
            with psycopg.connect(self.primary.url, connect_timeout=2) as conn:
                row = conn.execute(
                    "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn),"
                    " coalesce(extract(epoch FROM replay_lag), 0) FROM pg_stat_replication"
                ).fetchone()
        except psycopg.Error:
            return None
        return (int(row[0]), float(row[1])) if row else None


class Redis:
    def __init__(self, port: int):
        self.port, self.process = port, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(50):
            try:
                http.client.HTTPConnection(HOST, self.port, timeout=1).connect()
                return
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        stop(self.process)


class Nginx:
    """nginx in a folder of its own, with the locations of deploy/nginx (the production site's)."""

    def __init__(self, port: int, nodes: tuple[int, ...]):
        self.dir = Path(tempfile.mkdtemp(prefix="yc-cluster-nginx-"))
        self.dir.chmod(0o755)  # nginx's workers (nobody) buffer large bodies in temp folders here
        servers = "\n".join(f"    server {HOST}:{p} max_fails=1 fail_timeout=5s;" for p in nodes)
        var = os.environ.get("YICHUANG_VAR_DIR", str(ROOT / "var"))
        (self.dir / "nginx.conf").write_text(
            f"""daemon off;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {self.dir}/body; proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fcgi; uwsgi_temp_path {self.dir}/uwsgi; scgi_temp_path {self.dir}/scgi;
  upstream yichuang_app {{
{servers}
    keepalive 32;
  }}
  server {{
    listen {HOST}:{port};
    set $yichuang_var {var};
    include {ROOT}/deploy/nginx/yichuang-locations.conf;
  }}
}}
"""
        )
        self.process = None

    def start(self) -> None:
        if not shutil.which("nginx"):
            sys.exit("bench/cluster.py needs nginx: apt-get install nginx-light")
        self.process = subprocess.Popen(
            ["nginx", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")], start_new_session=True
        )
        time.sleep(0.5)

    def stop(self) -> None:
        stop(self.process)
        shutil.rmtree(self.dir, ignore_errors=True)


class Readers:
    """Anonymous citizens reading the public scorecard and the guide through nginx, each from
    its own loopback address (127.0.0.N): the rate limits count them apart through
    X-Forwarded-For (TRUSTED_PROXY_HOPS=1) in the shared cache."""

    PAGES = ("/supervision/public/", "/guide/")

    def __init__(self):
        self.lock, self.answers = threading.Lock(), {}

    def run(self, n: int, deadline: float, outage: list) -> None:
        conn, i = None, 0
        while time.monotonic() < deadline:
            i += 1
            if conn is None:
                conn = http.client.HTTPConnection(HOST, NGINX, timeout=30, source_address=(f"127.0.0.{10 + n}", 0))
            try:
                conn.request("GET", self.PAGES[i % len(self.PAGES)])
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn, status = None, 0
            now = time.monotonic()
            during = bool(outage) and outage[0] <= now and (len(outage) == 1 or now <= outage[1])
            with self.lock:
                key = ("during Redis outage" if during else "otherwise", status)
                self.answers[key] = self.answers.get(key, 0) + 1
            time.sleep(0.05)


def run_load(ledger: Ledger, world: dict, port: int, clerks: int, seconds: float) -> float:
    """The clerks of bench/faults.py against `port` for `seconds`; returns requests/s."""
    before, began = ledger.requests, time.monotonic()
    deadline = began + seconds
    threads = [threading.Thread(target=clerk, args=(world, port, i, deadline, ledger)) for i in range(clerks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (ledger.requests - before) / (time.monotonic() - began)


def chaos(nodes: list, relays: list, redis: Redis, seconds: float, events: list, outage: list) -> None:
    """Kill -9 an app node at a tenth of the run (restarted 5 s later, as systemd would), a
    worker at a fifth, stop Redis for 30 s from a quarter."""
    start = time.monotonic()

    def at(t: float) -> None:
        time.sleep(max(0.0, start + t - time.monotonic()))

    def restart_node() -> None:
        time.sleep(5)
        nodes[1] = start_gunicorn(os.environ["DATABASE_URL"], "2", NODES[1])
        events.append(f"{time.monotonic() - start:5.1f}s app node 2 answers again")

    at(seconds / 10)
    os.killpg(nodes[1].pid, signal.SIGKILL)
    events.append(f"{time.monotonic() - start:5.1f}s kill -9 app node 2 (gunicorn master and workers)")
    restarter = threading.Thread(target=restart_node)
    restarter.start()
    at(seconds / 5)
    relays[0].kill()
    events.append(f"{time.monotonic() - start:5.1f}s kill -9 task worker 1 (restarted by its supervisor)")
    at(seconds / 4)
    redis.stop()
    outage.append(time.monotonic())
    events.append(f"{time.monotonic() - start:5.1f}s Redis stopped")
    time.sleep(REDIS_DOWN)
    redis.start()
    outage.append(time.monotonic())
    events.append(f"{time.monotonic() - start:5.1f}s Redis back after {outage[1] - outage[0]:.0f} s")
    restarter.join()


def sample_lag(replica: Replica, until: threading.Event, samples: list) -> None:
    while not until.is_set():
        lag = replica.lag()
        if lag:
            samples.append(lag)
        until.wait(1)


def replica_matches(primary: Cluster, replica: Replica, timeout: float = 60) -> str | None:
    import psycopg

    query = "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM ledger_auditrecord)"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with psycopg.connect(primary.url) as a, psycopg.connect(replica.url) as b:
            want, got = a.execute(query).fetchone(), b.execute(query).fetchone()
        if want == got:
            return None
        time.sleep(1)
    return f"the replica has (cases, audit records) {got}, the primary {want}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="load with faults")
    parser.add_argument("--compare", type=float, default=12, help="seconds of load on 1 node, then on 3")
    parser.add_argument("--clerks", type=int, default=6)
    parser.add_argument("--readers", type=int, default=4)
    args = parser.parse_args()
    if args.seconds * 3 / 4 < REDIS_DOWN + 3:
        sys.exit(
            f"--seconds must leave room for Redis's {REDIS_DOWN:.0f} s outage from a quarter of the run: 45 at least"
        )

    primary = Cluster(PRIMARY)
    replica = Replica(primary, REPLICA)
    log_path = Path(tempfile.gettempdir()) / f"yc-cluster-{os.getpid()}.log"
    terminal = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)

    def say(text: str) -> None:
        print(text, file=terminal, flush=True)

    say(f"server logs: {log_path}")
    os.environ.update(
        {
            "DATABASE_URL": primary.url,
            "YICHUANG_REPLICA_URL": replica.url,
            "YICHUANG_CACHE_URL": f"redis://{HOST}:{REDIS}/0",
            "YICHUANG_TASKS_URL": f"redis://{HOST}:{REDIS}/1",  # the task runner's queue (huey on Redis)
            "TRUSTED_PROXY_HOPS": "1",
            "DJANGO_SETTINGS_MODULE": "yichuang.settings",
            "LOG_LEVEL": "CRITICAL",
            "CONN_MAX_AGE": "600",
        }
    )
    redis, nginx, nodes, relays = Redis(REDIS), Nginx(NGINX, NODES), [], []
    stop_lag, lag_samples = threading.Event(), []
    try:
        say(f"load average {os.getloadavg()[0]:.2f}; PostgreSQL primary :{PRIMARY} and replica :{REPLICA} …")
        primary.create()
        replica.create()
        redis.start()
        world = seed(args.clerks, 0, 0, pages=True)
        nodes = [start_gunicorn(primary.url, "2", port) for port in NODES]
        nginx.start()
        # Two task-runner workers as deploy/ runs them: one with the schedule (the minute's outbox
        # sweep among its jobs), one without (`--no-periodic`, yichuang-worker@.service).
        relays = [Relay(primary.url, ("run_huey", "--no-periodic")), Relay(primary.url, ("run_huey",))]
        for relay in relays:
            relay.start()
        threading.Thread(target=sample_lag, args=(replica, stop_lag, lag_samples), daemon=True).start()
        ledger, events, outage, readers = Ledger(), [], [], Readers()

        one = run_load(ledger, world, NODES[0], args.clerks, args.compare)
        three = run_load(ledger, world, NGINX, args.clerks, args.compare)
        say(
            f"requests/s, same {args.clerks} clerks, {args.compare:.0f} s each: 1 node {one:.1f}, "
            f"3 nodes through nginx {three:.1f} (×{three / one:.2f}) — load average {os.getloadavg()[0]:.2f}"
        )
        say(f"{args.seconds:.0f} s through nginx with faults …")
        deadline = time.monotonic() + args.seconds
        reader_threads = [
            threading.Thread(target=readers.run, args=(n, deadline, outage), daemon=True) for n in range(args.readers)
        ]
        chaos_thread = threading.Thread(target=chaos, args=(nodes, relays, redis, args.seconds, events, outage))
        for t in [*reader_threads, chaos_thread]:
            t.start()
        rate = run_load(ledger, world, NGINX, args.clerks, args.seconds)
        chaos_thread.join()
        for t in reader_threads:
            t.join()
        wait_for_outbox(120)
        stop_lag.set()
        say("\n".join(events))
        say(
            f"with faults: {rate:.1f} requests/s; {ledger.requests} requests in all, {ledger.retries} retries with "
            f"the same key, {ledger.gave_up} gave up, {ledger.unexpected} unexpected; workers restarted "
            f"{sum(r.restarts for r in relays)}× — load average {os.getloadavg()[0]:.2f}"
        )
        for sample in ledger.samples:
            say(f"    e.g. {sample}")
        say(
            "citizens' reads (when, HTTP status: count): "
            + ", ".join(f"{k[0]} {k[1]}: {v}" for k, v in sorted(readers.answers.items()))
        )
        if lag_samples:
            say(
                f"replica lag (primary's pg_stat_replication, {len(lag_samples)} samples): max "
                f"{max(b for b, _ in lag_samples):,} bytes, {max(s for _, s in lag_samples):.3f} s; median "
                f"{sorted(b for b, _ in lag_samples)[len(lag_samples) // 2]:,} bytes"
            )
        for node in nodes:
            stop(node)
        for relay in relays:
            relay.stop()
        problems = check(world, ledger, primary.url)
        if (mismatch := replica_matches(primary, replica)) is not None:
            problems.append(mismatch)
        if not lag_samples:
            problems.append("the replica never showed in pg_stat_replication")
        problems += client_problems(ledger)
        say("CLUSTER: " + ("all checks passed" if not problems else "FAILED\n  " + "\n  ".join(problems)))
        return 1 if problems else 0
    finally:
        stop_lag.set()
        for relay in relays:
            relay.stop()
        for node in nodes:
            stop(node)
        nginx.stop()
        redis.stop()
        from django.db import connections

        connections.close_all()
        replica.destroy()
        primary.destroy()


if __name__ == "__main__":
    sys.exit(main())
