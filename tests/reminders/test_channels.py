"""Reminders by 企业微信 and 钉钉 besides e-mail: through the outbox, against a local server
that speaks each API (chatserver.py), with its rate limits, expired tokens and a timeout."""

import base64
import datetime
import hashlib
import hmac
import time

import pytest
import redis
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hongjun.celery import app as celery_app
from hongjun.models import AuditEntry
from reminders import channels
from reminders import services as reminders
from reminders.models import Reminder, ReminderPreference
from tests.factories import MemberFactory, ReminderFactory

from . import chatserver
from .conftest import Worker, broker_url, wait_for

State = Reminder.State


@pytest.fixture
def chat(db):
    server, url, stop = chatserver.start()
    server.url = url
    yield server
    stop()


@pytest.fixture
def wecom_app(settings, chat):
    settings.WECOM_BASE_URL = chat.url
    settings.WECOM_CORP_ID = chatserver.CORP_ID
    settings.WECOM_SECRET = chatserver.SECRET
    settings.WECOM_AGENT_ID = chatserver.AGENT_ID
    settings.CHAT_TIMEOUT = 1
    cache.delete(channels.wecom_token_key())
    yield chat
    cache.delete(channels.wecom_token_key())


@pytest.fixture
def wecom_robot(settings, chat):
    settings.WECOM_BASE_URL = chat.url
    settings.WECOM_ROBOT_KEY = chatserver.ROBOT_KEY
    settings.CHAT_TIMEOUT = 1
    return chat


@pytest.fixture
def dingtalk(settings, chat):
    settings.DINGTALK_BASE_URL = chat.url
    settings.DINGTALK_ROBOT_TOKEN = chatserver.DING_TOKEN
    settings.DINGTALK_ROBOT_SECRET = chatserver.DING_SECRET
    settings.CHAT_TIMEOUT = 1
    return chat


def member(chat, employee_no="10023", **kwargs):
    chat.users.add(employee_no)
    return MemberFactory(
        employee_no=employee_no, user__email=f"{employee_no}@hongjun.test", **kwargs
    )


def reminder_for(member, **kwargs):
    return ReminderFactory(recipient=member.user, **kwargs)


def test_no_chat_channel_without_its_settings(db):
    assert channels.active() == []
    assert reminders.channel_codes() == ["email"]


def test_wecom_app_message_goes_to_the_member_by_employee_number(wecom_app):
    alice = member(wecom_app)
    reminder = reminder_for(alice, subject="明天有支部活动", body="请准时参加。", url="/org/")
    assert reminders.deliver(reminder.pk).state == "sent"
    [(_query, payload)] = wecom_app.accepted("message_send")
    assert payload["touser"] == "10023"
    assert payload["agentid"] == chatserver.AGENT_ID
    assert payload["textcard"]["title"] == "明天有支部活动"
    assert payload["textcard"]["url"].endswith("/org/")
    reminder.refresh_from_db()
    assert reminder.delivered_by == "email wecom"
    assert reminder.emailed
    assert len(mail.outbox) == 1


def test_wecom_token_is_fetched_once_and_again_when_it_expires(wecom_app):
    alice = member(wecom_app)
    for _ in range(3):
        reminders.deliver(reminder_for(alice).pk)
    assert wecom_app.count("gettoken") == 1
    wecom_app.expire_tokens()  # 42001 on the next send
    assert reminders.deliver(reminder_for(alice).pk).state == "sent"
    assert wecom_app.count("gettoken") == 2
    assert len(wecom_app.accepted("message_send")) == 4


def test_a_token_the_server_never_gave_is_replaced(wecom_app):
    alice = member(wecom_app)
    cache.set(channels.wecom_token_key(), "forged-or-revoked", 600)  # 40014
    assert reminders.deliver(reminder_for(alice).pk).state == "sent"
    assert wecom_app.count("gettoken") == 1


def test_wecom_rate_limit_retries_later_without_e_mailing_twice(wecom_app):
    alice = member(wecom_app)
    wecom_app.reset_limit(0)  # every send answers 45009
    reminder = reminder_for(alice)
    outcome = reminders.deliver(reminder.pk)
    assert outcome.state == "retry"
    reminder.refresh_from_db()
    assert reminder.state == State.PENDING
    assert "45009" in reminder.last_error
    assert reminder.delivered_by == "email"
    assert reminders.deliver(reminder.pk).state == "skipped"  # waits for its backoff
    wecom_app.reset_limit()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=outcome.retry_in + 1)):
        assert reminders.deliver(reminder.pk).state == "sent"
    reminder.refresh_from_db()
    assert reminder.delivered_by == "email wecom"
    assert len(mail.outbox) == 1  # the e-mail went once
    assert len(wecom_app.accepted("message_send")) == 1


def test_wecom_timeout_is_retried_and_does_not_hold_the_delivery(wecom_app):
    alice = member(wecom_app)
    reminders.deliver(reminder_for(alice).pk)  # the token is cached
    wecom_app.delay = 3  # the server answers after CHAT_TIMEOUT (1 s)
    reminder = reminder_for(alice)
    started = time.monotonic()
    assert reminders.deliver(reminder.pk).state == "retry"
    assert time.monotonic() - started < 2.5
    reminder.refresh_from_db()
    assert "timed out" in reminder.last_error


def test_user_unknown_to_wecom_fails_for_good(wecom_app):
    stranger = MemberFactory(employee_no="55555", user__email="")
    reminder = reminder_for(stranger)
    assert reminders.deliver(reminder.pk).state == "failed"
    reminder.refresh_from_db()
    assert "81013" in reminder.last_error


def test_wecom_group_robot_mentions_the_member(wecom_robot):
    alice = member(wecom_robot)
    reminder = reminder_for(
        alice, kind="hazard_deadline", subject="3号炉漏点 整改明天到期", body="请按期整改。"
    )
    assert reminders.deliver(reminder.pk).state == "sent"
    [(_query, payload)] = wecom_robot.accepted("webhook_send")
    assert payload["text"]["mentioned_list"] == ["10023"]
    content = payload["text"]["content"]
    assert "隐患整改期限" in content and content.endswith("/org/")
    # The whole group reads it: the kind and the link, not the subject or the text.
    assert "3号炉" not in content and "请按期整改" not in content


@pytest.mark.parametrize(
    "channel,setting,errcode",
    [
        ("wecom_app", "WECOM_SECRET", "40001"),  # gettoken: invalid credential
        ("wecom_robot", "WECOM_ROBOT_KEY", "93000"),  # invalid webhook url
        ("dingtalk", "DINGTALK_ROBOT_SECRET", "310000"),  # sign not match
    ],
)
def test_a_wrong_secret_fails_for_good_and_the_e_mail_still_goes(
    request, settings, channel, setting, errcode
):
    chat = request.getfixturevalue(channel)
    setattr(settings, setting, "SECnot-the-right-one")
    reminder = reminder_for(member(chat))
    assert reminders.deliver(reminder.pk).state == "failed"
    reminder.refresh_from_db()
    assert errcode in reminder.last_error
    assert reminder.delivered_by == "email"
    assert len(mail.outbox) == 1


def test_dingtalk_robot_signs_and_mentions_the_member(dingtalk):
    alice = member(dingtalk)
    reminder = reminder_for(alice, kind="dues_unpaid_3", subject="张伟 连续3个月未交党费")
    assert reminders.deliver(reminder.pk).state == "sent"
    [(query, payload)] = dingtalk.accepted("robot_send")
    assert payload["at"] == {"atUserIds": ["10023"], "isAtAll": False}
    content = payload["text"]["content"]
    assert content.startswith("@10023 ")
    assert "你有一条新提醒：连续3个月未交党费" in content
    assert "张伟" not in content  # a group reads it: no subject
    assert abs(int(query["timestamp"]) - time.time() * 1000) < 60_000


def test_dingtalk_signature_is_the_documented_one():
    """钉钉's own example: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64."""
    expected = base64.b64encode(
        hmac.new(b"SECabc", b"1577262236757\nSECabc", hashlib.sha256).digest()
    ).decode()
    assert channels.dingtalk_sign("1577262236757", "SECabc") == expected


def test_dingtalk_rate_limit_is_retried(dingtalk):
    alice = member(dingtalk)
    dingtalk.reset_limit(0)  # 130101
    reminder = reminder_for(alice)
    outcome = reminders.deliver(reminder.pk)
    assert outcome.state == "retry"
    reminder.refresh_from_db()
    assert "130101" in reminder.last_error
    dingtalk.reset_limit()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=outcome.retry_in + 1)):
        assert reminders.deliver(reminder.pk).state == "sent"
    assert len(dingtalk.accepted("robot_send")) == 1


def test_rate_limit_that_never_ends_fails_after_the_last_attempt(dingtalk):
    reminder = reminder_for(member(dingtalk))
    dingtalk.reset_limit(0)
    moment = timezone.now()
    for _ in range(reminders.MAX_ATTEMPTS):
        with time_machine.travel(moment):
            outcome = reminders.deliver(reminder.pk)
        moment += datetime.timedelta(seconds=reminders.MAX_BACKOFF + 1)
    assert outcome.state == "failed"
    assert dingtalk.count("robot_send") == reminders.MAX_ATTEMPTS
    assert len(mail.outbox) == 1


def test_member_turns_a_channel_off_per_kind(client_for, wecom_app, dingtalk):
    alice = member(wecom_app)
    client = client_for(alice)
    page = client.get(reverse("inbox:preferences")).content.decode()
    assert "企业微信" in page and "钉钉" in page
    data = {}
    for kind in reminders.KINDS:
        data[kind] = "on"
        data[f"{kind}__dingtalk"] = "on"
        if kind != "activity":
            data[f"{kind}__wecom"] = "on"
    response = client.post(reverse("inbox:preferences"), data, follow=True)
    assert "提醒设置已保存" in response.content.decode()
    choice = ReminderPreference.objects.get(user=alice.user, kind="activity")
    assert (choice.email_enabled, choice.wecom_enabled, choice.dingtalk_enabled) == (
        True,
        False,
        True,
    )
    entry = AuditEntry.objects.get(action="reminder_preferences.updated")
    assert entry.changes == {"activity:wecom": [True, False]}
    reminders.deliver(reminder_for(alice, kind="activity").pk)
    reminders.deliver(reminder_for(alice, kind="hazard_deadline").pk)
    assert len(wecom_app.accepted("message_send")) == 1  # the hazard only
    assert len(wecom_app.accepted("robot_send")) == 2
    assert len(mail.outbox) == 2


def test_channels_off_in_settings_are_not_offered(client_for, alice):
    page = client_for(alice).get(reverse("inbox:preferences")).content.decode()
    assert "企业微信" not in page and "钉钉" not in page
    assert "__wecom" not in page and "__dingtalk" not in page
    assert "邮件" in page


@pytest.mark.parametrize("rows", [0, 12])
def test_preferences_page_queries_do_not_grow(
    rows, client_for, wecom_app, dingtalk, django_assert_max_num_queries
):
    alice = member(wecom_app)
    for kind in list(reminders.KINDS)[:rows]:
        ReminderPreference.objects.create(user=alice.user, kind=kind, wecom_enabled=False)
    client = client_for(alice)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("inbox:preferences"))
    assert page.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_by_chat_and_the_queueing_does_not_wait(smtp_server, chat, tmp_path):
    """A reminder queued in a transaction goes out from a Celery worker, to the local
    企业微信 and 钉钉 servers; a slow chat server holds the worker, not the caller."""
    redis.Redis.from_url(broker_url()).flushdb()  # this suite's own Redis db
    celery_app.close()
    chat.users.add("20001")
    someone = MemberFactory(employee_no="20001", user__email="20001@hongjun.test")
    env = {
        "WECOM_BASE_URL": chat.url,
        "WECOM_CORP_ID": chatserver.CORP_ID,
        "WECOM_SECRET": chatserver.SECRET,
        "WECOM_AGENT_ID": str(chatserver.AGENT_ID),
        "DINGTALK_BASE_URL": chat.url,
        "DINGTALK_ROBOT_TOKEN": chatserver.DING_TOKEN,
        "DINGTALK_ROBOT_SECRET": chatserver.DING_SECRET,
        "CHAT_TIMEOUT": "5",
    }
    worker = Worker(tmp_path, "chat", broker_url(), smtp_server.port, env=env)
    try:
        worker.wait_ready()
        chat.delay = 1.0
        started = time.monotonic()
        with transaction.atomic():
            reminder, _ = reminders.queue(
                "activity", someone.branch, someone.user, timezone.localdate(), "明天有活动"
            )
        assert time.monotonic() - started < 0.8
        wait_for(
            lambda: Reminder.objects.get(pk=reminder.pk).state == State.SENT,
            timeout=30,
            message="the worker to deliver by every channel",
        )
    finally:
        worker.stop()
        celery_app.close()
    reminder.refresh_from_db()
    assert reminder.delivered_by == "email wecom dingtalk"
    assert len(chat.accepted("message_send")) == 1
    assert len(chat.accepted("robot_send")) == 1
    assert smtp_server.reminder_ids() == [reminder.pk]


def test_retry_from_the_admin_sends_only_the_channel_that_failed(wecom_app, settings, carol):
    settings.WECOM_SECRET = "SECnot-the-right-one"
    reminder = reminder_for(member(wecom_app))
    assert reminders.deliver(reminder.pk).state == "failed"
    settings.WECOM_SECRET = chatserver.SECRET  # the administrator fixes the setting
    assert reminders.retry_failed(Reminder.objects.filter(pk=reminder.pk), by=carol.user) == 1
    assert reminders.deliver(reminder.pk).state == "sent"
    reminder.refresh_from_db()
    assert reminder.delivered_by == "email wecom"
    assert len(mail.outbox) == 1
    assert len(wecom_app.accepted("message_send")) == 1
