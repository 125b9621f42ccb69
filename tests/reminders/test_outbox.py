"""The outbox in one process: natural keys, claims, SMTP delivery, retries and bad input."""

import datetime
import importlib
import logging
from unittest import mock

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from branches.models import Branch
from hongjun.settings import CELERY_BROKER_TRANSPORT_OPTIONS
from reminders import services as reminders
from reminders import tasks
from reminders.models import Reminder, ReminderPreference
from tests.factories import BranchFactory, MemberFactory, ReminderFactory

from .scans import EVERYONE

State = Reminder.State
TODAY = datetime.date(2025, 3, 10)


def _row_for(member, due_on=TODAY):
    return reminders.row("activity", member.branch, member.user, due_on, "明天有支部活动")


def test_queue_twice_keeps_one_row_for_a_natural_key(alice):
    with transaction.atomic():
        first, created = reminders.queue("activity", alice.branch, alice.user, TODAY, "活动提醒")
        again, created_again = reminders.queue(
            "activity", alice.branch, alice.user, TODAY, "活动提醒"
        )
    assert created and not created_again
    assert first.pk == again.pk
    assert Reminder.objects.count() == 1


def test_database_refuses_a_second_row_with_the_same_natural_key(alice):
    from django.db import IntegrityError

    ReminderFactory(target=alice.branch, recipient=alice.user, due_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderFactory(target=alice.branch, recipient=alice.user, due_on=TODAY)


def test_rerunning_a_scan_inserts_nothing_new(members_with_email):
    members_with_email(4)
    assert reminders.run_scans(TODAY, kinds=[EVERYONE], kick=False) == {EVERYONE: 4}
    assert reminders.run_scans(TODAY, kinds=[EVERYONE], kick=False) == {EVERYONE: 4}
    assert Reminder.objects.filter(kind=EVERYONE).count() == 4
    reminders.run_scans(TODAY + datetime.timedelta(days=1), kinds=[EVERYONE], kick=False)
    assert Reminder.objects.filter(kind=EVERYONE).count() == 8


@pytest.mark.parametrize("count", [3, 40])
def test_scan_runs_a_fixed_number_of_queries_whatever_the_member_count(
    count, members_with_email, django_assert_num_queries
):
    """Not one query per member: select, savepoint, one INSERT, release (at both sizes)."""
    members_with_email(count)
    reminders.row("activity", Branch(pk=1), 1, TODAY, "warm the content-type cache")
    with django_assert_num_queries(4):
        reminders.run_scans(TODAY, kinds=[EVERYONE], kick=False)
    assert Reminder.objects.count() == count


def test_queue_publishes_delivery_only_after_commit(alice, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(tasks.deliver_reminder, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        with transaction.atomic():
            reminder, _ = reminders.queue("activity", alice.branch, alice.user, TODAY, "活动")
            assert not delay.called
        assert not delay.called
    assert len(callbacks) == 1
    delay.assert_called_once_with(reminder.pk)


def test_broker_down_at_publish_leaves_row_pending_and_page_unharmed(
    alice, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch.object(
            tasks.deliver_reminder, "delay", side_effect=OperationalError("Connection refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.WARNING, logger="reminders.services"),
    ):
        reminder, _ = reminders.queue("activity", alice.branch, alice.user, TODAY, "活动")
    reminder.refresh_from_db()
    assert reminder.state == State.PENDING
    assert "periodic sweep will deliver it" in caplog.text


def test_only_one_claim_wins(alice):
    reminder = ReminderFactory(recipient=alice.user)
    assert reminders.claim(reminder.pk) is True
    assert reminders.claim(reminder.pk) is False
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (State.SENDING, 1)


def test_a_claim_left_by_a_dead_worker_is_taken_again_after_the_timeout(alice):
    reminder = ReminderFactory(recipient=alice.user)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert reminders.claim(reminder.pk)
        clock.shift(reminders.CLAIM_TIMEOUT - datetime.timedelta(seconds=1))
        assert not reminders.claim(reminder.pk)
        clock.shift(datetime.timedelta(seconds=2))
        assert reminders.claim(reminder.pk)


def test_deliver_sends_one_email_over_smtp_and_marks_sent(smtp_settings, members_with_email):
    (member,) = members_with_email(1)
    reminder = ReminderFactory(recipient=member.user, subject="明天上午九点支部党员大会")
    assert reminders.deliver(reminder.pk).state == "sent"
    assert reminders.deliver(reminder.pk).state == "skipped"
    (message,) = smtp_settings.messages
    assert message["X-Test-Rcpt"] == member.user.email
    assert "明天上午九点支部党员大会" in str(email_subject(message))
    assert "/org/" in message.get_payload(decode=True).decode()
    reminder.refresh_from_db()
    assert reminder.state == State.SENT and reminder.emailed and reminder.sent_at


def email_subject(message):
    from email.header import decode_header, make_header

    return make_header(decode_header(message["Subject"]))


def test_email_off_for_a_kind_still_puts_it_in_the_inbox(smtp_settings, members_with_email):
    (member,) = members_with_email(1)
    ReminderPreference.objects.create(user=member.user, kind="activity", email_enabled=False)
    other_kind = ReminderFactory(recipient=member.user, kind="milestone_due")
    muted = ReminderFactory(recipient=member.user, kind="activity")
    counts, more = reminders.deliver_due()
    assert counts == {"sent": 2} and not more
    assert smtp_settings.reminder_ids() == [other_kind.pk]
    muted.refresh_from_db()
    assert muted.state == State.SENT and not muted.emailed and muted.read_at is None


def test_rejected_address_fails_that_row_and_the_batch_goes_on(smtp_settings, members_with_email):
    good, bad, also_good = members_with_email(3)
    smtp_settings.rejected.add(bad.user.email)
    rows = [ReminderFactory(recipient=m.user) for m in (good, bad, also_good)]
    counts, _ = reminders.deliver_due()
    assert counts == {"sent": 2, "failed": 1}
    states = dict(Reminder.objects.values_list("recipient", "state"))
    assert states[bad.user.pk] == State.FAILED
    assert "550" in Reminder.objects.get(recipient=bad.user).last_error
    assert sorted(smtp_settings.reminder_ids()) == sorted([rows[0].pk, rows[2].pk])


def test_temporary_failure_is_retried_with_backoff_then_marked_failed(
    smtp_settings, members_with_email
):
    (member,) = members_with_email(1)
    reminder = ReminderFactory(recipient=member.user)
    smtp_settings.temporary_failures = 100
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt, wait in enumerate(reminders.BACKOFF, start=1):
            assert reminders.deliver(reminder.pk) == reminders.Outcome("retry", retry_in=wait)
            reminder.refresh_from_db()
            assert (reminder.state, reminder.attempts) == (State.PENDING, attempt)
            assert "451" in reminder.last_error
            # Not before the backoff has passed: neither the task nor the sweep sends it.
            assert reminders.deliver(reminder.pk).state == "skipped"
            clock.shift(datetime.timedelta(seconds=wait))
        assert reminders.deliver(reminder.pk).state == "failed"
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (State.FAILED, reminders.MAX_ATTEMPTS)
    assert smtp_settings.messages == []


def test_a_retry_recovers_once_the_server_accepts_again(smtp_settings, members_with_email):
    (member,) = members_with_email(1)
    reminder = ReminderFactory(recipient=member.user)
    smtp_settings.temporary_failures = 1
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert reminders.deliver(reminder.pk).state == "retry"
        clock.shift(datetime.timedelta(seconds=reminders.BACKOFF[0]))
        assert reminders.deliver_due()[0] == {"sent": 1}
    assert smtp_settings.reminder_ids() == [reminder.pk]


def test_retry_waits_stay_far_under_the_visibility_timeout():
    """A Redis message with an ETA past the visibility timeout runs twice (celery/kombu#337)."""
    limit = CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert max(reminders.BACKOFF) <= reminders.MAX_BACKOFF < limit / 2
    assert reminders.CLAIM_TIMEOUT.total_seconds() > reminders.SEND_TIMEOUT * 4


def test_reminder_whose_record_was_deleted_is_dropped_with_a_log_line(
    smtp_settings, members_with_email, caplog
):
    (member,) = members_with_email(1)
    doomed = BranchFactory()
    gone = ReminderFactory(recipient=member.user, target=doomed)
    kept = ReminderFactory(recipient=member.user)
    doomed.delete()
    with caplog.at_level(logging.WARNING, logger="reminders.services"):
        counts, _ = reminders.deliver_due()
    assert counts == {"dropped": 1, "sent": 1}
    assert f"Dropped reminder {gone.pk}" in caplog.text
    assert not Reminder.objects.filter(pk=gone.pk).exists()
    assert smtp_settings.reminder_ids() == [kept.pk]


def test_reminder_due_later_waits_for_its_day(smtp_settings, members_with_email):
    (member,) = members_with_email(1)
    reminder = ReminderFactory(
        recipient=member.user, due_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert reminders.deliver(reminder.pk).state == "skipped"
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert reminders.deliver(reminder.pk).state == "sent"


def test_member_without_address_gets_the_inbox_entry_only(smtp_settings, alice):
    reminder = ReminderFactory(recipient=alice.user)
    assert reminders.deliver(reminder.pk).state == "sent"
    reminder.refresh_from_db()
    assert reminder.state == State.SENT and not reminder.emailed
    assert smtp_settings.messages == []


def test_send_reminders_command_scans_and_delivers_in_process(members_with_email):
    """The embedded default: no broker, the command alone fills the inboxes."""
    members = members_with_email(3)
    call_command("send_reminders", "--date", timezone.localdate().isoformat())
    assert Reminder.objects.filter(kind=EVERYONE, state=State.SENT).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in members)
    call_command("send_reminders")
    assert len(mail.outbox) == 3


def test_timing_table_gives_the_anchor_dates_due_today():
    assert reminders.anchors("hazard_deadline", TODAY) == {
        datetime.date(2025, 3, 12): TODAY,  # two days before
        TODAY: TODAY,  # the day itself
        datetime.date(2025, 3, 9): TODAY,  # the day after
    }
    assert reminders.anchors("milestone_due", TODAY) == {datetime.date(2025, 3, 13): TODAY}
    start = datetime.date(2025, 3, 1)
    due = [
        reminders.period_due_on("pledge_unsigned", start, start + datetime.timedelta(days=d))
        for d in (0, 6, 7, 13, 14)
    ]
    week = datetime.timedelta(days=7)
    assert due == [start, start, start + week, start + week, start + 2 * week]


def test_every_kind_named_in_the_issue_has_a_timing():
    expected = {
        "study_session",
        "activity",
        "pledge_unsigned",
        "hazard_deadline",
        "hazard_escalated",
        "compliance_due",
        "compliance_overdue",
        "milestone_due",
    }
    assert expected <= set(reminders.KINDS)
    with pytest.raises(ValueError):
        reminders.register_scan("no_such_kind")


def test_beat_schedule_is_installed_as_editable_rows(db):
    """The schedule is data (django-celery-beat rows): the admin changes it, no deploy."""
    from django_celery_beat.models import PeriodicTask

    from hongjun.celery import app

    migration = importlib.import_module("hongjun.migrations.0003_reminder_schedule")
    PeriodicTask.objects.filter(name__startswith="reminders:").delete()
    migration.install(apps, None)
    migration.install(apps, None)  # idempotent, keeps an administrator's edits
    rows = {p.name: p for p in PeriodicTask.objects.filter(name__startswith="reminders:")}
    assert set(rows) == {"reminders: daily scans", "reminders: deliver pending"}
    assert rows["reminders: daily scans"].crontab.hour == "7-20"
    assert rows["reminders: deliver pending"].interval.every == 5
    for row in rows.values():
        assert row.task in app.tasks


def test_admin_retry_puts_failed_rows_back_and_is_audited(
    admin_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from hongjun.models import AuditEntry

    client = admin_client
    member = MemberFactory()
    failed = ReminderFactory(
        recipient=member.user, state=State.FAILED, attempts=5, last_error="SMTPRecipientsRefused"
    )
    changelist = reverse("admin:reminders_reminder_changelist")
    body = client.get(changelist + "?state=failed").content.decode()
    assert failed.subject in body
    with (
        mock.patch.object(tasks.deliver_pending, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(changelist, {"action": "retry", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.last_error) == (State.PENDING, 0, "")
    assert delay.called
    assert AuditEntry.objects.filter(action="reminder.retried", object_id=str(failed.pk)).exists()
