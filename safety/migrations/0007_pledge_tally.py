"""The pledge tally of each version and branch, kept by triggers.

A new signature recounts its (version, branch); a member's change of branch or of being
active recounts the versions they signed in the old and the new branch. Signatures are
never changed or removed (migration 0002 refuses it on PostgreSQL); a removal still
recounts, for the SQLite demo. The tallies can be rebuilt from the signatures at any
time (the backfill below is that query).

PostgreSQL: statement-level triggers with transition tables, so a COPY of 36,000
signatures recounts each (version, branch) once. SQLite (the demo): row triggers.
"""

import django.db.models.deletion
from django.db import migrations, models


def _count(keys):
    """INSERT the tallies of the (version, branch) pairs that `keys` (an SQL condition on
    {v} and {b}) selects."""
    return f"""
    INSERT INTO safety_pledgetally (version_id, branch_id, signed)
    SELECT s.version_id, m.branch_id, COUNT(*)
    FROM safety_pledgesignature s JOIN branches_member m ON m.id = s.member_id
    WHERE m.is_active AND {keys.format(v="s.version_id", b="m.branch_id")}
    GROUP BY s.version_id, m.branch_id"""


def _recount(keys):
    return (
        f"DELETE FROM safety_pledgetally WHERE {keys.format(v='version_id', b='branch_id')};"
        f"{_count(keys)};"
    )


POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION safety_pledge_tally_recount(v bigint[], b bigint[])
RETURNS void AS $$
BEGIN
    IF v IS NULL THEN
        RETURN;
    END IF;
    {_recount("({v}, {b}) IN (SELECT * FROM unnest(v, b))")}
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION safety_pledge_tally_from_signature() RETURNS trigger AS $$
DECLARE
    v bigint[];
    b bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(version_id), array_agg(branch_id) INTO v, b FROM (
            SELECT DISTINCT n.version_id, m.branch_id
            FROM tally_new n JOIN branches_member m ON m.id = n.member_id
        ) k;
    ELSE
        SELECT array_agg(version_id), array_agg(branch_id) INTO v, b FROM (
            SELECT DISTINCT o.version_id, m.branch_id
            FROM tally_old o JOIN branches_member m ON m.id = o.member_id
        ) k;
    END IF;
    PERFORM safety_pledge_tally_recount(v, b);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION safety_pledge_tally_from_member() RETURNS trigger AS $$
DECLARE
    v bigint[];
    b bigint[];
BEGIN
    SELECT array_agg(version_id), array_agg(branch_id) INTO v, b FROM (
        SELECT DISTINCT s.version_id, x.branch_id
        FROM tally_new n
        JOIN tally_old o ON o.id = n.id
            AND (o.branch_id IS DISTINCT FROM n.branch_id OR o.is_active <> n.is_active)
        JOIN safety_pledgesignature s ON s.member_id = n.id
        CROSS JOIN LATERAL (VALUES (o.branch_id), (n.branch_id)) AS x(branch_id)
    ) k;
    PERFORM safety_pledge_tally_recount(v, b);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_pledge_tally_insert AFTER INSERT ON safety_pledgesignature
    REFERENCING NEW TABLE AS tally_new
    FOR EACH STATEMENT EXECUTE FUNCTION safety_pledge_tally_from_signature();
CREATE TRIGGER safety_pledge_tally_delete AFTER DELETE ON safety_pledgesignature
    REFERENCING OLD TABLE AS tally_old
    FOR EACH STATEMENT EXECUTE FUNCTION safety_pledge_tally_from_signature();
CREATE TRIGGER safety_pledge_tally_member AFTER UPDATE ON branches_member
    REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new
    FOR EACH STATEMENT EXECUTE FUNCTION safety_pledge_tally_from_member();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS safety_pledge_tally_insert ON safety_pledgesignature;
DROP TRIGGER IF EXISTS safety_pledge_tally_delete ON safety_pledgesignature;
DROP TRIGGER IF EXISTS safety_pledge_tally_member ON branches_member;
DROP FUNCTION IF EXISTS safety_pledge_tally_from_signature();
DROP FUNCTION IF EXISTS safety_pledge_tally_from_member();
DROP FUNCTION IF EXISTS safety_pledge_tally_recount(bigint[], bigint[]);
"""


def _sqlite_signature(row):
    branch = f"(SELECT branch_id FROM branches_member WHERE id = {row}.member_id)"
    return _recount(f"{{v}} = {row}.version_id AND {{b}} = {branch}")


MEMBER_KEYS = (
    "{b} IN (OLD.branch_id, NEW.branch_id) AND "
    "{v} IN (SELECT version_id FROM safety_pledgesignature WHERE member_id = NEW.id)"
)
SQLITE = [
    "CREATE TRIGGER safety_pledge_tally_insert AFTER INSERT ON safety_pledgesignature "
    f"BEGIN {_sqlite_signature('NEW')} END;",
    "CREATE TRIGGER safety_pledge_tally_delete AFTER DELETE ON safety_pledgesignature "
    f"BEGIN {_sqlite_signature('OLD')} END;",
    "CREATE TRIGGER safety_pledge_tally_member AFTER UPDATE OF branch_id, is_active "
    "ON branches_member WHEN OLD.branch_id IS NOT NEW.branch_id "
    f"OR OLD.is_active IS NOT NEW.is_active BEGIN {_recount(MEMBER_KEYS)} END;",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS safety_pledge_tally_{event}"
    for event in ("insert", "delete", "member")
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
        ("safety", "0006_study_tally"),
    ]

    operations = [
        migrations.CreateModel(
            name="PledgeTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("signed", models.PositiveIntegerField(default=0, verbose_name="signed")),
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
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="safety.pledgeversion",
                        verbose_name="pledge version",
                    ),
                ),
            ],
            options={
                "verbose_name": "pledge tally",
                "verbose_name_plural": "pledge tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "branch"), name="pledge_tally_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
