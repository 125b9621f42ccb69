"""Install the reminders' periodic tasks as django-celery-beat rows.

An administrator changes when they run in the admin (Periodic tasks), without a deploy.
Re-running this changes nothing that exists, so an administrator's edits are kept.
"""

from django.db import migrations

# (name, task, crontab or None, every N minutes or None)
SCHEDULE = [
    # Scans are idempotent, so running them hourly through the working day costs nothing
    # and a run missed while Redis was down is made up by the next one.
    ("reminders: daily scans", "hongjun.tasks.run_scans", {"minute": "0", "hour": "7-20"}, None),
    # The safety net: rows whose task was lost (broker down, worker killed) go out here.
    ("reminders: deliver pending", "hongjun.tasks.deliver_pending", None, 5),
]


def install(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, crontab, minutes in SCHEDULE:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        schedule = {}
        if crontab:
            schedule["crontab"], _ = CrontabSchedule.objects.get_or_create(
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone="Asia/Shanghai",
                **crontab,
            )
        else:
            schedule["interval"], _ = IntervalSchedule.objects.get_or_create(
                every=minutes, period="minutes"
            )
        PeriodicTask.objects.create(name=name, task=task, enabled=True, **schedule)


def uninstall(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hongjun", "0002_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
