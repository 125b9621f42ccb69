"""The DBA's view of a 民主评议: three members vote through the web; neither the live
database's transaction ids nor a dump's row order tell who gave which grades."""

import json

import pytest

pytestmark = pytest.mark.faults

# Run inside `manage.py shell`: a branch of three opens its appraisal and each member casts
# a ballot through the web, giving both others the grade named in GRADES (a JSON list).
CAST = """
import json, sys
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from branches.models import Branch, Committee, Member, Role
from affairs.models import Appraisal

grades = json.loads(GRADES)
committee = Committee.objects.create(name="党委")
branch = Branch.objects.create(name="电解一车间党支部", committee=committee)
people = []
for n, name in enumerate(["孙明", "李爱丽", "韩洋"]):
    user = get_user_model().objects.create_user(f"m{n}", password="x")
    people.append(Member.objects.create(name=name, employee_no=f"E{n}", branch=branch, user=user))
Role.objects.create(member=people[0], kind="secretary", branch=branch)

def client(member):
    c = Client(SERVER_NAME="localhost")
    c.force_login(member.user)
    return c

client(people[0]).post(reverse("affairs:appraisal_open", args=[branch.pk]), {"year": 2025})
appraisal = Appraisal.objects.get()
for voter, grade in zip(people, grades):
    data = {"self_rating": "qualified", "summary": "年度总结"}
    data |= {f"r_{m.pk}": grade for m in people if m != voter}
    response = client(voter).post(reverse("affairs:ballot", args=[appraisal.pk]), data)
    assert response.status_code == 302
print(json.dumps({"voters": [m.pk for m in people]}))
"""


def cast(manage, database, grades):
    script = CAST.replace("GRADES", repr(json.dumps(grades)))
    out = manage(database, "shell", "-c", script).stdout
    return json.loads(out.strip().splitlines()[-1])["voters"]


def dumped_counts(cluster, database, name):
    """The vote counts' rows as a dump and restore lay them out: (subject, rating, ballots)
    in the order the restored table holds them."""
    backup = cluster.dir / f"{name}.dump"
    cluster.tool("pg_dump", "-h", "127.0.0.1", "-p", cluster.port, "-U", "postgres",
                 "-Fc", "-f", backup, database)  # fmt: skip
    copy = f"{name}_copy"
    cluster.psql("postgres", f"CREATE DATABASE {copy}")
    cluster.tool("pg_restore", "-h", "127.0.0.1", "-p", cluster.port, "-U", "postgres",
                 "--exit-on-error", "-d", copy, backup)  # fmt: skip
    rows = cluster.psql(
        copy, "SELECT subject_id, rating, ballots FROM affairs_votecount ORDER BY ctid"
    )
    return [tuple(row.split("|")) for row in rows.splitlines()]


def test_the_dba_learns_nothing_from_transaction_ids_or_a_dumps_row_order(cluster, manage):
    # Two branches' worth of the same events, with different grades: whatever differs
    # between the two databases' layouts could only come from the ballots' contents.
    grades = {"hj_ballot_a": ["excellent", "basic", "unqualified"],
              "hj_ballot_b": ["unqualified", "excellent", "qualified"]}  # fmt: skip
    voters = {}
    for database in grades:
        cluster.psql("postgres", f"CREATE DATABASE {database}")
        manage(database, "migrate", "--noinput", "-v0")
        voters[database] = cast(manage, database, grades[database])

    # The live database: join each voter's receipt, self-assessment and audit entry to the
    # counts on the transaction id.
    database = "hj_ballot_a"
    all_rows = int(cluster.psql(database, "SELECT count(*) FROM affairs_votecount"))
    assert all_rows == 3 * 4
    for voter in voters[database]:
        for table, column in (("branches_ballotreceipt", "voter_id"),
                              ("branches_selfassessment", "member_id")):  # fmt: skip
            joined = cluster.psql(
                database,
                f"SELECT count(*) FROM affairs_votecount c JOIN {table} t "
                f"ON c.xmin::text = t.xmin::text WHERE t.{column} = {voter}",
            )
            # Nothing for the first two voters; every count, given or not, for the last.
            assert int(joined) in (0, all_rows)

    # After a dump and restore: the rows come back in the same order whatever the ballots
    # said (the subjects differ between the databases only by their ids).
    layouts = {}
    for database in grades:
        rank = {str(pk): n for n, pk in enumerate(voters[database])}
        rows = dumped_counts(cluster, database, database)
        layouts[database] = [(rank[subject], rating) for subject, rating, _ in rows]
        # and the counts are right: each member got the two others' grades.
        assert sum(int(b) for _, _, b in rows) == 6
    assert layouts["hj_ballot_a"] == layouts["hj_ballot_b"]
