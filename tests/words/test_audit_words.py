"""The audit log and the timelines speak to the committee: a sentence with names, local time
to the minute, labels and values as the forms show them, before → after, raw JSON folded."""

import datetime
import pathlib
import re

import pytest
import time_machine
from django.urls import reverse

from affairs.models import Transfer
from hongjun import audit, audit_words
from hongjun.models import AuditEntry
from tests.factories import HazardFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _text(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _accepted_transfer(client_for, sam, bob, alice):
    client_for(sam).post(
        reverse("affairs:transfer_create", args=[alice.pk]),
        {"kind": "internal", "reason": "工作调动", "to_branch": bob.branch.pk},
    )
    transfer = Transfer.objects.get()
    client_for(bob).post(
        reverse("affairs:transfer_decide", args=[transfer.pk, "accepted"]), {"note": ""}
    )
    return transfer


def test_the_log_says_who_did_what_to_whom_in_a_sentence(client_for, carol, sam, bob, alice):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 1, 5, 42, tzinfo=datetime.UTC)):
        _accepted_transfer(client_for, sam, bob, alice)
    text = _text(client_for(carol).get(reverse("audit_log")))
    assert "包博 接收了 李爱丽 的组织关系转接" in text
    assert "孙明 发起了 李爱丽 的组织关系转接" in text
    # Local time (UTC+8) to the minute, no seconds, no raw code as the headline.
    assert "2026-03-02 09:05" in text and "09:05:42" not in text
    # The state as the form shows it, before → after.
    assert "状态： 待接收 → 已接收" in text or "状态：待接收 → 已接收" in text


def test_the_raw_json_is_one_click_away(client_for, carol, sam):
    audit.record("branch.updated", sam.branch, sam.user, {"unit": ["旧", "新"]})
    html = client_for(carol).get(reverse("audit_log")).content.decode()
    details = re.search(r"<details[^>]*>.*?</details>", html, re.S).group(0)
    assert "branch.updated" in details and "&quot;unit&quot;" in details


def test_field_labels_and_choice_values_read_as_the_form_shows_them(sam):
    hazard = HazardFactory(zone__branch=sam.branch)
    audit.record("hazard.reported", hazard, sam.user, {"severity": "general", "photo": True})
    (entry,) = audit_words.describe(AuditEntry.objects.filter(action="hazard.reported"))
    labels = {str(label): after for label, _before, after in entry.rows}
    assert labels["严重程度"] == str(hazard.Severity("general").label)
    assert labels["照片"] == "是"
    assert entry.sentence.startswith("孙明 上报了隐患")


def test_every_action_code_written_has_a_sentence():
    """A new action code without a sentence would show its code to the committee."""
    root = pathlib.Path(__file__).resolve().parents[2]
    codes = set()
    for path in root.glob("*/**/*.py"):
        if any(part in {".venv", "tests", "migrations", "bench"} for part in path.parts):
            continue
        text = path.read_text()
        codes |= set(re.findall(r"audit\.record\(\s*\"([a-z_]+\.[a-z_]+)\"", text))
        codes |= set(re.findall(r"Step\([^)]*?\"([a-z_]+\.[a-z_]+)\"", text, re.S))
        codes |= set(re.findall(r"action=\"([a-z_]+\.[a-z_]+)\"", text))
    missing = {c for c in codes if audit_words.sentence(c, "甲", "乙").startswith("甲：")}
    assert codes and missing == set()


def test_an_unknown_code_still_reads_with_the_actor_and_record(sam):
    assert audit_words.sentence("x.y", "孙明", "记录") == "孙明：记录（x.y）"


def test_the_log_filters_by_branch_kind_person_and_date(client_for, carol, sam, bob, alice):
    other = MemberFactory(name="韩洋", branch=bob.branch)
    audit.record("member.updated", alice, sam.user, {"post": ["a", "b"]})
    audit.record("member.updated", other, bob.user, {"post": ["a", "b"]})
    client = client_for(carol)
    mine = _text(client.get(reverse("audit_log"), {"branch": sam.branch.pk}))
    assert "李爱丽" in mine and "韩洋" not in mine
    assert "韩洋" in _text(client.get(reverse("audit_log"), {"person": "包博"}))
    assert "李爱丽" not in _text(client.get(reverse("audit_log"), {"kind": "dues"}))
    assert "李爱丽" not in _text(client.get(reverse("audit_log"), {"until": "2000-01-01"}))


def test_the_changes_column_wraps_instead_of_being_cut_off(client_for, carol):
    html = client_for(carol).get(reverse("audit_log")).content.decode()
    assert "table-responsive" not in html and "audit-table" in html
    css = (pathlib.Path(__file__).resolve().parents[2] / "static/css/portal.css").read_text()
    assert ".audit-table td { white-space: normal; overflow-wrap: anywhere;" in css


def test_the_transfer_timeline_reads_as_sentences(client_for, sam, bob, alice):
    transfer = _accepted_transfer(client_for, sam, bob, alice)
    text = _text(client_for(bob).get(transfer.get_absolute_url()))
    assert "包博 接收了 李爱丽 的组织关系转接" in text
    assert "transfer.accepted" not in text.replace("原始记录", "").split("transfer.accepted #")[0]


def test_hazard_and_project_timelines_use_the_same_sentences(client_for, sam):
    hazard = HazardFactory(zone__branch=sam.branch)
    audit.record("hazard.reported", hazard, sam.user, {"severity": "general"})
    text = _text(client_for(sam).get(hazard.get_absolute_url()))
    assert "孙明 上报了隐患" in text


def test_a_file_is_said_to_be_attached_not_named(sam):
    hazard = HazardFactory(zone__branch=sam.branch)
    audit.record("hazard.submitted", hazard, sam.user, {"after_photo": "Raw content"})
    (entry,) = audit_words.describe(AuditEntry.objects.filter(action="hazard.submitted"))
    assert [after for _label, _before, after in entry.rows] == ["是"]
