"""The 三学 tally of each session and branch, kept by triggers.

A change to the invitations (added, marked present, removed) recounts the sessions it
touches; a member's change of branch recounts the sessions they were invited to, since
members count in their branch as it is now. The tallies can be dropped and rebuilt from
the invitations at any time (the backfill below is that query).

PostgreSQL: statement-level triggers with transition tables, so inviting a whole branch
in one statement recounts its session once. SQLite (the demo): row triggers.
"""

import django.db.models.deletion
from django.db import migrations, models


def _count(sessions):
    """INSERT the tallies of the sessions that `sessions` (an SQL condition on
    a.session_id) selects."""
    return f"""
    INSERT INTO safety_studytally (session_id, branch_id, invited, present)
    SELECT a.session_id, m.branch_id, COUNT(*),
        SUM(CASE WHEN a.attended THEN 1 ELSE 0 END)
    FROM safety_studyattendance a JOIN branches_member m ON m.id = a.member_id
    WHERE {sessions.format(column="a.session_id")}
    GROUP BY a.session_id, m.branch_id"""


def _recount(sessions):
    return (
        f"DELETE FROM safety_studytally WHERE {sessions.format(column='session_id')};"
        f"{_count(sessions)};"
    )


POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION safety_study_tally_recount(s bigint[]) RETURNS void AS $$
BEGIN
    IF s IS NULL THEN
        RETURN;
    END IF;
    {_recount("{column} = ANY(s)")}
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION safety_study_tally_from_attendance() RETURNS trigger AS $$
DECLARE
    s bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT session_id) INTO s FROM tally_new;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT session_id) INTO s FROM tally_old;
    ELSE
        SELECT array_agg(DISTINCT session_id) INTO s
        FROM (SELECT session_id FROM tally_new UNION SELECT session_id FROM tally_old) x;
    END IF;
    PERFORM safety_study_tally_recount(s);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION safety_study_tally_from_member() RETURNS trigger AS $$
DECLARE
    s bigint[];
BEGIN
    SELECT array_agg(DISTINCT a.session_id) INTO s
    FROM tally_new n
    JOIN tally_old o ON o.id = n.id AND o.branch_id IS DISTINCT FROM n.branch_id
    JOIN safety_studyattendance a ON a.member_id = n.id;
    PERFORM safety_study_tally_recount(s);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_study_tally_insert AFTER INSERT ON safety_studyattendance
    REFERENCING NEW TABLE AS tally_new
    FOR EACH STATEMENT EXECUTE FUNCTION safety_study_tally_from_attendance();
CREATE TRIGGER safety_study_tally_update AFTER UPDATE ON safety_studyattendance
    REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new
    FOR EACH STATEMENT EXECUTE FUNCTION safety_study_tally_from_attendance();
CREATE TRIGGER safety_study_tally_delete AFTER DELETE ON safety_studyattendance
    REFERENCING OLD TABLE AS tally_old
    FOR EACH STATEMENT EXECUTE FUNCTION safety_study_tally_from_attendance();
CREATE TRIGGER safety_study_tally_member AFTER UPDATE ON branches_member
    REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new
    FOR EACH STATEMENT EXECUTE FUNCTION safety_study_tally_from_member();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS safety_study_tally_insert ON safety_studyattendance;
DROP TRIGGER IF EXISTS safety_study_tally_update ON safety_studyattendance;
DROP TRIGGER IF EXISTS safety_study_tally_delete ON safety_studyattendance;
DROP TRIGGER IF EXISTS safety_study_tally_member ON branches_member;
DROP FUNCTION IF EXISTS safety_study_tally_from_attendance();
DROP FUNCTION IF EXISTS safety_study_tally_from_member();
DROP FUNCTION IF EXISTS safety_study_tally_recount(bigint[]);
"""

MEMBER_SESSIONS = (
    "{column} IN (SELECT session_id FROM safety_studyattendance WHERE member_id = NEW.id)"
)
SQLITE = [
    "CREATE TRIGGER safety_study_tally_insert AFTER INSERT ON safety_studyattendance "
    f"BEGIN {_recount('{column} = NEW.session_id')} END;",
    "CREATE TRIGGER safety_study_tally_update AFTER UPDATE ON safety_studyattendance "
    f"BEGIN {_recount('{column} IN (OLD.session_id, NEW.session_id)')} END;",
    "CREATE TRIGGER safety_study_tally_delete AFTER DELETE ON safety_studyattendance "
    f"BEGIN {_recount('{column} = OLD.session_id')} END;",
    "CREATE TRIGGER safety_study_tally_member AFTER UPDATE OF branch_id ON branches_member "
    f"WHEN OLD.branch_id IS NOT NEW.branch_id BEGIN {_recount(MEMBER_SESSIONS)} END;",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS safety_study_tally_{event}"
    for event in ("insert", "update", "delete", "member")
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No tally triggers for {vendor}.")
    schema_editor.execute(_count("TRUE"))


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0007_activity_month"),
        ("safety", "0005_hazard_open_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="StudyTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("invited", models.PositiveIntegerField(default=0, verbose_name="invited")),
                ("present", models.PositiveIntegerField(default=0, verbose_name="present")),
                (
                    "branch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="branches.branch",
                        verbose_name="branch",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="safety.studysession",
                        verbose_name="study session",
                    ),
                ),
            ],
            options={
                "verbose_name": "study tally",
                "verbose_name_plural": "study tallies",
                "constraints": [
                    models.UniqueConstraint(fields=("session", "branch"), name="study_tally_unique")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
