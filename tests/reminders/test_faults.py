"""The three faults of issue 8 against a real Redis, real Celery workers (subprocesses on
the test database) and a real SMTP server on loopback.

The tests use `transactional_db`: rows must be committed for the workers to see them.
Redis db of REDIS_URL is this suite's own, so it is flushed first; the broker-down test
starts a throwaway redis-server of its own and never touches the shared one.
"""

import collections
import datetime
import os
import shutil
import subprocess
import sys
import time

import pytest
import redis
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hongjun.celery import app as celery_app
from reminders import services as reminders
from reminders import tasks
from reminders.models import Reminder

from .conftest import ROOT, broker_url, wait_for
from .scans import EVERYONE

pytestmark = pytest.mark.django_db(transaction=True)
State = Reminder.State


@pytest.fixture(autouse=True)
def empty_broker():
    """Nothing left in this suite's Redis db by an earlier run (e.g. a killed worker's task)."""
    redis.Redis.from_url(broker_url()).flushdb()
    celery_app.close()  # fresh connections to the broker for this test
    yield
    celery_app.close()


def all_sent():
    return not Reminder.objects.exclude(state=State.SENT).exists()


def test_scans_and_deliveries_running_twice_at_once_send_each_reminder_once(
    members_with_email, smtp_server, start_worker
):
    """Two workers receive two scans, two sweeps and every row's task twice, all at once."""
    smtp_server.delay = 0.05  # widen the window in which the workers race
    members = members_with_email(8)
    reminders.run_scans(kinds=[EVERYONE], kick=False)  # committed: the workers see the rows
    ids = list(Reminder.objects.values_list("pk", flat=True))
    first = start_worker("w1", smtp_server.port, wait=False)
    second = start_worker("w2", smtp_server.port, wait=False)
    first.wait_ready()
    second.wait_ready()

    for _ in range(2):
        tasks.run_scans.delay()
        tasks.deliver_pending.delay()
        for reminder_id in ids:
            tasks.deliver_reminder.delay(reminder_id)

    wait_for(lambda: len(smtp_server.messages) >= len(members) and all_sent(), 30, message="mail")
    time.sleep(1.5)  # let every queued task finish: a late duplicate would show below
    sent = collections.Counter(smtp_server.reminder_ids())
    assert sorted(sent) == sorted(ids)
    assert set(sent.values()) == {1}, f"sent more than once: {sent}"
    assert Reminder.objects.count() == len(members)  # the re-run scans added nothing
    assert "deliver_reminder" in first.text() + second.text()


def test_worker_killed_mid_batch_loses_nothing(members_with_email, smtp_server, start_worker):
    """kill -9 the worker while it works through a batch; the next run delivers the rest.

    At least once, never lost: rows the batch had not reached are still PENDING and go out
    with the next `deliver_pending` (beat runs it every few minutes). The row in flight
    when the worker died is left SENDING; it is claimed again once its claim is older
    than CLAIM_TIMEOUT (here we age the claim instead of waiting ten minutes). It is the
    only row that may go out twice (if the server had accepted it before the kill): each
    row is marked SENT right after its own send, before the next row is claimed.
    """
    smtp_server.delay = 0.4
    members = members_with_email(10)
    worker = start_worker("doomed", smtp_server.port, concurrency=1)
    with transaction.atomic():
        reminders.run_scans(kinds=[EVERYONE])  # on commit: deliver_pending is queued
    wait_for(lambda: len(smtp_server.messages) >= 3, 30, message="the batch to start")
    worker.kill()

    states = collections.Counter(Reminder.objects.values_list("state", flat=True))
    assert states[State.PENDING] >= 1, states  # the batch really was cut short
    assert states[State.SENDING] <= 1, states
    in_flight = set(Reminder.objects.filter(state=State.SENDING).values_list("pk", flat=True))
    Reminder.objects.filter(state=State.SENDING).update(
        claimed_at=datetime.datetime.now(datetime.UTC)
        - reminders.CLAIM_TIMEOUT
        - datetime.timedelta(seconds=1)
    )

    smtp_server.delay = 0
    start_worker("next", smtp_server.port)
    tasks.deliver_pending.delay()  # what beat does every few minutes
    wait_for(all_sent, 30, message="the rest of the batch")

    sent = collections.Counter(smtp_server.reminder_ids())
    assert set(sent) == set(Reminder.objects.values_list("pk", flat=True))
    assert len(sent) == len(members)
    duplicates = {pk for pk, n in sent.items() if n > 1}
    assert duplicates <= in_flight and len(duplicates) <= 1, (sent, in_flight)


@pytest.fixture
def own_redis(tmp_path):
    """A throwaway redis-server on port 6390: stopping it harms no one else."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed")
    port = 6390
    url = f"redis://127.0.0.1:{port}/0"

    def start():
        subprocess.run(  # noqa: S603
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
             "no", "--daemonize", "yes", "--dir", str(tmp_path),
             "--pidfile", str(tmp_path / "redis.pid")],
            check=True,
        )  # fmt: skip
        wait_for(lambda: _pings(url), 10, message="redis to start")

    def stop():
        redis.Redis.from_url(url).shutdown(nosave=True)
        wait_for(lambda: not _pings(url), 10, message="redis to stop")

    start()
    yield type(
        "OwnRedis", (), {"url": url, "start": staticmethod(start), "stop": staticmethod(stop)}
    )
    if _pings(url):
        stop()


def _pings(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def broker(own_redis):
    """Point this process's Celery publisher at the throwaway Redis, and back afterwards."""
    previous = celery_app.conf.broker_url
    celery_app.close()
    celery_app.conf.broker_url = own_redis.url
    yield own_redis
    celery_app.close()
    celery_app.conf.broker_url = previous


def test_with_redis_stopped_pages_work_and_reminders_go_out_once_it_is_back(
    members_with_email, smtp_server, start_worker, broker
):
    members = members_with_email(4)
    start_worker("w", smtp_server.port, broker=broker.url)
    broker.stop()

    # Pages: none touches Redis, and what queues a reminder gives up quickly.
    client = Client()
    client.force_login(members[0].user)
    for name in ("home", "inbox:list", "inbox:preferences", "branches:org_tree"):
        assert client.get(reverse(name)).status_code == 200, name
    started = time.monotonic()
    with transaction.atomic():  # a service's transaction: the publish after commit fails
        reminders.run_scans(kinds=[EVERYONE])
        reminders.queue(
            "activity", members[0].branch, members[0].user, timezone.localdate(), "活动"
        )
    assert time.monotonic() - started < 5
    assert client.get(reverse("inbox:list")).status_code == 200
    assert Reminder.objects.filter(state=State.PENDING).count() == len(members) + 1
    time.sleep(1)
    assert smtp_server.messages == []

    broker.start()
    # Beat's next tick, from its own process as in production. (This process was switched
    # to the throwaway broker at run time, and kombu reconnects to the URL it started with.)
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "hongjun", "call", "hongjun.tasks.deliver_pending"],
        env={**os.environ, "DEBUG": "1", "REDIS_URL": broker.url},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    wait_for(all_sent, 40, message="delivery after Redis came back")
    sent = collections.Counter(smtp_server.reminder_ids())
    assert sorted(sent) == sorted(Reminder.objects.values_list("pk", flat=True))
    assert set(sent.values()) == {1}
