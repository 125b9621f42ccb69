"""The audit log refuses TRUNCATE too, and beat writes the daily witness of the heads.

0005's row trigger never fires on TRUNCATE; a statement trigger now refuses it. What a
superuser does with triggers switched off is caught by the witness: once a day
`hongjun.tasks.witness_heads` notes the audit log's and the pledge chain's heads in the
audit log and in files outside the database (`hongjun.integrity`), and `verify_audit` /
`verify_pledges` compare the tables with the latest one. The schedule row is editable in
the admin (Periodic tasks); re-running this keeps an administrator's edits.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION hongjun_refuse_audit_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: TRUNCATE refused'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER hongjun_auditentry_no_truncate
    BEFORE TRUNCATE ON hongjun_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION hongjun_refuse_audit_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS hongjun_auditentry_no_truncate ON hongjun_auditentry;
DROP FUNCTION IF EXISTS hongjun_refuse_audit_truncate();
"""

TASK_NAME = "integrity: daily witness of the audit log and the pledge chain"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if not PeriodicTask.objects.filter(name=TASK_NAME).exists():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="30",
            hour="23",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.create(
            name=TASK_NAME, task="hongjun.tasks.witness_heads", crontab=crontab, enabled=True
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hongjun", "0007_models_moved_out"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
