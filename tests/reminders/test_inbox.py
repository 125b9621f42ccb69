"""The inbox pages, the bell and the e-mail settings, as members see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hongjun.models import AuditEntry
from reminders import services as reminders
from reminders.models import Reminder, ReminderPreference
from tests.factories import ReminderFactory


def test_bell_shows_the_unread_count(client_for, alice):
    ReminderFactory.create_batch(2, recipient=alice.user)
    ReminderFactory(recipient=alice.user, read_at=timezone.now())
    ReminderFactory(recipient=alice.user, due_on=timezone.localdate() + datetime.timedelta(1))
    response = client_for(alice).get(reverse("home"))
    assert response.context["unread_reminders"] == 2
    assert "2 条未读提醒" in response.content.decode()


def test_bell_count_is_one_query(alice, django_assert_num_queries):
    ReminderFactory.create_batch(3, recipient=alice.user)
    with django_assert_num_queries(1):
        assert reminders.unread_count(alice.user) == 3


def test_inbox_lists_only_my_reminders_newest_first(client_for, alice, sam):
    older = ReminderFactory(
        recipient=alice.user,
        subject="上周的提醒",
        due_on=timezone.localdate() - datetime.timedelta(7),
    )
    newer = ReminderFactory(recipient=alice.user, subject="今天的提醒")
    ReminderFactory(recipient=sam.user, subject="书记的提醒")
    response = client_for(alice).get(reverse("inbox:list"))
    body = response.content.decode()
    assert list(response.context["page"]) == [newer, older]
    assert "书记的提醒" not in body
    assert "明日支部活动" in body  # the kind's label, in Chinese


@pytest.mark.parametrize("count", [3, 40])
def test_inbox_queries_do_not_grow_with_reminders(
    count, client_for, alice, django_assert_max_num_queries
):
    """Session, user, actor (2), bell count, page count, page rows: not O(reminders)."""
    ReminderFactory.create_batch(count, recipient=alice.user)
    client = client_for(alice)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("inbox:list")).status_code == 200


def test_opening_an_entry_marks_it_read_and_goes_to_its_record(client_for, alice):
    reminder = ReminderFactory(recipient=alice.user, url=alice.branch.get_absolute_url())
    response = client_for(alice).post(reverse("inbox:open", args=[reminder.pk]))
    assert response.status_code == 302
    assert response["Location"] == alice.branch.get_absolute_url()
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_opening_never_redirects_off_site(client_for, alice):
    reminder = ReminderFactory(recipient=alice.user, url="https://evil.example/")
    response = client_for(alice).post(reverse("inbox:open", args=[reminder.pk]))
    assert response["Location"] == reverse("inbox:list")


def test_someone_elses_reminder_is_404_even_for_the_committee(client_for, alice, sam, carol):
    reminder = ReminderFactory(recipient=alice.user)
    for person in (sam, carol):
        response = client_for(person).post(reverse("inbox:open", args=[reminder.pk]))
        assert response.status_code == 404
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_open_and_read_all_are_post_only(client_for, alice):
    reminder = ReminderFactory(recipient=alice.user)
    client = client_for(alice)
    assert client.get(reverse("inbox:open", args=[reminder.pk])).status_code == 405
    assert client.get(reverse("inbox:read_all")).status_code == 405


def test_mark_all_read_clears_the_bell_for_me_only(client_for, alice, sam):
    ReminderFactory.create_batch(2, recipient=alice.user)
    theirs = ReminderFactory(recipient=sam.user)
    response = client_for(alice).post(reverse("inbox:read_all"), follow=True)
    assert response.context["unread_reminders"] == 0
    assert "已全部标为已读" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_pages_need_login(client, db):
    for name in ("inbox:list", "inbox:preferences"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_turn_email_off_per_kind_and_are_audited(client_for, alice):
    client = client_for(alice)
    body = client.get(reverse("inbox:preferences")).content.decode()
    assert "隐患整改期限" in body and "邮件" in body
    data = {code: "on" for code in reminders.KINDS if code != "hazard_deadline"}
    response = client.post(reverse("inbox:preferences"), data, follow=True)
    assert "提醒设置已保存" in response.content.decode()
    assert list(
        ReminderPreference.objects.filter(user=alice.user, email_enabled=False).values_list(
            "kind", flat=True
        )
    ) == ["hazard_deadline"]
    assert reminders.email_preferences(alice.user)["hazard_deadline"] is False
    entry = AuditEntry.objects.get(action="reminder_preferences.updated")
    assert entry.changes == {"hazard_deadline:email": [True, False]}
    # The form shows the saved choice.
    form = client.get(reverse("inbox:preferences")).context["form"]
    assert form["hazard_deadline"].value() is False and form["activity"].value() is True


def test_inbox_keeps_reminders_whose_email_was_off(client_for, alice):
    ReminderPreference.objects.create(user=alice.user, kind="activity", email_enabled=False)
    reminder = ReminderFactory(recipient=alice.user, kind="activity", subject="静音的提醒")
    reminders.deliver(reminder.pk)
    body = client_for(alice).get(reverse("inbox:list")).content.decode()
    assert "静音的提醒" in body
    assert Reminder.objects.get(pk=reminder.pk).state == Reminder.State.SENT
