"""One throwaway PostgreSQL cluster for the fault tests (port 5440), removed afterwards."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .cluster import Cluster, bin_dir

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("FAULTS_PG_PORT", "5440"))


@pytest.fixture(scope="module")
def cluster():
    if bin_dir() is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    made = Cluster(PORT)
    try:
        yield made.start()
    finally:
        made.stop()


@pytest.fixture
def manage(cluster):
    """Run `manage.py` against a database of the throwaway cluster."""

    def run(database, *args, check=True, **env):
        environment = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": cluster.url(database),
            "CELERY_TASK_ALWAYS_EAGER": "1",
            **env,
        }
        return subprocess.run(  # noqa: S603 (our own command line)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=check,
        )

    return run
