"""The default cadence rules: 支部工作条例 (2018) and the 三会一课 rules companies still apply.

The committee changes them in the admin afterwards; this only seeds a fresh database.
"""

from django.db import migrations

DEFAULTS = [
    ("general_meeting", "quarter", 1),
    ("committee_meeting", "month", 1),
    ("group_meeting", "month", 1),
    ("party_lecture", "quarter", 1),
    ("theme_day", "month", 1),
    ("life_meeting", "year", 1),
    ("appraisal", "year", 1),
]


def seed(apps, schema_editor):
    Cadence = apps.get_model("branches", "Cadence")
    for order, (kind, period, minimum) in enumerate(DEFAULTS):
        Cadence.objects.get_or_create(
            kind=kind, defaults={"period": period, "minimum": minimum, "order": order}
        )


def unseed(apps, schema_editor):
    Cadence = apps.get_model("branches", "Cadence")
    Cadence.objects.filter(kind__in=[kind for kind, _, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("branches", "0002_activities")]

    operations = [migrations.RunPython(seed, unseed)]
