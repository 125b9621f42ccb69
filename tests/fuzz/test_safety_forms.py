"""Hostile input through the safety forms: pledges, zones, violations, hazards, 三学 study."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from safety.models import Hazard, StudySession
from safety.pledges import services as safety_services
from tests.factories import (
    PNG_BYTES,
    HazardFactory,
    MentorPairFactory,
    PledgeVersionFactory,
    SafetyZoneFactory,
    StudyAttendanceFactory,
    StudySessionFactory,
)

from . import strategies as s

AUDIT = "hongjun.AuditEntry"
PLEDGES = ["safety.PledgeVersion", "safety.PledgeSignature", AUDIT]
ZONES = ["safety.SafetyZone", "safety.Violation", AUDIT]
HAZARDS = ["safety.Hazard", AUDIT]
STUDY = ["safety.StudySession", "safety.StudyAttendance", "safety.MentorPair", AUDIT]


def day(offset):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_pledge_version_forms_survive_hostile_input(client_for, carol):
    client = client_for(carol)
    draft = PledgeVersionFactory(year=2030)
    valid = {"year": "2031", "title": "承诺书", "text": "一、不违章。"}
    fields = {"year": s.numbers, "title": s.text, "text": s.text}
    urls = [
        (reverse("safety:version_create"), "safety.PledgeVersion"),
        (reverse("safety:version_edit", args=[draft.pk]), None),
    ]

    @s.FUZZ
    @given(st.sampled_from(urls), s.hostile(valid, fields))
    def attack(target, data):
        url, creates = target
        with s.rolled_back():
            s.submit(client, url, data, PLEDGES, creates=creates)

    attack()


def test_signing_survives_hostile_input(client_for, carol, alice):
    version = safety_services.publish_version(PledgeVersionFactory(year=2025), by=carol.user)
    client = client_for(alice)
    url = reverse("safety:sign")
    valid = {"version": str(version.pk), "typed_name": alice.name}

    @s.FUZZ
    @given(s.hostile(valid, {"version": s.numbers, "typed_name": s.text}))
    def attack(data):
        with s.rolled_back():
            s.submit(client, url, data, PLEDGES)

    attack()


def test_public_verification_survives_hostile_codes(db):
    client = Client()

    @s.FUZZ
    @given(s.anything)
    def attack(code):
        s.submit(client, reverse("safety:verify"), {"code": code}, PLEDGES, method="get")
        if code and "/" not in code and "\x00" not in code:
            s.submit(client, reverse("safety:verify_code", args=[code]), {}, PLEDGES, method="get")

    attack()


def test_zone_and_violation_forms_survive_hostile_input(client_for, sam, alice):
    client = client_for(sam)
    zone = SafetyZoneFactory(branch=sam.branch)
    valid_zone = {
        "name": "新责任区",
        "location": "厂房",
        "established_on": day(-10),
        "responsible": [str(alice.pk)],
    }
    zone_fields = {
        "name": s.text,
        "location": s.text,
        "established_on": s.dates,
        "responsible": s.choice,
    }
    valid_violation = {"occurred_on": day(-1), "severity": "minor", "description": "未戴面罩"}
    violation_fields = {"occurred_on": s.dates, "severity": s.choice, "description": s.text}
    cases = [
        (
            reverse("safety:zone_create", args=[sam.branch.pk]),
            valid_zone,
            zone_fields,
            "safety.SafetyZone",
        ),
        (reverse("safety:zone_edit", args=[zone.pk]), valid_zone, zone_fields, None),
        (
            reverse("safety:violation_create", args=[zone.pk]),
            valid_violation,
            violation_fields,
            "safety.Violation",
        ),
    ]

    @s.FUZZ
    @given(st.data())
    def attack(data):
        url, valid, fields, creates = data.draw(st.sampled_from(cases))
        with s.rolled_back():
            s.submit(client, url, data.draw(s.hostile(valid, fields)), ZONES, creates=creates)

    attack()


def test_zone_list_and_rates_query_survive_hostile_values(client_for, carol, sam):
    pages = [
        (client_for(carol), reverse("safety:zone_list"), "branch"),
        (client_for(carol), reverse("safety:rates"), "version"),
        (client_for(sam), reverse("safety:rate_branch", args=[sam.branch.pk]), "version"),
    ]
    safety_services.publish_version(PledgeVersionFactory(year=2025), by=carol.user)

    @s.FUZZ
    @given(st.sampled_from(range(len(pages))), s.anything)
    def attack(which, value):
        client, url, name = pages[which]
        s.submit(client, url, {name: value}, PLEDGES, method="get")

    attack()


def test_hazard_report_survives_hostile_input(client_for, alice, sam):
    zone = SafetyZoneFactory(branch=sam.branch)
    client = client_for(alice)
    url = reverse("hazards:report")
    valid = {
        "zone": str(zone.pk),
        "location_detail": "3号槽",
        "description": "护栏缺失",
        "severity": "general",
    }
    fields = {
        "zone": s.choice,
        "location_detail": s.text,
        "description": s.text,
        "severity": s.choice,
    }

    @s.FUZZ
    @given(s.hostile(valid, fields), st.booleans())
    def attack(data, with_photo):
        if with_photo:
            data = {**data, "photo": SimpleUploadedFile("p.png", PNG_BYTES)}
        with s.rolled_back():
            s.submit(client, url, data, HAZARDS, creates="safety.Hazard")

    attack()


def test_hazard_steps_survive_hostile_input(client_for, sam, alice):
    zone = SafetyZoneFactory(branch=sam.branch)
    people = {"sam": client_for(sam), "alice": client_for(alice)}
    H = Hazard.Status
    # (state, url name, who, valid data, fields)
    cases = [
        (
            H.REPORTED,
            "hazards:assign",
            "sam",
            {"assignee": str(alice.pk), "deadline": day(7)},
            {"assignee": s.choice, "deadline": s.dates},
        ),
        (
            H.ASSIGNED,
            "hazards:submit",
            "alice",
            {"fix_description": "已修"},
            {"fix_description": s.text},
        ),
        (H.SUBMITTED, "hazards:close", "sam", {"note": "好"}, {"note": s.text}),
        (H.SUBMITTED, "hazards:return", "sam", {"reason": "未修好"}, {"reason": s.text}),
    ]

    @s.FUZZ
    @given(st.data())
    def attack(data):
        state, name, who, valid, fields = data.draw(st.sampled_from(cases))
        payload = data.draw(s.hostile(valid, fields))
        if name == "hazards:submit":
            payload["after_photo"] = SimpleUploadedFile("after.png", PNG_BYTES)
        with s.rolled_back():
            if state == H.REPORTED:
                hazard = HazardFactory(zone=zone)
            else:
                hazard = HazardFactory(
                    zone=zone, status=state, assignee=alice, deadline=timezone.localdate()
                )
            s.submit(people[who], reverse(name, args=[hazard.pk]), payload, HAZARDS)

    attack()


def test_hazard_filters_survive_hostile_query(client_for, carol, sam):
    HazardFactory(zone=SafetyZoneFactory(branch=sam.branch))
    clients = [client_for(carol), client_for(sam)]
    fields = {
        "state": s.choice,
        "severity": s.choice,
        "branch": s.choice,
        "zone": s.choice,
        "reported_from": s.dates,
        "reported_to": s.dates,
        "page": s.numbers,
    }

    @s.FUZZ
    @given(st.sampled_from(clients), s.hostile({}, fields))
    def attack(client, data):
        s.submit(client, reverse("hazards:list"), data, HAZARDS, method="get")

    attack()


def test_study_session_forms_survive_hostile_input(client_for, carol, sam, alice):
    MentorPairFactory(branch=sam.branch, mentor=alice, apprentice=sam)
    people = {"carol": client_for(carol), "sam": client_for(sam), "alice": client_for(alice)}
    M = StudySession.Mode
    base = {
        "topic": "安全规程",
        "starts_at": (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "活动室",
        "material_text": "链接",
    }
    fields = {"topic": s.text, "starts_at": s.datetimes, "place": s.text, "material_text": s.text}
    cases = [
        (M.COMMITTEE_LED, "carol", {}, {"invited_branches": s.choice}),
        (M.BRANCH_STUDY, "sam", {"branch": str(sam.branch_id)}, {"branch": s.choice}),
        (M.MENTOR, "alice", {}, {}),
    ]

    @s.FUZZ
    @given(st.data())
    def attack(data):
        mode, who, extra, more = data.draw(st.sampled_from(cases))
        payload = data.draw(s.hostile({**base, **extra}, {**fields, **more}))
        with s.rolled_back():
            url = reverse("study:create", args=[mode])
            s.submit(people[who], url, payload, STUDY, creates="safety.StudySession")

    attack()


def test_study_attendance_survives_hostile_input(client_for, sam, alice):
    session = StudySessionFactory(
        branch=sam.branch, host=sam, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    StudyAttendanceFactory(session=session, member=alice)
    client = client_for(sam)
    url = reverse("study:attendance", args=[session.pk])
    valid = {
        "attendance-TOTAL_FORMS": "1",
        "attendance-INITIAL_FORMS": "1",
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "5000",
        "attendance-0-member": str(alice.pk),
        "attendance-0-attended": "on",
        "attendance-0-quiz_score": "90",
    }
    fields = {
        "attendance-TOTAL_FORMS": s.form_counts,
        "attendance-INITIAL_FORMS": s.form_counts,
        "attendance-0-member": s.numbers,
        "attendance-0-attended": s.text,
        "attendance-0-quiz_score": s.numbers,
    }

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def attack(data):
        with s.rolled_back():
            s.submit(client, url, data, STUDY)

    attack()


def test_mentor_pair_and_participation_survive_hostile_input(client_for, sam, alice, carol):
    from tests.factories import MemberFactory

    apprentice = MemberFactory(branch=sam.branch)
    client = client_for(sam)
    url = reverse("study:mentor_pairs")
    valid = {
        "branch": str(sam.branch_id),
        "mentor": str(alice.pk),
        "apprentice": str(apprentice.pk),
        "starts_on": day(-5),
        "ends_on": "",
    }
    fields = {
        "branch": s.choice,
        "mentor": s.choice,
        "apprentice": s.choice,
        "starts_on": s.dates,
        "ends_on": s.dates,
    }

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def attack(data):
        with s.rolled_back():
            s.submit(client, url, data, STUDY, creates="safety.MentorPair")

    attack()

    committee = client_for(carol)

    @s.FUZZ
    @given(s.hostile({}, {"since": s.dates, "until": s.dates, "page": s.numbers}))
    def period(data):
        s.submit(committee, reverse("study:participation"), data, STUDY, method="get")
        s.submit(committee, reverse("study:list"), data, STUDY, method="get")

    period()
