"""Sessions end 12 hours after login and after the idle time the settings decide."""

import datetime

import time_machine
from django.urls import reverse

from tests.factories import PASSWORD

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def logged_in(client, alice):
    assert (
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )
    assert client.get(reverse("home")).status_code == 200


def test_idle_session_ends_after_the_setting(client, alice, settings):
    settings.SESSION_IDLE_SECONDS = 2 * 60 * 60
    with time_machine.travel(START, tick=False) as clock:
        logged_in(client, alice)
        clock.shift(datetime.timedelta(minutes=119))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(datetime.timedelta(minutes=121))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert "会话已结束" in client.get(response.url).content.decode()


def test_busy_session_still_ends_after_twelve_hours(client, alice):
    with time_machine.travel(START, tick=False) as clock:
        logged_in(client, alice)
        for _ in range(11):
            clock.shift(datetime.timedelta(hours=1))
            assert client.get(reverse("home")).status_code == 200
        clock.shift(datetime.timedelta(hours=1, minutes=1))
        assert client.get(reverse("home")).status_code == 302
