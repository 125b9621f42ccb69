"""Hostile input through the organisation's and the activities' forms and filters."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PNG_BYTES, ActivityFactory

from . import strategies as s

MEMBER_MODELS = ["branches.Member", "auth.User", "hongjun.AuditEntry"]
ACTIVITY_MODELS = [
    "branches.Activity",
    "branches.Attendance",
    "branches.ActivityAttachment",
    "hongjun.AuditEntry",
]


def member_data(**extra):
    return {
        "name": "王小明",
        "gender": "m",
        "employee_no": "F00001",
        "status": "full",
        "joined_on": "2010-07-01",
        "post": "电解工",
        "party_group": "",
        "phone": "13800000000",
        **extra,
    }


MEMBER_FIELDS = {
    "name": s.text,
    "gender": s.choice,
    "employee_no": s.text,
    "status": s.choice,
    "joined_on": s.dates,
    "post": s.text,
    "party_group": s.choice,
    "phone": s.text,
}


def test_branch_form_survives_hostile_input(client_for, sam):
    client = client_for(sam)
    url = reverse("branches:branch_edit", args=[sam.branch.pk])
    valid = {"unit": "电解一车间", "meeting_place": "活动室", "description": "简介"}

    @s.FUZZ
    @given(s.hostile(valid, {"unit": s.text, "meeting_place": s.text, "description": s.text}))
    def attack(data):
        s.submit(client, url, data, ["branches.Branch", "hongjun.AuditEntry"], creates=None)

    attack()


def test_member_create_survives_hostile_input(client_for, sam):
    client = client_for(sam)
    url = reverse("branches:member_create", args=[sam.branch.pk])
    numbers = iter(range(10_000, 99_999))

    @s.FUZZ
    @given(s.hostile(member_data(), MEMBER_FIELDS))
    def attack(data):
        # A fresh employee number each time, unless the attack is on it.
        data = {**data}
        if data["employee_no"] == "F00001":
            data["employee_no"] = f"F{next(numbers)}"
        s.submit(client, url, data, MEMBER_MODELS, creates="branches.Member")

    attack()


def test_member_edit_survives_hostile_input(client_for, sam, alice):
    client = client_for(sam)
    url = reverse("branches:member_edit", args=[alice.pk])

    @s.FUZZ
    @given(s.hostile(member_data(employee_no=alice.employee_no), MEMBER_FIELDS))
    def attack(data):
        s.submit(client, url, data, MEMBER_MODELS)

    attack()


def activity_data(roster, day):
    data = {
        "kind": "general_meeting",  # a 支委会 lists its 委员 only
        "theme": "safety",
        "status": "held",
        "date": day.isoformat(),
        "start_time": "09:00",
        "end_time": "10:30",
        "place": "活动室",
        "host": "",
        "party_group": "",
        "topic": "研究工作",
        "content": "会议内容",
        "first_topic": "on",
        "first_topic_text": "学习",
        "attendance-TOTAL_FORMS": str(len(roster)),
        "attendance-INITIAL_FORMS": str(len(roster)),
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "1000",
    }
    for i, member in enumerate(roster):
        data[f"attendance-{i}-member"] = str(member.pk)
        data[f"attendance-{i}-status"] = "present"
        data[f"attendance-{i}-reason"] = ""
    return data


ACTIVITY_FIELDS = {
    "kind": s.choice,
    "theme": s.choice,
    "status": s.choice,
    "date": s.dates,
    "start_time": s.anything,
    "end_time": s.anything,
    "place": s.text,
    "host": s.choice,
    "party_group": s.choice,
    "topic": s.text,
    "content": s.text,
    "first_topic_text": s.text,
    "attendance-TOTAL_FORMS": s.form_counts,
    "attendance-INITIAL_FORMS": s.form_counts,
    "attendance-0-member": s.numbers,
    "attendance-0-status": s.choice,
    "attendance-0-reason": s.text,
    "attendance-1-status": s.choice,
    "attendance-1-reason": s.text,
}


def test_activity_create_survives_hostile_input(client_for, sam, alice):
    client = client_for(sam)
    url = reverse("branches:activity_create", args=[sam.branch.pk])
    valid = activity_data([alice, sam], timezone.localdate() - datetime.timedelta(days=2))

    @s.FUZZ
    @given(s.hostile(valid, ACTIVITY_FIELDS))
    def attack(data):
        s.submit(client, url, data, ACTIVITY_MODELS, creates="branches.Activity")

    attack()


def test_activity_edit_survives_hostile_input(client_for, sam, alice):
    client = client_for(sam)
    activity = ActivityFactory(branch=sam.branch)
    url = reverse("branches:activity_edit", args=[activity.pk])
    valid = activity_data([alice, sam], timezone.localdate() - datetime.timedelta(days=2))
    fields = {**ACTIVITY_FIELDS, "remove_attachments": s.choice}

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def attack(data):
        s.submit(client, url, data, ACTIVITY_MODELS)

    attack()


def test_evidence_file_names_are_harmless(client_for, sam, alice):
    """The file's own name is kept for the download: hostile names are refused or kept escaped."""
    client = client_for(sam)
    url = reverse("branches:activity_create", args=[sam.branch.pk])
    valid = activity_data([alice, sam], timezone.localdate() - datetime.timedelta(days=2))
    names = st.one_of(st.sampled_from(s.HOSTILE_TEXT), st.text(min_size=1, max_size=300))

    @s.FUZZ
    @given(names.filter(lambda n: n.strip("/\\. ")))
    def attack(name):
        # A browser sends the file's own name without its folders ("0/" is no file name:
        # Django refuses to make such an upload at all), so slashes become part of a name.
        safe = name[:255].replace("/", "_").replace("\\", "_")
        photo = SimpleUploadedFile(safe, PNG_BYTES, content_type="image/png")
        s.submit(client, url, {**valid, "photos": photo}, ACTIVITY_MODELS)

    attack()


def test_activity_filters_survive_hostile_query(client_for, sam):
    client = client_for(sam)
    ActivityFactory(branch=sam.branch)
    url = reverse("branches:activity_list", args=[sam.branch.pk])
    fields = {
        "q": s.text,
        "kind": s.choice,
        "theme": s.choice,
        "status": s.choice,
        "date_from": s.dates,
        "date_to": s.dates,
        "page": s.numbers,
    }

    @s.FUZZ
    @given(s.hostile({}, fields))
    def attack(data):
        s.submit(client, url, data, ACTIVITY_MODELS, method="get")

    attack()


def test_pages_reading_the_query_string_survive_hostile_values(client_for, sam, carol, alice):
    """The calendar's month and branch, a member's year: parsed by hand, never a 500."""
    pages = [
        (client_for(carol), reverse("branches:calendar"), ["month", "branch"]),
        (client_for(sam), reverse("branches:member_detail", args=[alice.pk]), ["year"]),
    ]

    @s.FUZZ
    @given(st.sampled_from(range(len(pages))), s.anything, s.anything)
    def attack(which, first, second):
        client, url, names = pages[which]
        data = dict(zip(names, [first, second], strict=False))
        s.submit(client, url, data, ["hongjun.AuditEntry"], method="get")

    attack()
