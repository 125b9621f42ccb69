"""The monthly activity summary in long format: a row per branch, month, kind and theme.

0007 gave `ActivityMonth` a column per activity kind and theme, and hand-wrote its triggers
for both databases, so a new kind was a schema change and two trigger rewrites. Here the
table is rebuilt with the kind and theme as values, and its triggers are written from the
spec below by `hongjun.summaries` (for PostgreSQL and SQLite alike); the new table is
filled from the activities and tallies, as the triggers would. A new kind or theme needs
no migration. 第一议题 is counted for every held activity with the box ticked: which kinds
should open with it (`FIRST_TOPIC_KINDS`) is the readers' rule, not the trigger's.

The spec is written out here, not imported, so this migration means the same thing later.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from hongjun.summaries import Column, CreateSummary, LocalMonth, Summary, Watch

ACTIVITY_MONTH = Summary(
    name="branches_activitymonth",
    table="branches_activitymonth",
    source="branches_activity",
    joins="LEFT JOIN branches_activitytally t ON t.activity_id = a.id",
    where="a.status = 'held'",
    partition=(Column("branch_id", "bigint", "branch_id"), LocalMonth("month", "starts_at")),
    groups=(("kind", "a.kind"), ("theme", "a.theme")),
    values=(
        ("held", "COUNT(*)"),
        ("first_topic", "SUM(CASE WHEN a.first_topic THEN 1 ELSE 0 END)"),
        ("present", "COALESCE(SUM(t.present), 0)"),
        ("excused", "COALESCE(SUM(t.excused), 0)"),
        ("absent", "COALESCE(SUM(t.absent), 0)"),
    ),
    watches=(
        Watch("branches_activity"),
        Watch("branches_activitytally", through="a.id = {r}.activity_id"),
    ),
)


def _wide():
    return importlib.import_module("branches.migrations.0007_activity_month")


def drop_wide_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_wide().POSTGRESQL_REVERSE)
    elif vendor == "sqlite":
        for statement in _wide().SQLITE_REVERSE:
            schema_editor.execute(statement)


def restore_wide_triggers(apps, schema_editor):
    # The wide table is back (empty) by now: 0007's triggers, and its backfill.
    _wide().forward(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0010_affairs_moved_out"),
    ]

    operations = [
        migrations.RunPython(drop_wide_triggers, restore_wide_triggers),
        migrations.DeleteModel(name="ActivityMonth"),
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
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("general_meeting", "branch general meeting"),
                            ("committee_meeting", "branch committee meeting"),
                            ("group_meeting", "party group meeting"),
                            ("party_lecture", "party lecture"),
                            ("theme_day", "themed party day"),
                            ("life_meeting", "organisational life meeting"),
                            ("appraisal", "democratic appraisal of members"),
                            ("four_studies", "four studies, one discussion"),
                            ("vanguard_practice", "members' vanguard practice"),
                            ("red_collar_lecture", "Red Collar lecture hall"),
                            ("safety_talk", "members talk safety"),
                            ("safety_quiz", "safety knowledge contest"),
                            ("other", "other activity"),
                        ],
                        max_length=24,
                        verbose_name="activity kind",
                    ),
                ),
                (
                    "theme",
                    models.CharField(
                        choices=[
                            ("safety", "Party building + safe production"),
                            ("green", "Party building + green development"),
                            ("innovation", "Party building + technological innovation"),
                            ("talent", "Party building + talent development"),
                        ],
                        max_length=16,
                        verbose_name="theme",
                    ),
                ),
                ("held", models.PositiveIntegerField(default=0, verbose_name="held")),
                (
                    "first_topic",
                    models.PositiveIntegerField(
                        default=0,
                        verbose_name="activities that opened with the first agenda item",
                    ),
                ),
                ("present", models.PositiveIntegerField(default=0, verbose_name="present")),
                ("excused", models.PositiveIntegerField(default=0, verbose_name="excused")),
                ("absent", models.PositiveIntegerField(default=0, verbose_name="absent")),
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
                        fields=("branch", "month", "kind", "theme"), name="activity_month_unique"
                    )
                ],
                "indexes": [models.Index(fields=["month"], name="activity_month_month_idx")],
            },
        ),
        CreateSummary(ACTIVITY_MONTH),
    ]
