"""What the reminder tests share: a real SMTP server on loopback, members with addresses,
and real Celery workers started as subprocesses against the test database."""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from tests.factories import MemberFactory

from . import scans  # noqa: F401 (registers the test-only kinds)

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    """aiosmtpd handler that records what it accepted; it can be slow, refuse or fail."""

    def __init__(self):
        self.messages = []  # email.message.Message, in order of acceptance
        self.delay = 0.0
        self.rejected = set()  # addresses refused at RCPT with 550
        self.temporary_failures = 0  # the next N messages get 451
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.rejected:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.temporary_failures:
                self.temporary_failures -= 1
                return "451 4.3.0 Try again later"
            message = email.message_from_bytes(envelope.content)
            message["X-Test-Rcpt"] = ",".join(envelope.rcpt_tos)
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def reminder_ids(self):
        with self.lock:
            return [int(m["X-Hongjun-Reminder"]) for m in self.messages]


@pytest.fixture
def smtp_server():
    handler = MailServer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """Django's mail in this process goes to the loopback SMTP server, not to locmem."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return smtp_server


@pytest.fixture
def members_with_email(db):
    def make(count, branch=None):
        extra = {"branch": branch} if branch else {}
        return [
            # No password: hashing one costs half a second per member.
            MemberFactory(
                user__email=f"m{i}-{time.monotonic_ns()}@hongjun.test",
                user__password=None,
                **extra,
            )
            for i in range(count)
        ]

    return make


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


class Worker:
    """`celery -A hongjun worker` in its own process group, on the test database."""

    def __init__(self, log_dir, name, broker, smtp_port, concurrency=2):
        self.name = name
        self.log_path = log_dir / f"worker-{name}.log"
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": broker,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "CONN_MAX_AGE": "0",
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
                "--include=tests.reminders.scans",
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


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(name, smtp_port, broker=None, concurrency=2, wait=True):
        worker = Worker(tmp_path, name, broker or broker_url(), smtp_port, concurrency)
        workers.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()
