"""The month calendar, the member's attendance record and the private .ics feed."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from branches.models import CalendarToken
from hongjun.models import AuditEntry
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    MemberFactory,
    PartyGroupFactory,
    StudyAttendanceFactory,
    StudySessionFactory,
)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 11, 10, 12, 0, tzinfo=SHANGHAI)


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_month_calendar_shows_held_and_upcoming_of_own_branch(client_for, alice, bob):
    ActivityFactory(
        branch=alice.branch,
        topic="十一月支委会",
        starts_at=at(2026, 11, 3, 9),
        ends_at=at(2026, 11, 3, 10),
    )
    ActivityFactory(
        branch=alice.branch,
        kind="theme_day",
        status="planned",
        topic="重温入党誓词",
        starts_at=at(2026, 11, 20, 14),
        ends_at=at(2026, 11, 20, 16),
    )
    ActivityFactory(
        branch=alice.branch,
        topic="十二月的会",
        starts_at=at(2026, 12, 10, 9),
        ends_at=at(2026, 12, 10, 10),
    )
    ActivityFactory(
        branch=bob.branch,
        topic="铸造的会",
        starts_at=at(2026, 11, 4, 9),
        ends_at=at(2026, 11, 4, 10),
    )
    response = client_for(alice).get(reverse("branches:calendar"), {"month": "2026-11"})
    body = response.content.decode()
    assert "十一月支委会" in body and "重温入党誓词" in body
    assert "cal-event planned" in body and "即将开展" in body
    assert "十二月的会" not in body and "铸造的会" not in body
    days = [d for week in response.context["weeks"] for d in week]
    assert days[0][0] == datetime.date(2026, 10, 26)  # weeks start on Monday


def test_bad_month_falls_back_to_this_month(client_for, alice):
    response = client_for(alice).get(reverse("branches:calendar"), {"month": "2026-13"})
    assert response.context["first"] == datetime.date(2026, 11, 1)


# The member's own record ----------------------------------------------------------------


def test_member_page_lists_attended_activities_and_rate(client_for, alice, sam):
    for day, status in [(2, "present"), (9, "present"), (16, "present"), (23, "absent")]:
        activity = ActivityFactory(
            branch=alice.branch,
            topic=f"{day}日的会",
            starts_at=at(2026, 10, day, 9),
            ends_at=at(2026, 10, day, 10),
        )
        AttendanceFactory(
            activity=activity,
            member=alice,
            status=status,
            reason="未请假" if status == "absent" else "",
        )
    body = client_for(alice).get(alice.get_absolute_url()).content.decode()
    assert "2026年参加的活动" in body
    assert "75%" in body and "出席率" in body
    assert "2日的会" in body and "23日的会" in body
    assert "75%" in client_for(sam).get(alice.get_absolute_url()).content.decode()


def test_branchmate_does_not_see_my_attendance(client_for, alice):
    mate = MemberFactory(branch=alice.branch)
    assert "出席率" not in client_for(mate).get(alice.get_absolute_url()).content.decode()


@pytest.mark.parametrize("activities", [1, 20])
def test_member_page_queries_do_not_grow(
    client_for, alice, django_assert_max_num_queries, activities
):
    for _ in range(activities):
        AttendanceFactory(activity=ActivityFactory(branch=alice.branch), member=alice)
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        assert client.get(alice.get_absolute_url()).status_code == 200


# The .ics feed --------------------------------------------------------------------------


def subscribe(client):
    assert client.post(reverse("branches:calendar_token_create")).status_code == 302
    return CalendarToken.objects.get(revoked_at__isnull=True)


def feed_url(token):
    return reverse("branches:calendar_feed", args=[token.token])


def test_feed_has_the_members_activities_and_parses(client, client_for, alice, bob):
    own_group = PartyGroupFactory(branch=alice.branch, name="第一党小组")
    other_group = PartyGroupFactory(branch=alice.branch, name="第二党小组")
    alice.party_group = own_group
    alice.save()
    ActivityFactory(
        branch=alice.branch,
        topic="支委会，学习; 讨论",
        place="二楼会议室",
        starts_at=at(2026, 11, 3, 9),
        ends_at=at(2026, 11, 3, 10, 30),
    )
    ActivityFactory(
        branch=alice.branch,
        kind="group_meeting",
        party_group=own_group,
        topic="本组会",
        starts_at=at(2026, 11, 5, 16),
        ends_at=at(2026, 11, 5, 17),
    )
    ActivityFactory(
        branch=alice.branch,
        kind="group_meeting",
        party_group=other_group,
        topic="别组会",
        starts_at=at(2026, 11, 6, 16),
        ends_at=at(2026, 11, 6, 17),
    )
    ActivityFactory(
        branch=alice.branch,
        status="planned",
        kind="theme_day",
        topic="下月主题党日" + "很长的主题" * 10,
        starts_at=at(2026, 12, 20, 14),
        ends_at=at(2026, 12, 20, 16),
    )
    ActivityFactory(
        branch=bob.branch,
        topic="铸造的会",
        starts_at=at(2026, 11, 4, 9),
        ends_at=at(2026, 11, 4, 10),
    )

    token = subscribe(client_for(alice))
    response = client.get(feed_url(token))  # no login: the token is the key
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))

    calendar = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "支部委员会：支委会，学习; 讨论",
        "党小组会：本组会",
        "主题党日：下月主题党日" + "很长的主题" * 10,
    }
    first = events["支部委员会：支委会，学习; 讨论"]
    assert first.decoded("DTSTART") == at(2026, 11, 3, 9)
    assert first.decoded("DTEND") == at(2026, 11, 3, 10, 30)
    assert str(first["LOCATION"]) == "二楼会议室"
    assert str(events["主题党日：下月主题党日" + "很长的主题" * 10]["STATUS"]) == "TENTATIVE"


def test_wrong_or_revoked_token_is_404(client, client_for, alice):
    assert client.get(reverse("branches:calendar_feed", args=["nope"])).status_code == 404
    member_client = client_for(alice)
    token = subscribe(member_client)
    assert client.get(feed_url(token)).status_code == 200
    assert member_client.post(reverse("branches:calendar_token_revoke")).status_code == 302
    assert client.get(feed_url(token)).status_code == 404
    assert AuditEntry.objects.filter(action="calendar_token.revoked").exists()


def test_new_address_replaces_the_old_one(client, client_for, alice):
    member_client = client_for(alice)
    old = subscribe(member_client)
    new = subscribe(member_client)
    assert old.token != new.token
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    page = member_client.get(reverse("branches:calendar_subscription")).content.decode()
    assert new.token in page and old.token not in page


def test_token_urls_are_post_only(client_for, alice):
    client = client_for(alice)
    assert client.get(reverse("branches:calendar_token_create")).status_code == 405
    assert client.get(reverse("branches:calendar_token_revoke")).status_code == 405
    assert not CalendarToken.objects.exists()


@pytest.mark.parametrize("activities", [1, 30])
def test_feed_queries_do_not_grow(
    client, client_for, alice, django_assert_max_num_queries, activities
):
    for i in range(activities):
        ActivityFactory(
            branch=alice.branch,
            starts_at=at(2026, 11, 1 + i % 28, 9),
            ends_at=at(2026, 11, 1 + i % 28, 10),
        )
    token = subscribe(client_for(alice))
    # The token, the activities, the 三学 sessions.
    with django_assert_max_num_queries(3):
        assert client.get(feed_url(token)).status_code == 200


def test_committee_month_is_a_count_a_day_linking_to_that_days_list(client_for, carol, sam, bob):
    """The company's month would be over 1,000 activities: the committee sees how many a
    day, each linking to the dashboard's list of that day; choosing a branch lists its own."""
    for branch, day, hour in [(sam.branch, 3, 9), (bob.branch, 3, 23), (bob.branch, 4, 9)]:
        ActivityFactory(
            branch=branch,
            topic=f"{branch.name}{day}日",
            starts_at=at(2026, 11, day, hour),
            ends_at=at(2026, 11, day, hour) + datetime.timedelta(minutes=30),
        )
    client = client_for(carol)
    response = client.get(reverse("branches:calendar"), {"month": "2026-11"})
    body = response.content.decode()
    assert "11月3日" not in body and f"{sam.branch.name}3日" not in body
    day_list = reverse("dashboard:activities") + (
        "?scope=company&amp;date_from=2026-11-03&amp;date_to=2026-11-03"
    )
    assert f'<a class="cal-event" href="{day_list}">共 2 项活动</a>' in body
    assert "共 1 项活动" in body
    listed = client.get(day_list.replace("&amp;", "&")).context["page"]
    assert {a.topic for a in listed} == {f"{sam.branch.name}3日", f"{bob.branch.name}3日"}

    response = client.get(
        reverse("branches:calendar"), {"month": "2026-11", "branch": bob.branch.pk}
    )
    body = response.content.decode()
    assert "项活动" not in body
    assert f"{bob.branch.name}3日" in body and f"{sam.branch.name}3日" not in body


@pytest.mark.parametrize("activities", [1, 30])
def test_committee_month_queries_do_not_grow(
    client_for, carol, sam, django_assert_max_num_queries, activities
):
    for i in range(activities):
        ActivityFactory(
            branch=sam.branch,
            starts_at=at(2026, 11, 1 + i % 28, 9),
            ends_at=at(2026, 11, 1 + i % 28, 10),
        )
    client = client_for(carol)
    # Session, user, actor (2), branches for the filter, the counts of the grid's days.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("branches:calendar"), {"month": "2026-11"})
    counts = sum(n for week in response.context["weeks"] for _day, _in, n in week)
    assert counts == activities


# 三学 sessions -----------------------------------------------------------------------------


def study_sessions(alice, bob):
    """A 支部研学 alice is invited to, a 党委领学 reaching her, one of another branch."""
    own = StudySessionFactory(
        branch=alice.branch, topic="电解槽安全规程", starts_at=at(2026, 11, 12, 15)
    )
    StudyAttendanceFactory(session=own, member=alice)
    led = StudySessionFactory(
        mode="committee_led",
        branch=None,
        host=bob,
        topic="党委领学新安法",
        starts_at=at(2026, 11, 18, 9),
    )
    StudyAttendanceFactory(session=led, member=alice)
    other = StudySessionFactory(branch=bob.branch, topic="铸造安全", starts_at=at(2026, 11, 13, 9))
    StudyAttendanceFactory(session=other, member=bob)
    return own, led, other


def test_month_calendar_shows_the_study_sessions_the_member_is_invited_to(client_for, alice, bob):
    own, _led, _other = study_sessions(alice, bob)
    response = client_for(alice).get(reverse("branches:calendar"), {"month": "2026-11"})
    body = response.content.decode()
    assert "支部研学：电解槽安全规程" in body and "党委领学：党委领学新安法" in body
    assert f'href="{own.get_absolute_url()}"' in body and "cal-event planned study" in body
    assert "铸造安全" not in body
    # Each links to a page the member may open.
    assert client_for(alice).get(own.get_absolute_url()).status_code == 200


def test_committee_branch_month_shows_that_branchs_study_sessions(client_for, carol, alice, bob):
    study_sessions(alice, bob)
    response = client_for(carol).get(
        reverse("branches:calendar"), {"month": "2026-11", "branch": alice.branch.pk}
    )
    body = response.content.decode()
    assert "电解槽安全规程" in body and "党委领学新安法" in body and "铸造安全" not in body


def test_feed_has_the_members_study_sessions(client, client_for, alice, bob):
    own, _led, _other = study_sessions(alice, bob)
    token = subscribe(client_for(alice))
    calendar = Calendar.from_ical(client.get(feed_url(token)).content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"支部研学：电解槽安全规程", "党委领学：党委领学新安法"}
    event = events["支部研学：电解槽安全规程"]
    assert event.decoded("DTSTART") == at(2026, 11, 12, 15)
    assert event.decoded("DURATION") == datetime.timedelta(hours=1)
    assert str(event["URL"]).endswith(own.get_absolute_url())
    assert str(event["UID"]).startswith(f"study-{own.pk}@")


@pytest.mark.parametrize("sessions", [1, 20])
def test_calendar_and_feed_queries_do_not_grow_with_sessions(
    client, client_for, alice, django_assert_max_num_queries, sessions
):
    for i in range(sessions):
        session = StudySessionFactory(branch=alice.branch, starts_at=at(2026, 11, 1 + i % 28, 9))
        StudyAttendanceFactory(session=session, member=alice)
    member_client = client_for(alice)
    token = subscribe(member_client)
    # The token, the activities, the sessions: not O(sessions).
    with django_assert_max_num_queries(3):
        assert client.get(feed_url(token)).content.count(b"BEGIN:VEVENT") == sessions
    with django_assert_max_num_queries(8):
        response = member_client.get(reverse("branches:calendar"), {"month": "2026-11"})
    assert sum(len(items) for week in response.context["weeks"] for _d, _i, items in week) == (
        sessions
    )
