"""The 三学 tallies count the quiz scores too: how many of those present were scored and
the sum of their scores, so that the participation page's average score adds up 3,000
tallies rather than reading a company's 68,000 scored invitations (33 ms of SQL).

The triggers of migration 0006 stay; what recounts a session changes: the function they
call on PostgreSQL, the four triggers themselves (which hold the statement) on SQLite,
dropped before the columns are added and made again after. The backfill recounts every
session. Going back restores 0006's statements.
"""

import importlib

from django.db import migrations, models

before = importlib.import_module("safety.migrations.0006_study_tally")


def _count(sessions):
    """INSERT the tallies of the sessions that `sessions` (an SQL condition on
    a.session_id) selects. A score needs presence (a check constraint), so the scored are
    among the present."""
    return f"""
    INSERT INTO safety_studytally (session_id, branch_id, invited, present, scored, score_sum)
    SELECT a.session_id, m.branch_id, COUNT(*),
        SUM(CASE WHEN a.attended THEN 1 ELSE 0 END),
        COUNT(a.quiz_score), COALESCE(SUM(a.quiz_score), 0)
    FROM safety_studyattendance a JOIN branches_member m ON m.id = a.member_id
    WHERE {sessions.format(column="a.session_id")}
    GROUP BY a.session_id, m.branch_id"""


def _recount(sessions):
    return (
        f"DELETE FROM safety_studytally WHERE {sessions.format(column='session_id')};"
        f"{_count(sessions)};"
    )


def _postgresql(recount):
    return f"""
CREATE OR REPLACE FUNCTION safety_study_tally_recount(s bigint[]) RETURNS void AS $$
BEGIN
    IF s IS NULL THEN
        RETURN;
    END IF;
    {recount("{column} = ANY(s)")}
END;
$$ LANGUAGE plpgsql;
"""


def _sqlite(recount):
    """0006's four triggers around `recount`."""
    return [
        "CREATE TRIGGER safety_study_tally_insert AFTER INSERT ON safety_studyattendance "
        f"BEGIN {recount('{column} = NEW.session_id')} END;",
        "CREATE TRIGGER safety_study_tally_update AFTER UPDATE ON safety_studyattendance "
        f"BEGIN {recount('{column} IN (OLD.session_id, NEW.session_id)')} END;",
        "CREATE TRIGGER safety_study_tally_delete AFTER DELETE ON safety_studyattendance "
        f"BEGIN {recount('{column} = OLD.session_id')} END;",
        "CREATE TRIGGER safety_study_tally_member AFTER UPDATE OF branch_id ON branches_member "
        f"WHEN OLD.branch_id IS NOT NEW.branch_id BEGIN {recount(before.MEMBER_SESSIONS)} END;",
    ]


def _on_sqlite(schema_editor, statements):
    if schema_editor.connection.vendor == "sqlite":
        for statement in statements:
            schema_editor.execute(statement)


def unhook(apps, schema_editor):
    """SQLite adds a column by making the table anew, which its triggers on other tables
    must not name meanwhile: they go first and come back after."""
    _on_sqlite(schema_editor, before.SQLITE_REVERSE)


def hook_again(apps, schema_editor):
    _on_sqlite(schema_editor, _sqlite(before._recount))


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_postgresql(_recount))
    elif vendor == "sqlite":
        _on_sqlite(schema_editor, _sqlite(_recount))
    else:
        raise NotImplementedError(f"No tally triggers for {vendor}.")
    schema_editor.execute("DELETE FROM safety_studytally")
    schema_editor.execute(_count("TRUE"))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_postgresql(before._recount))
    unhook(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0007_pledge_tally"),
    ]

    operations = [
        migrations.RunPython(unhook, hook_again),
        migrations.AddField(
            model_name="studytally",
            name="score_sum",
            field=models.PositiveIntegerField(default=0, verbose_name="sum of scores"),
        ),
        migrations.AddField(
            model_name="studytally",
            name="scored",
            field=models.PositiveIntegerField(default=0, verbose_name="scored"),
        ),
        migrations.RunPython(forward, backward),
    ]
