"""Real Celery workers for the tests: `celery -A hongjun worker` subprocesses on the test
database and the suite's Redis, and a helper to wait for what they do."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def wait_for(condition, timeout=20.0, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {message}")


def worker_database_url():
    """The URL of pytest-django's test database (`test_<name>`), for the worker processes."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def broker_url():
    url = os.environ.get("REDIS_URL") or settings.REDIS_URL
    if not url:
        pytest.fail("The worker tests need a real Redis: run them with REDIS_URL (make test).")
    return url


@contextlib.contextmanager
def media_worker(tmp_path, settings, name):
    """A started worker sharing the test's media folder (uploads in, built files out)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    process = Worker(tmp_path, name, broker_url(), env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


class Worker:
    """`celery -A hongjun worker` in its own process group, on the test database."""

    def __init__(self, log_dir, name, broker, smtp_port=25, concurrency=2, env=None):
        self.name = name
        self.log_path = log_dir / f"worker-{name}.log"
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": broker,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "CONN_MAX_AGE": "0",
            **(env or {}),
        }
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hongjun",
                "worker",
                "-n",
                f"{name}@%h",
                "--pool=threads",
                f"--concurrency={concurrency}",
                "--include=tests.reminders.scans",  # the reminder tests' own kinds
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def text(self):
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout=40):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"worker {self.name} exited:\n{self.text()}")
            return " ready." in self.text()

        wait_for(ready, timeout, message=f"worker {self.name} to start")

    def kill(self):
        """kill -9 the worker and its children: no chance to ack, requeue or clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        self.kill()
        self.log.close()
