"""组织生活会 and 民主评议 count for the 年度 they were held for: the activity carries it.

A nullable column added in place (SQLite too, whose table remake would drop the monthly
summary's triggers): which kinds carry it is the form's and the service's rule
(`branches.cadences.FOR_YEAR_KINDS`).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0011_activity_month_long"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="for_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Organisational life meeting or appraisal only: the year it is held for.",
                null=True,
                verbose_name="for the year",
            ),
        ),
    ]
