"""The monthly activity summary, kept by triggers on the activity and tally tables.

A change to an activity (its branch, time, kind, theme, status or 第一议题) or to its
attendance tally recounts the (branch, month) it touches, before and after, from the
activities and tallies themselves: the summary can be dropped and rebuilt from them at any
time (the backfill below is that query). Months are calendar months in TIME_ZONE as it is
when this migration runs, as the portal's periods are. The kinds, themes and 第一议题
meetings counted are those of this migration, written out below: a new kind or theme comes
with a migration that adds its column and replaces the triggers.

PostgreSQL: statement-level triggers with transition tables, so a COPY of 60,000
activities recounts each (branch, month) once. SQLite (the demo): row triggers, with the
zone's fixed offset from UTC (refused for a zone with daylight saving).
"""

import datetime
import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KINDS = [
    "general_meeting",
    "committee_meeting",
    "group_meeting",
    "party_lecture",
    "theme_day",
    "life_meeting",
    "appraisal",
    "four_studies",
    "vanguard_practice",
    "red_collar_lecture",
    "safety_talk",
    "safety_quiz",
    "other",
]
THEMES = ["safety", "green", "innovation", "talent"]
FIRST_TOPIC_KINDS = ["general_meeting", "committee_meeting", "group_meeting", "theme_day"]

COLUMNS = ", ".join(
    ["branch_id", "month", "held", "first_topic", "present", "excused", "absent"]
    + KINDS
    + [f"theme_{theme}" for theme in THEMES]
)


def _sums():
    meetings = ", ".join(f"'{kind}'" for kind in FIRST_TOPIC_KINDS)
    return ", ".join(
        [
            "COUNT(*)",
            f"SUM(CASE WHEN a.first_topic AND a.kind IN ({meetings}) THEN 1 ELSE 0 END)",
            "COALESCE(SUM(t.present), 0)",
            "COALESCE(SUM(t.excused), 0)",
            "COALESCE(SUM(t.absent), 0)",
        ]
        + [f"SUM(CASE WHEN a.kind = '{kind}' THEN 1 ELSE 0 END)" for kind in KINDS]
        + [f"SUM(CASE WHEN a.theme = '{theme}' THEN 1 ELSE 0 END)" for theme in THEMES]
    )


def _zone():
    return settings.TIME_ZONE


def _pg_month(column):
    tz = _zone().replace("'", "''")
    return f"date_trunc('month', {column} AT TIME ZONE '{tz}')::date"


def _sqlite_offset():
    zone = zoneinfo.ZoneInfo(_zone())
    year = datetime.date.today().year
    offsets = {datetime.datetime(year, m, 1, tzinfo=zone).utcoffset() for m in (1, 4, 7, 10)}
    if len(offsets) != 1:
        raise RuntimeError("The SQLite summary triggers need a time zone without daylight saving.")
    return f"{int(offsets.pop().total_seconds() // 60):+d} minutes"


def _sqlite_month(column):
    return f"strftime('%Y-%m-01', {column}, '{_sqlite_offset()}')"


def _counted(month, join="", where=""):
    """SELECT the summary rows of the held activities (`a`) that `join` and `where` keep,
    with `month` the month of a row."""
    return f"""
    SELECT a.branch_id, {month}, {_sums()}
    FROM branches_activity a {join}
    LEFT JOIN branches_activitytally t ON t.activity_id = a.id
    WHERE a.status = 'held' {where}
    GROUP BY a.branch_id, {month}"""


def _postgresql():
    tz = _zone().replace("'", "''")
    keys_join = f"""JOIN (SELECT DISTINCT * FROM unnest(b, m) AS k(branch_id, month)) k
        ON a.branch_id = k.branch_id
        AND a.starts_at >= (k.month::timestamp AT TIME ZONE '{tz}')
        AND a.starts_at < ((k.month + interval '1 month')::timestamp AT TIME ZONE '{tz}')"""

    def keys(*tables):
        rows = " UNION ".join(f"SELECT branch_id, starts_at FROM {t}" for t in tables)
        return (
            "SELECT array_agg(branch_id), array_agg(month) INTO b, m FROM "
            f"(SELECT DISTINCT branch_id, {_pg_month('starts_at')} AS month FROM ({rows}) r) k;"
        )

    def tally_keys(*tables):
        ids = " UNION ".join(f"SELECT activity_id FROM {t}" for t in tables)
        return (
            "SELECT array_agg(branch_id), array_agg(month) INTO b, m FROM "
            f"(SELECT DISTINCT a.branch_id, {_pg_month('a.starts_at')} AS month "
            f"FROM branches_activity a WHERE a.status = 'held' AND a.id IN ({ids})) k;"
        )

    def trigger_function(name, keys):
        return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE
    b bigint[];
    m date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        {keys("month_new")}
    ELSIF TG_OP = 'DELETE' THEN
        {keys("month_old")}
    ELSE
        {keys("month_new", "month_old")}
    END IF;
    PERFORM branches_activity_month_recount(b, m);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

    triggers = "".join(
        f"""
CREATE TRIGGER branches_{table}_month_{event} AFTER {event.upper()} ON branches_{table}
    REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"""
        for table, function in (
            ("activity", "branches_activity_month_from_activity"),
            ("activitytally", "branches_activity_month_from_tally"),
        )
        for event, refs in (
            ("insert", "NEW TABLE AS month_new"),
            ("update", "OLD TABLE AS month_old NEW TABLE AS month_new"),
            ("delete", "OLD TABLE AS month_old"),
        )
    )
    return (
        f"""
CREATE OR REPLACE FUNCTION branches_activity_month_recount(b bigint[], m date[])
RETURNS void AS $$
BEGIN
    IF b IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM branches_activitymonth s
    USING unnest(b, m) AS k(branch_id, month)
    WHERE s.branch_id = k.branch_id AND s.month = k.month;
    INSERT INTO branches_activitymonth ({COLUMNS}) {_counted("k.month", keys_join)};
END;
$$ LANGUAGE plpgsql;
"""
        + trigger_function("branches_activity_month_from_activity", keys)
        + trigger_function("branches_activity_month_from_tally", tally_keys)
        + triggers
    )


POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS branches_activity_month_insert ON branches_activity;
DROP TRIGGER IF EXISTS branches_activity_month_update ON branches_activity;
DROP TRIGGER IF EXISTS branches_activity_month_delete ON branches_activity;
DROP TRIGGER IF EXISTS branches_activitytally_month_insert ON branches_activitytally;
DROP TRIGGER IF EXISTS branches_activitytally_month_update ON branches_activitytally;
DROP TRIGGER IF EXISTS branches_activitytally_month_delete ON branches_activitytally;
DROP FUNCTION IF EXISTS branches_activity_month_from_activity();
DROP FUNCTION IF EXISTS branches_activity_month_from_tally();
DROP FUNCTION IF EXISTS branches_activity_month_recount(bigint[], date[]);
"""


def _sqlite():
    def recount(branch, month):
        where = f"AND a.branch_id = {branch} AND {_sqlite_month('a.starts_at')} = {month}"
        return f"""
    DELETE FROM branches_activitymonth WHERE branch_id = {branch} AND month = {month};
    INSERT INTO branches_activitymonth ({COLUMNS}) {_counted(month, where=where)};"""

    def for_activity(row):
        return recount(f"{row}.branch_id", _sqlite_month(f"{row}.starts_at"))

    def for_tally(row):
        of = f"FROM branches_activity WHERE id = {row}.activity_id"
        return recount(f"(SELECT branch_id {of})", f"(SELECT {_sqlite_month('starts_at')} {of})")

    return [
        f"CREATE TRIGGER branches_{table}_month_{event} AFTER {event.upper()} "
        f"ON branches_{table} BEGIN {body} END;"
        for table, recount_for in (("activity", for_activity), ("activitytally", for_tally))
        for event, body in (
            ("insert", recount_for("NEW")),
            ("update", recount_for("OLD") + recount_for("NEW")),
            ("delete", recount_for("OLD")),
        )
    ]


SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS branches_{table}_month_{event}"
    for table in ("activity", "activitytally")
    for event in ("insert", "update", "delete")
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_postgresql())
        month = _pg_month("a.starts_at")
    elif vendor == "sqlite":
        for statement in _sqlite():
            schema_editor.execute(statement)
        month = _sqlite_month("a.starts_at")
    else:
        raise NotImplementedError(f"No summary triggers for {vendor}.")
    schema_editor.execute(f"INSERT INTO branches_activitymonth ({COLUMNS}) {_counted(month)}")


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0006_activity_month_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="month")),
                ("held", models.PositiveIntegerField(default=0, verbose_name="held")),
                (
                    "first_topic",
                    models.PositiveIntegerField(
                        default=0, verbose_name="meetings that opened with the first agenda item"
                    ),
                ),
                ("present", models.PositiveIntegerField(default=0, verbose_name="present")),
                ("excused", models.PositiveIntegerField(default=0, verbose_name="excused")),
                ("absent", models.PositiveIntegerField(default=0, verbose_name="absent")),
                (
                    "general_meeting",
                    models.PositiveIntegerField(default=0, verbose_name="branch general meeting"),
                ),
                (
                    "committee_meeting",
                    models.PositiveIntegerField(default=0, verbose_name="branch committee meeting"),
                ),
                (
                    "group_meeting",
                    models.PositiveIntegerField(default=0, verbose_name="party group meeting"),
                ),
                (
                    "party_lecture",
                    models.PositiveIntegerField(default=0, verbose_name="party lecture"),
                ),
                (
                    "theme_day",
                    models.PositiveIntegerField(default=0, verbose_name="themed party day"),
                ),
                (
                    "life_meeting",
                    models.PositiveIntegerField(
                        default=0, verbose_name="organisational life meeting"
                    ),
                ),
                (
                    "appraisal",
                    models.PositiveIntegerField(
                        default=0, verbose_name="democratic appraisal of members"
                    ),
                ),
                (
                    "four_studies",
                    models.PositiveIntegerField(
                        default=0, verbose_name="four studies, one discussion"
                    ),
                ),
                (
                    "vanguard_practice",
                    models.PositiveIntegerField(
                        default=0, verbose_name="members' vanguard practice"
                    ),
                ),
                (
                    "red_collar_lecture",
                    models.PositiveIntegerField(default=0, verbose_name="Red Collar lecture hall"),
                ),
                (
                    "safety_talk",
                    models.PositiveIntegerField(default=0, verbose_name="members talk safety"),
                ),
                (
                    "safety_quiz",
                    models.PositiveIntegerField(default=0, verbose_name="safety knowledge contest"),
                ),
                ("other", models.PositiveIntegerField(default=0, verbose_name="other activity")),
                (
                    "theme_safety",
                    models.PositiveIntegerField(
                        default=0, verbose_name="Party building + safe production"
                    ),
                ),
                (
                    "theme_green",
                    models.PositiveIntegerField(
                        default=0, verbose_name="Party building + green development"
                    ),
                ),
                (
                    "theme_innovation",
                    models.PositiveIntegerField(
                        default=0, verbose_name="Party building + technological innovation"
                    ),
                ),
                (
                    "theme_talent",
                    models.PositiveIntegerField(
                        default=0, verbose_name="Party building + talent development"
                    ),
                ),
                (
                    "branch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="branches.branch",
                        verbose_name="branch",
                    ),
                ),
            ],
            options={
                "verbose_name": "monthly activity summary",
                "verbose_name_plural": "monthly activity summaries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("branch", "month"), name="activity_month_unique"
                    )
                ],
                "indexes": [models.Index(fields=["month"], name="activity_month_month_idx")],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
