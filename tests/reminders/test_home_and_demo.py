"""Reminders where people meet them first: the home page's "Asked of me" card, and the demo."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reminders import services
from reminders import services as reminders
from reminders.models import Reminder
from tests.factories import ReminderFactory

NOTHING = "目前没有需要您处理的事项"


def _card(response):
    body = response.content.decode()
    return body[body.index("我的待办") :]


def test_home_lists_my_unread_reminders_newest_first(client_for, alice, sam):
    today = timezone.localdate()
    older = ReminderFactory(
        recipient=alice.user, subject="上周的提醒", due_on=today - datetime.timedelta(7)
    )
    newer = ReminderFactory(recipient=alice.user, subject="今天的提醒")
    ReminderFactory(recipient=alice.user, subject="已读的提醒", read_at=timezone.now())
    ReminderFactory(
        recipient=alice.user, subject="明天的提醒", due_on=today + datetime.timedelta(1)
    )
    ReminderFactory(recipient=sam.user, subject="书记的提醒")
    response = client_for(alice).get(reverse("home"))
    card = _card(response)
    assert response.context["my_reminders"] == [newer, older]
    assert card.index("今天的提醒") < card.index("上周的提醒")
    for hidden in ("已读的提醒", "明天的提醒", "书记的提醒", NOTHING):
        assert hidden not in card
    assert reverse("inbox:open", args=[newer.pk]) in card
    assert reverse("inbox:list") in card
    assert "全部提醒（2 条未读）" in card


def test_home_shows_at_most_five_reminders(client_for, alice):
    ReminderFactory.create_batch(7, recipient=alice.user)
    response = client_for(alice).get(reverse("home"))
    assert len(response.context["my_reminders"]) == 5
    assert "全部提醒（7 条未读）" in _card(response)


def test_home_says_nothing_is_waiting_without_reminders(client_for, alice):
    ReminderFactory(recipient=alice.user, read_at=timezone.now())
    assert NOTHING in _card(client_for(alice).get(reverse("home")))


@pytest.fixture
def demo(db):
    """The demo seeded on a known day: the clock starts there and runs on."""
    start = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(start, tick=True):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def _snapshot():
    return sorted(
        Reminder.objects.values_list(
            "kind", "object_id", "recipient_id", "due_on", "state", "emailed", "read_at"
        )
    )


def test_demo_member_and_secretary_have_read_and_unread_reminders(demo, client_for):
    """The member has not signed this year's pledge (published three weeks ago: four weekly
    reminders); both were invited to the branch's activities of the last three weeks."""
    today = timezone.localdate()
    member = Reminder.objects.filter(recipient__username="member")
    assert member.filter(kind="pledge_unsigned").count() == 4
    assert member.filter(read_at__isnull=True).count() == 3
    assert member.filter(read_at__isnull=False).exists()
    secretary = Reminder.objects.filter(recipient__username="secretary")
    assert secretary.filter(read_at__isnull=True).count() == 3
    assert secretary.filter(read_at__isnull=False).exists()
    assert not Reminder.objects.filter(due_on__gt=today).exists()
    member = Reminder.objects.filter(recipient__username="member").first().recipient.member
    assert "全部提醒" in _card(client_for(member).get(reverse("home")))


def test_demo_member_and_secretary_are_reminded_of_hazards_study_and_recruitment(demo):
    """The member owes a fix three days overdue (reminded two days before, on the day and
    after; the secretary told the day after), both were invited to the committee's study
    session of a fortnight ago, and the secretary's branch has an applicant whose talk fell
    due in the last three weeks."""
    today = timezone.localdate()
    member = Reminder.objects.filter(recipient__username="member")
    deadline = today - datetime.timedelta(days=3)
    assert sorted(member.filter(kind="hazard_deadline").values_list("due_on", flat=True)) == [
        deadline - datetime.timedelta(days=2),
        deadline,
        deadline + datetime.timedelta(days=1),
    ]
    assert member.filter(kind="study_session").exists()
    secretary = Reminder.objects.filter(recipient__username="secretary")
    escalated = secretary.get(kind="hazard_escalated")
    assert escalated.due_on == deadline + datetime.timedelta(days=1)
    assert escalated.target == member.filter(kind="hazard_deadline").first().target
    assert secretary.filter(kind="study_session").exists()
    assert secretary.filter(kind="recruitment_due").exists()


def test_demo_emails_nobody_and_a_second_run_changes_nothing(demo):
    assert mail.outbox == []
    states = set(Reminder.objects.values_list("state", "emailed"))
    assert states == {(Reminder.State.SENT, False)}  # in the inbox, honestly not e-mailed
    before = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert _snapshot() == before
    assert mail.outbox == []


def test_demo_member_has_chosen_where_reminders_reach_them(demo, settings, client_for):
    settings.DINGTALK_ROBOT_TOKEN = "demo-robot"  # the 钉钉 switches show with the channel on
    user = Reminder.objects.filter(recipient__username="member").first().recipient
    chosen = reminders.preferences(user)
    assert chosen["pledge_unsigned"] == {"email": False, "dingtalk": True}
    assert chosen["activity"] == {"email": True, "dingtalk": False}
    form = client_for(user.member).get(reverse("inbox:preferences")).context["form"]
    assert form["activity__dingtalk"].value() is False
    assert form["pledge_unsigned"].value() is False


def test_a_reminder_reaches_the_demo_accounts_mailbox(demo, settings):
    """The demo's accounts have e-mail addresses: a reminder delivered now is e-mailed
    (the demo's console backend prints it; here the locmem backend keeps it)."""
    from django.contrib.auth import get_user_model

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    member = get_user_model().objects.get(username="member")
    assert member.email == "member@hongjun.example"
    seen = Reminder.objects.filter(recipient=member, kind="hazard_deadline").first()
    hazard = seen.content_type.get_object_for_this_type(pk=seen.object_id)
    today = timezone.localdate()  # due now: the outbox delivers what is due
    reminder, created = services.queue(seen.kind, hazard, member, today, "隐患整改期限将至")
    assert created
    services.deliver(reminder.pk)
    assert [m.to for m in mail.outbox] == [["member@hongjun.example"]]
    assert mail.outbox[0].subject.endswith("隐患整改期限将至")
    reminder.refresh_from_db()
    assert reminder.emailed
