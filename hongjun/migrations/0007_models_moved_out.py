"""The dashboard's and the reminders' models now belong to their own apps.

State only: their tables keep their names and rows (the new apps' 0001 migrations took the
models over with `db_table`); nothing is dropped.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("hongjun", "0006_reminder_due_index"),
        ("dashboard", "0001_initial"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name=name)
                for name in (
                    "GreenPowerShare",
                    "ScoreWeight",
                    "ExportJob",
                    "Reminder",
                    "ReminderPreference",
                )
            ],
            database_operations=[],
        ),
    ]
