"""Hostile input through the shared pages: sign-in, two-factor, password, reminders,
the dashboard's settings and filters, and the audit log's filters."""

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st

from dashboard.score import INDICATORS
from reminders import services as reminders
from tests.factories import ActivityFactory

from . import strategies as s

AUDIT = "hongjun.AuditEntry"
# A failed sign-in is recorded by django-axes and a first look at the two-factor page
# prepares an unconfirmed device: neither is the form's save, so neither is counted.
ACCOUNTS = ["auth.User", AUDIT]
DASHBOARD = ["dashboard.ScoreWeight", "dashboard.GreenPowerShare", "dashboard.ExportJob", AUDIT]


def test_login_survives_hostile_input(alice):
    client = Client()
    url = reverse("login")
    valid = {"username": "alice", "password": "wrong-password", "next": "/"}
    fields = {"username": s.text, "password": s.text, "next": s.text}

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def attack(data):
        with s.rolled_back():
            response = s.submit(client, url, data, ACCOUNTS)
            assert response.status_code != 302  # never signed in with a wrong password

    attack()


def test_two_factor_and_password_forms_survive_hostile_input(client_for, alice):
    client = client_for(alice)
    cases = [
        (reverse("two_factor"), {"code": s.anything, "next": s.text}),
        (
            reverse("password_change"),
            {"old_password": s.text, "new_password1": s.text, "new_password2": s.text},
        ),
        (reverse("login_code"), {"code": s.anything}),
    ]

    @s.FUZZ
    @given(st.data())
    def attack(data):
        url, fields = data.draw(st.sampled_from(cases))
        with s.rolled_back():
            s.submit(client, url, data.draw(s.hostile({}, fields)), ACCOUNTS)
            assert not TOTPDevice.objects.filter(confirmed=True).exists()

    attack()


def test_reminder_preferences_survive_hostile_input(client_for, alice):
    client = client_for(alice)
    fields = dict.fromkeys(reminders.KINDS, s.anything)

    @s.FUZZ
    @given(s.hostile({}, fields))
    def attack(data):
        with s.rolled_back():
            s.submit(client, reverse("inbox:preferences"), data, [AUDIT])
        s.submit(client, reverse("inbox:list"), {"page": data[next(iter(data))]}, [AUDIT], "get")

    attack()


def test_dashboard_settings_survive_hostile_input(client_for, carol):
    client = client_for(carol)
    weights = {i.code: "0" for i in INDICATORS}
    weights[INDICATORS[0].code] = "100"
    cases = [
        (reverse("dashboard:weights"), weights, {i.code: s.numbers for i in INDICATORS}),
        (
            reverse("dashboard:green_power"),
            {"month": "2025-01", "percent": "35.5", "note": "统计"},
            {"month": s.dates, "percent": s.numbers, "note": s.text},
        ),
        (reverse("dashboard:export_create"), {"year": "2025"}, {"year": s.numbers}),
    ]

    @s.FUZZ
    @given(st.data())
    def attack(data):
        url, valid, fields = data.draw(st.sampled_from(cases))
        with s.rolled_back():
            s.submit(client, url, data.draw(s.hostile(valid, fields)), DASHBOARD)

    attack()


def test_dashboard_query_survives_hostile_values(client_for, carol, sam):
    ActivityFactory(branch=sam.branch)
    clients = [client_for(carol), client_for(sam)]
    urls = [
        reverse("dashboard:home"),
        reverse("dashboard:activities"),
        reverse("dashboard:table_download", args=["branches"]),
    ]
    fields = {
        "period": s.choice,
        "year": s.numbers,
        "quarter": s.numbers,
        "month": s.numbers,
        "scope": st.one_of(
            s.text, st.sampled_from(["branch:", "general:", "branch:１", "company"])
        ),
        "kinds": s.text,
        "q": s.text,
        "date_from": s.dates,
        "date_to": s.dates,
        "page": s.numbers,
    }

    @s.FUZZ
    @given(st.sampled_from(clients), st.sampled_from(urls), s.hostile({}, fields))
    def attack(client, url, data):
        s.submit(client, url, data, DASHBOARD, method="get")

    attack()


def test_audit_log_filters_survive_hostile_query(client_for, carol):
    client = client_for(carol)
    fields = {
        "action": s.text,
        "actor": s.text,
        "record": s.text,
        "content_type": s.choice,
        "since": s.dates,
        "until": s.dates,
        "page": s.numbers,
    }

    @s.FUZZ
    @given(s.hostile({}, fields))
    def attack(data):
        s.submit(client, reverse("audit_log"), data, [AUDIT], method="get")

    attack()
