"""A backup made with pg_dump, restored into a new database, is the same portal: the pledge
chain verifies and the committee's dashboard shows the same numbers."""

import json

import pytest

pytestmark = pytest.mark.faults

# Run inside `manage.py shell`: this year's company dashboard as the committee sees it,
# every figure and the score, as one line of JSON.
DASHBOARD_NUMBERS = """
import dataclasses
import json
from django.db.models import Model
from django.utils import timezone
from dashboard import indicators, scopes
from dashboard.score import score, weights
from branches.compliance import period_of
from django.contrib.auth import get_user_model
from django.test import Client

committee = get_user_model().objects.get(username="committee")
today = timezone.localdate()
branches = scopes.visible_branches(committee)
period = period_of("year", today.replace(month=1, day=1))
figures = indicators.collect(branches, period, today, is_company=True)


def key(value):
    return json.dumps(value, sort_keys=True, default=str)


def plain(value):
    # Values, not their repr(): a dict's order follows the rows' order, which a restore
    # changes; what the committee reads does not depend on it.
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f.name for f in dataclasses.fields(value) if f.compare]
        return {name: plain(getattr(value, name)) for name in fields}
    if isinstance(value, Model):
        return f"{type(value).__name__}:{value.pk}"
    if isinstance(value, dict):
        return dict(sorted((key(plain(k)), plain(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=key)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


client = Client(SERVER_NAME="localhost")
client.force_login(committee)
page = client.get(f"/dashboard/?period=year&year={today.year}")
print(json.dumps({
    "figures": plain(figures),
    "score": plain(score(figures, weights())),
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
