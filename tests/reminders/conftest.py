"""What the reminder tests share: a real SMTP server on loopback, members with addresses,
and real Celery workers started as subprocesses against the test database."""

import asyncio
import email
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.factories import MemberFactory

# test_faults imports these from here, as it did when they lived in this file.
from tests.workers import ROOT, Worker, broker_url, wait_for, worker_database_url  # noqa: F401

from . import scans  # noqa: F401 (registers the test-only kinds)


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
