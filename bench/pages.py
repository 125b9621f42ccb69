"""The portal's pages under gunicorn on the company data set: rps, p50/p95/p99, queries.

    make bench                       # BENCH_DATABASE_URL, BENCH_PORT, ... below

Needs a database built by `manage.py seed_company` (docs/performance.md). The script:

1. collects the static files (DEBUG is off, as in production) and counts each page's
   queries once through Django's test client with CaptureQueriesContext, on the same
   database;
2. starts gunicorn with deploy/gunicorn.conf.py on 127.0.0.1:BENCH_PORT, BENCH_FLOOR=1;
3. logs in as committee, secretary and member by posting the login form, and makes
   sessions directly for members who have not signed this year's pledge (one signature
   each: signing twice is refused);
4. drives each page of `devtools.company.PAGES` alone (BENCH_CONCURRENCY threads, at most
   BENCH_SECONDS seconds or BENCH_REQUESTS requests), in BENCH_ROUNDS slices with the
   pages taking turns, the floor page first; BENCH_PAGES names some pages only;
5. runs a mixed load of BENCH_USERS concurrent users for BENCH_MIXED_SECONDS seconds;
6. prints the table and writes bench/results.json (or BENCH_RESULTS); exits with 1 when a
   page misses its p95 target or a request of the mixed load failed.

Only 127.0.0.1 is ever contacted. Each run signs up to BENCH_SIGNERS pledges; rebuild the
data set when the unsigned members run out.
"""

import gzip
import http.client
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PORT = int(os.environ.get("BENCH_PORT", "8110"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
# Each page's seconds are split into this many slices, the pages taking turns.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
MAX_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
MIXED_SECONDS = float(os.environ.get("BENCH_MIXED_SECONDS", "60"))
SIGNERS = int(os.environ.get("BENCH_SIGNERS", "900"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hj_company")
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results.json"))
# Some pages only (names from devtools.company.PAGES, comma-separated; the floor always).
ONLY = {name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()}
PASSWORD = "redcollar-demo"  # noqa: S105 (the demo accounts' public password)

# The environment of production, as far as one machine goes: DEBUG off, manifest static
# files, no HTTPS redirect (there is no proxy in front), the floor page routed.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "hongjun.settings",
    "DEBUG": "0",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 50),
    "DATABASE_URL": DATABASE_URL,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_ROOT": os.environ.get("BENCH_STATIC_ROOT", "/tmp/hongjun-bench-static"),
    "BENCH_FLOOR": "1",
    "LOG_LEVEL": "WARNING",
    # Production has Redis: sessions are read from it (hongjun.sessions). Tasks queued
    # during the run wait there for a worker that the benchmark does not start.
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    "AXES_FAILURE_LIMIT": "1000",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_ACCESS_LOG": "",
    "GUNICORN_LOG_LEVEL": "warning",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from branches.models import Activity, Attendance, Branch, Member  # noqa: E402
from devtools import company  # noqa: E402
from hongjun.sessions import SessionStore  # noqa: E402
from reminders.models import Reminder  # noqa: E402
from safety.models import Hazard, PledgeSignature  # noqa: E402

MODEL_BACKEND = "hongjun.backends.PortalBackend"


# Sessions and requests ------------------------------------------------------------------


class Signers:
    """Sessions of members yet to sign, handed out one per signing request."""

    def __init__(self, members):
        self.lock = threading.Lock()
        self.items = [(make_session(m.user), m) for m in members]

    def take(self):
        with self.lock:
            return self.items.pop() if self.items else None


def make_session(user):
    now = int(time.time())
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = MODEL_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["started_at"] = store["last_seen_at"] = now
    store.create()
    return store.session_key


def request(method, path, cookies=None, body=None, timeout=120):
    """One request on a fresh connection (gunicorn's sync workers close each one), taking
    gzip like a browser: the time includes the server's compressing, not our unpacking."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    headers = {"User-Agent": "hongjun-bench", "Accept-Encoding": "gzip"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        body = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    began = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    took = time.perf_counter() - began
    if response.getheader("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    set_cookies = response.headers.get_all("Set-Cookie") or []
    conn.close()
    return response.status, took, data, set_cookies


def cookie_from(set_cookies, name):
    for header in set_cookies:
        match = re.match(rf"{name}=([^;]*)", header)
        if match:
            return match.group(1)
    return None


def login(username):
    """Post the login form like a browser: GET for the CSRF token, POST, keep the session."""
    status, _took, data, set_cookies = request("GET", "/accounts/login/")
    csrf = cookie_from(set_cookies, "csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', data).group(1).decode()
    status, _took, _data, set_cookies = request(
        "POST",
        "/accounts/login/",
        cookies={"csrftoken": csrf},
        body={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    session = cookie_from(set_cookies, "sessionid")
    if status != 302 or not session:
        raise SystemExit(f"login as {username} failed: {status}")
    return session


# The pages --------------------------------------------------------------------------------


class Driver:
    def __init__(self, targets, sessions, signers, version_id, names):
        self.targets, self.sessions, self.signers = targets, sessions, signers
        self.version_id, self.names = version_id, names
        self.csrf = secrets.token_hex(16)  # a 32-character secret, as the cookie holds

    def path(self, page):
        return page.path.format(**self.targets)

    def hit(self, page):
        """(ok, seconds) for one request of `page`; a signer is used up by their POST."""
        cookies, body = {}, None
        if page.role == "signer":
            taken = self.signers.take()
            if taken is None:
                return None
            session, member = taken
            cookies = {"sessionid": session, "csrftoken": self.csrf}
            body = {
                "csrfmiddlewaretoken": self.csrf,
                "version": self.version_id,
                "typed_name": member.name,
            }
        elif page.role != "anonymous":
            cookies = {"sessionid": self.sessions[page.role]}
        try:
            status, took, _data, _c = request(page.method, self.path(page), cookies, body)
        except (OSError, http.client.HTTPException):
            return False, 0.0
        return status == page.expect, took


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def drive(driver, pages, threads, seconds, max_requests, pick=None):
    """Run `threads` workers for `seconds` (or `max_requests`); latencies by page name."""
    latencies = {p.name: [] for p in pages}
    errors = {p.name: 0 for p in pages}
    counter = {"n": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    rng = random.Random(1)

    def work():
        while time.monotonic() < deadline:
            with lock:
                if counter["n"] >= max_requests:
                    return
                counter["n"] += 1
                page = pick(rng) if pick else pages[0]
            result = driver.hit(page)
            if result is None:  # no signer left: read the pledge page instead
                page = next(p for p in pages if p.name == "pledge page")
                result = driver.hit(page)
            ok, took = result
            with lock:
                if ok:
                    latencies[page.name].append(took)
                else:
                    errors[page.name] += 1

    began = time.monotonic()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, errors, time.monotonic() - began


def summary(latencies, elapsed):
    values = sorted(latencies)
    ms = lambda v: None if v is None else round(v * 1000, 1)  # noqa: E731
    return {
        "requests": len(values),
        "rps": round(len(values) / elapsed, 1) if elapsed else None,
        "p50_ms": ms(percentile(values, 50)),
        "p95_ms": ms(percentile(values, 95)),
        "p99_ms": ms(percentile(values, 99)),
        "mean_ms": ms(statistics.fmean(values)) if values else None,
    }


# Query counts, once per page through the test client ----------------------------------


def count_queries(targets, signer):
    setup_test_environment()
    counts = {}
    for page in company.PAGES:
        status, n = company.count_queries(page, targets, signer)
        if status != page.expect:
            raise SystemExit(f"{page.name}: {status} from the test client")
        counts[page.name] = n
    return counts


# The run ----------------------------------------------------------------------------------


def cpu_seconds():
    """Seconds one core takes for ten million additions in Python: the machine's speed at
    this moment, to compare runs from different days (it drifts by two on shared hosts)."""
    began = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return round(time.perf_counter() - began, 2)


def machine():
    def run(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "nproc": run("nproc").strip(),
        "memory": run("free", "-h").splitlines()[1].split()[1] if run("free", "-h") else "",
        "postgresql": pg,
        "python": sys.version.split()[0],
        "gunicorn_workers": int(os.environ.get("GUNICORN_WORKERS", 0))
        or (os.cpu_count() or 1) * 2 + 1,
        "load_before": os.getloadavg(),
        "cpu_seconds_before": cpu_seconds(),
        "commit": run("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD").strip(),
    }


def dataset():
    return {
        "branches": Branch.objects.count(),
        "members": Member.objects.count(),
        "activities": Activity.objects.count(),
        "attendance": Attendance.objects.count(),
        "hazards": Hazard.objects.count(),
        "pledge signatures": PledgeSignature.objects.count(),
        "reminders": Reminder.objects.count(),
    }


def start_server():
    env = dict(os.environ)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "hongjun.wsgi"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        time.sleep(0.3)
        try:
            if request("GET", "/bench/floor/", timeout=2)[0] == 200:
                return server
        except OSError:
            continue
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def main():
    began = time.monotonic()
    call_command("collectstatic", "--noinput", verbosity=0)
    targets = company.bench_targets()
    from safety.pledges import queries as safety_queries

    version_id = safety_queries.current_version().pk
    pool = company.unsigned_members(SIGNERS + 1)
    if len(pool) < 10:
        raise SystemExit("Too few members left to sign: rebuild the data set.")
    queries = count_queries(targets, pool.pop())
    signers = Signers(pool)
    info = {"machine": machine(), "dataset": dataset(), "targets": targets}
    print(f"data set: {info['dataset']}", flush=True)
    print(f"cpu: 10 million additions in {info['machine']['cpu_seconds_before']} s", flush=True)

    server = start_server()
    try:
        sessions = {role: login(role) for role in ("committee", "secretary", "member")}
        driver = Driver(targets, sessions, signers, version_id, None)
        chosen = [p for p in company.PAGES if not ONLY or p.name == "floor" or p.name in ONLY]
        for page in chosen:
            # Warm up every worker's caches and connection (not counted).
            for _ in range(6):
                if page.role != "signer":
                    driver.hit(page)
        # Each page's time in ROUNDS slices, the pages taking turns (floor, dashboard, ...,
        # floor, dashboard, ...): when the machine's speed drifts during the run, every page
        # sees the same drift instead of one page the slow minute.
        samples = {p.name: [] for p in chosen}
        failures = dict.fromkeys(samples, 0)
        spent = dict.fromkeys(samples, 0.0)
        limits = {p.name: 20 if p.name == "ledger" else MAX_REQUESTS for p in chosen}
        for page in chosen:
            if page.role == "signer":  # a third of the signers; the mixed load has the rest
                limits[page.name] = min(limits[page.name], len(signers.items) // 3)
        for _ in range(ROUNDS):
            for page in chosen:
                left = limits[page.name] - len(samples[page.name])
                if left <= 0:
                    continue
                lat, err, elapsed = drive(driver, [page], CONCURRENCY, SECONDS / ROUNDS, left)
                samples[page.name] += lat[page.name]
                failures[page.name] += err[page.name]
                spent[page.name] += elapsed
        pages = {}
        floor_p50 = None
        for page in chosen:
            row = summary(samples[page.name], spent[page.name])
            row.update(
                errors=failures[page.name],
                queries=queries[page.name],
                queries_pinned=page.queries,
                target_p95_ms=page.target_p95_ms,
                role=page.role,
                path=driver.path(page),
            )
            if page.name == "floor":
                floor_p50 = row["p50_ms"]
            row["p50_over_floor"] = (
                round(row["p50_ms"] / floor_p50, 1) if row["p50_ms"] and floor_p50 else None
            )
            row["meets_target"] = (
                (
                    page.target_p95_ms is None
                    or (row["p95_ms"] is not None and row["p95_ms"] < page.target_p95_ms)
                )
                and row["errors"] == 0
                and row["queries"] <= 20
            )
            pages[page.name] = row
            print(
                f"{page.name:<18} {row['rps']:>7} rps  p50 {row['p50_ms']:>7} ms  "
                f"p95 {row['p95_ms']:>7} ms  p99 {row['p99_ms']:>7} ms  "
                f"{row['queries']:>2} queries  x{row['p50_over_floor']} floor  "
                f"errors {row['errors']}",
                flush=True,
            )

        # The mixed load: what a busy morning looks like, every page at once.
        weights = {
            "dashboard": 1,
            "compliance matrix": 1,
            "activity list": 3,
            "activity detail": 3,
            "ledger": 0.2,
            "pledge page": 3,
            "pledge signing": 2,
            "hazard list": 2,
            "initiatives list": 2,
            "calendar": 1,
            "study sessions": 1,
            "zones": 1,
            "dues overview": 0.5,
            "project form": 0.5,
            "member search": 2,
        }
        mixed_pages = [p for p in company.PAGES if p.name in weights]

        def pick(rng):
            return rng.choices(mixed_pages, [weights[p.name] for p in mixed_pages])[0]

        lat, err, elapsed = drive(driver, mixed_pages, USERS, MIXED_SECONDS, 10**9, pick)
        everything = [v for values in lat.values() for v in values]
        mixed = summary(everything, elapsed)
        mixed.update(
            users=USERS,
            seconds=MIXED_SECONDS,
            errors=sum(err.values()),
            errors_by_page={k: v for k, v in err.items() if v},
            requests_by_page={k: len(v) for k, v in lat.items()},
        )
        print(
            f"mixed load: {USERS} users for {MIXED_SECONDS:.0f} s: {mixed['requests']} requests, "
            f"{mixed['rps']} rps, p50 {mixed['p50_ms']} ms, p95 {mixed['p95_ms']} ms, "
            f"p99 {mixed['p99_ms']} ms, errors {mixed['errors']}",
            flush=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    info.update(
        pages=pages,
        mixed=mixed,
        settings={
            "concurrency": CONCURRENCY,
            "seconds_per_page": SECONDS,
            "rounds": ROUNDS,
            "max_requests_per_page": MAX_REQUESTS,
        },
        finished_at=time.strftime("%Y-%m-%d %H:%M:%S %z"),
        took_seconds=round(time.monotonic() - began, 1),
        load_after=os.getloadavg(),
        cpu_seconds_after=cpu_seconds(),
    )
    RESULTS.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {RESULTS}")
    missed = [name for name, row in pages.items() if not row["meets_target"]]
    if missed or mixed["errors"]:
        print(f"targets missed: {', '.join(missed) or '-'}; mixed-load errors: {mixed['errors']}")
        raise SystemExit(1)
    print("every target met, no errors under the mixed load")


if __name__ == "__main__":
    main()
