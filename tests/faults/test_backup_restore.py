"""A backup made with pg_dump, restored into a new database, is the same portal: the pledge
chain verifies and the committee's dashboard shows the same numbers."""

import json

import pytest

pytestmark = pytest.mark.faults

# Run inside `manage.py shell`: this year's company dashboard as the committee sees it,
# every figure and the score, as one line of JSON.
DASHBOARD_NUMBERS = """
import json
from django.utils import timezone
from hongjun.dashboard import indicators, scopes
from hongjun.dashboard.score import score, weights
from branches.compliance import period_of
from django.contrib.auth import get_user_model
from django.test import Client

committee = get_user_model().objects.get(username="committee")
today = timezone.localdate()
branches = scopes.visible_branches(committee)
period = period_of("year", today.replace(month=1, day=1))
figures = indicators.collect(branches, period, today, is_company=True)
client = Client(SERVER_NAME="localhost")
client.force_login(committee)
page = client.get(f"/dashboard/?period=year&year={today.year}")
print(json.dumps({
    "figures": repr(figures),
    "score": repr(score(figures, weights())),
    "page_status": page.status_code,
    "signed": figures.total("pledges"),
}, default=str))
"""


def numbers(manage, database):
    out = manage(database, "shell", "-c", DASHBOARD_NUMBERS).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_a_restored_backup_verifies_and_shows_the_same_dashboard(cluster, manage):
    cluster.psql("postgres", "CREATE DATABASE hj_src")
    manage("hj_src", "migrate", "--noinput", "-v0")
    manage("hj_src", "seed_demo")
    assert int(cluster.psql("hj_src", "SELECT count(*) FROM safety_pledgesignature")) > 0

    # The dump goes where the cluster's own account may write (it runs pg_dump as root's
    # stand-in `postgres`).
    backup = cluster.dir / "portal.dump"
    cluster.tool("pg_dump", "-h", "127.0.0.1", "-p", cluster.port, "-U", "postgres",
                 "-Fc", "-f", backup, "hj_src")  # fmt: skip
    cluster.psql("postgres", "CREATE DATABASE hj_copy")
    cluster.tool("pg_restore", "-h", "127.0.0.1", "-p", cluster.port, "-U", "postgres",
                 "--exit-on-error", "-d", "hj_copy", backup)  # fmt: skip

    verified = manage("hj_copy", "verify_pledges", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "the pledge chain is intact" in verified.stdout
    assert "PROBLEM" not in verified.stdout

    original, restored = numbers(manage, "hj_src"), numbers(manage, "hj_copy")
    assert restored["page_status"] == 200
    assert restored == original
