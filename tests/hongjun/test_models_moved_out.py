"""The dashboard's and reminders' models left `hongjun` with their tables, rows and content types.

A database made by the old code (models in `hongjun`) is filled through the historical
models, migrated forward, and read through today's: the same rows, the same content type
ids, so permissions, admin log and audit entries still point at the right model.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from dashboard.models import ExportJob, GreenPowerShare, ScoreWeight
from hongjun.models import AuditEntry
from reminders.models import Reminder, ReminderPreference

from ..migrations_helpers import migrate_to, migrate_to_latest

OLD = [("hongjun", "0006_reminder_due_index"), ("dashboard", None), ("reminders", None)]
MOVED = {
    "dashboard": ["greenpowershare", "scoreweight", "exportjob"],
    "reminders": ["reminder", "reminderpreference"],
}


def old_content_type(model):
    return ContentType.objects.get(app_label="hongjun", model=model)


@pytest.mark.django_db(transaction=True)
def test_rows_content_types_and_permissions_survive_the_move():
    try:
        old = migrate_to(OLD)
        # Going back put the content types under their old label again.
        assert not ContentType.objects.filter(app_label__in=MOVED).exists()
        old_ids = {m: old_content_type(m).pk for models in MOVED.values() for m in models}

        user = old.get_model("auth", "User").objects.create(username="old", is_staff=True)
        group = old.get_model("auth", "Group").objects.create(name="dashboard editors")
        Perm = old.get_model("auth", "Permission")
        group.permissions.add(
            Perm.objects.get(
                content_type_id=old_ids["greenpowershare"], codename__startswith="change"
            )
        )
        user.groups.add(group)
        share = old.get_model("hongjun", "GreenPowerShare").objects.create(
            month=datetime.date(2026, 3, 1), percent="41.50", entered_by=user
        )
        old.get_model("hongjun", "ScoreWeight").objects.create(indicator="study", weight=30)
        old.get_model("hongjun", "ExportJob").objects.create(requested_by=user, year=2026)
        reminder = old.get_model("hongjun", "Reminder").objects.create(
            kind="study_session",
            content_type_id=old_ids["greenpowershare"],
            object_id=share.pk,
            recipient=user,
            due_on=datetime.date(2026, 3, 2),
            subject="旧提醒",
        )
        old.get_model("hongjun", "ReminderPreference").objects.create(
            user=user, kind="study_session", email_enabled=False
        )
        old.get_model("hongjun", "AuditEntry").objects.create(
            action="green_power.entered",
            content_type_id=old_ids["greenpowershare"],
            object_id=str(share.pk),
            object_repr="2026-03",
        )
        # A half-finished deploy: the new code's post_migrate made a row of its own first.
        stale = ContentType.objects.create(app_label="dashboard", model="scoreweight")

        migrate_to_latest()

        for app, models in MOVED.items():
            for model in models:
                moved = ContentType.objects.get(app_label=app, model=model)
                assert moved.pk == old_ids[model], model
        assert not ContentType.objects.filter(app_label="hongjun", model__in=old_ids).exists()
        assert not ContentType.objects.filter(pk=stale.pk).exists()

        assert GreenPowerShare.objects.get().percent == pytest.approx(41.5)
        assert ScoreWeight.objects.get().weight == 30
        assert ExportJob.objects.get().requested_by_id == user.pk
        moved_reminder = Reminder.objects.get(pk=reminder.pk)
        assert moved_reminder.subject == "旧提醒"
        assert moved_reminder.target == GreenPowerShare.objects.get()
        assert ReminderPreference.objects.get(user_id=user.pk).email_enabled is False
        entry = AuditEntry.objects.get(action="green_power.entered")
        assert entry.content_type.model_class() is GreenPowerShare

        perm = Group.objects.get(name="dashboard editors").permissions.get()
        assert perm.content_type.app_label == "dashboard"
        assert User.objects.get(pk=user.pk).has_perm("dashboard.change_greenpowershare")
        # One set of permissions per model, not a second made under the new label.
        assert Permission.objects.filter(codename="change_greenpowershare").count() == 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM hongjun_reminder")
            assert cursor.fetchone()[0] == 1
    finally:
        migrate_to_latest()
