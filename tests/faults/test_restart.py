"""PostgreSQL restarted while the portal runs: the first request afterwards succeeds.

A real gunicorn worker keeps its database connection between requests (CONN_MAX_AGE);
after the restart that connection is dead, and only CONN_HEALTH_CHECKS makes Django notice
and reconnect before the request uses it, instead of failing the request with a 500.
"""

import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from .cluster import wait_for_http
from .conftest import ROOT

pytestmark = pytest.mark.faults

PORT = int(os.environ.get("FAULTS_HTTP_PORT", "8121"))
BASE = f"http://127.0.0.1:{PORT}"


def status(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=20) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def portal(cluster, manage):
    cluster.psql("postgres", "CREATE DATABASE hj_restart")
    manage("hj_restart", "migrate", "--noinput", "-v0")
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": cluster.url("hj_restart"),
        "CONN_MAX_AGE": "600",
    }
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, "-m", "gunicorn", "hongjun.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_http(f"{BASE}/healthz/")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=20)


def app_connections(cluster):
    return int(
        cluster.psql(
            "postgres",
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'hj_restart'",
        )
    )


def test_first_request_after_a_database_restart_succeeds(cluster, portal):
    # The health check reads the database; the verification page goes through the ORM.
    assert status("/healthz/") == 200
    assert status("/verify/ABCD-EFGH-JKMN/") == 404  # no such receipt: a page, not an error
    # The worker kept its connection open: the restart will cut it under its feet.
    assert app_connections(cluster) == 1

    cluster.pg_ctl("restart")
    assert app_connections(cluster) == 0

    assert status("/healthz/") == 200
    assert status("/verify/ABCD-EFGH-JKMN/") == 404
    assert app_connections(cluster) == 1


def test_settings_keep_connections_and_check_them():
    """What the restart test relies on, as production reads it from the environment."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0
