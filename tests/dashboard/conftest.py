"""A small company with known figures, on a fixed day: Wednesday 2026-05-20 in Shanghai.

The first quarter of 2026 is the period most tests read. Cadence rules are replaced by two
that are easy to count by hand: 支部委员会 monthly ≥ 1 and 支部党员大会 quarterly ≥ 1.

Branch A (sam, alice, 王三) in Q1: 支委会 on 10 Jan (第一议题) and 12 Feb (without),
none in March; 党员大会 on 5 Mar (第一议题, green); 党课 on 20 Feb (talent); a planned
meeting in March that does not count. Attendance: present 5, excused 1, absent 1. Zones
Z1 (since 2025-06-01; violations 2025-12-01 minor and 2026-02-15 serious), Z2 (since
2026-02-01), Z3 (since 2026-04-01). Projects: one in progress (green, all 2026) with
1,000 kWh and 0.5 t CO2 reported on 10 Feb and 200 kWh on 5 Apr; one cancelled; one
accepted in 2025; a draft. Branch B (bob) has nothing at all; carol's office branch neither.
Pledge v1 published 5 Jan (alice and bob signed), v2 published 10 Apr (nobody signed).
Green power: 30, 32.5, 35 and 36 % for January to April 2026.

Hazards in A's zone Z1: H1 major, reported 20 Jan, assigned, due 1 Feb (overdue now);
H2 general, 5 Feb, closed; H3 serious, 10 Mar, assigned, due 30 Jun; H4 general, 15 Apr,
just reported; H5 general, 1 Nov 2025, returned, due 1 Dec 2025 (overdue now).
三学 sessions: committee-led on 15 Jan (alice came, sam did not, bob came); A's branch
study on 25 Feb (alice and sam came, 王三 did not); a mentor session on 12 Mar (王三 came);
A's branch study on 10 Jun, still to come (alice invited).
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from branches.models import Activity, ActivityKind, Attendance, Cadence
from dashboard.models import GreenPowerShare
from hongjun.themes import Theme
from initiatives.models import Initiative, OutcomeFigure
from safety.models import Hazard, StudyAttendance, StudySession
from safety.pledges import services as safety_services
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    InitiativeFactory,
    MemberFactory,
    OutcomeFigureFactory,
    PledgeVersionFactory,
    ProgressReportFactory,
    SafetyZoneFactory,
    ViolationFactory,
)

TODAY = datetime.date(2026, 5, 20)
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(at(TODAY, 10), tick=False) as clock:
        yield clock


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rules(db):
    Cadence.objects.all().delete()
    return [
        Cadence.objects.create(
            kind=ActivityKind.COMMITTEE_MEETING, period=Cadence.Period.MONTH, minimum=1, order=1
        ),
        Cadence.objects.create(
            kind=ActivityKind.GENERAL_MEETING, period=Cadence.Period.QUARTER, minimum=1, order=2
        ),
    ]


def held(branch, kind, day, **extra):
    return ActivityFactory(
        branch=branch, kind=kind, starts_at=at(day), ends_at=at(day, 10), **extra
    )


def publish(carol, clock, day, title):
    clock.move_to(at(day))
    version = PledgeVersionFactory(year=day.year, title=title)
    return safety_services.publish_version(version, by=carol.user)


def sign(member, version):
    return safety_services.sign_pledge(
        version, member, member.name, by=member.user, ip_address="10.0.0.9", user_agent="t"
    )


@pytest.fixture
def known(rules, alice, sam, bob, carol, on_a_fixed_day):
    clock = on_a_fixed_day
    a = alice.branch
    wang = MemberFactory(name="王三", branch=a)
    MemberFactory(name="离职者", branch=a, is_active=False)

    jan = held(a, ActivityKind.COMMITTEE_MEETING, datetime.date(2026, 1, 10), first_topic=True)
    feb = held(a, ActivityKind.COMMITTEE_MEETING, datetime.date(2026, 2, 12))
    held(a, ActivityKind.PARTY_LECTURE, datetime.date(2026, 2, 20), theme=Theme.TALENT)
    general = held(
        a,
        ActivityKind.GENERAL_MEETING,
        datetime.date(2026, 3, 5),
        first_topic=True,
        theme=Theme.GREEN,
    )
    held(
        a,
        ActivityKind.COMMITTEE_MEETING,
        datetime.date(2026, 3, 28),
        status=Activity.Status.PLANNED,
    )
    AttendanceFactory(activity=jan, member=alice)
    AttendanceFactory(activity=jan, member=sam)
    AttendanceFactory(activity=feb, member=alice, status=Attendance.Status.ABSENT, reason="出差")
    AttendanceFactory(activity=feb, member=sam)
    AttendanceFactory(
        activity=general, member=alice, status=Attendance.Status.EXCUSED, reason="病假"
    )
    AttendanceFactory(activity=general, member=sam)
    AttendanceFactory(activity=general, member=wang)

    z1 = SafetyZoneFactory(branch=a, name="Z1", established_on=datetime.date(2025, 6, 1))
    z2 = SafetyZoneFactory(branch=a, name="Z2", established_on=datetime.date(2026, 2, 1))
    z3 = SafetyZoneFactory(branch=a, name="Z3", established_on=datetime.date(2026, 4, 1))
    ViolationFactory(zone=z1, occurred_on=datetime.date(2025, 12, 1), severity="minor")
    ViolationFactory(zone=z1, occurred_on=datetime.date(2026, 2, 15), severity="serious")

    running = InitiativeFactory(
        branch=a,
        theme=Theme.GREEN,
        status=Initiative.Status.IN_PROGRESS,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    InitiativeFactory(
        branch=a,
        status=Initiative.Status.CANCELLED,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    InitiativeFactory(
        branch=a,
        status=Initiative.Status.ACCEPTED,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    InitiativeFactory(
        branch=a,
        status=Initiative.Status.DRAFT,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    unassigned = InitiativeFactory(
        status=Initiative.Status.PUBLISHED,
        theme=Theme.SAFETY,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 9, 30),
        apply_deadline=datetime.date(2026, 2, 28),
    )
    february = ProgressReportFactory(initiative=running, created_at=at(datetime.date(2026, 2, 10)))
    OutcomeFigureFactory(report=february, quantity=Decimal("1000"), unit=OutcomeFigure.Unit.KWH)
    OutcomeFigureFactory(report=february, quantity=Decimal("0.5"), unit=OutcomeFigure.Unit.T_CO2)
    april = ProgressReportFactory(initiative=running, created_at=at(datetime.date(2026, 4, 5)))
    OutcomeFigureFactory(report=april, quantity=Decimal("200"), unit=OutcomeFigure.Unit.KWH)

    def hazard(day, severity, status, deadline=None, closed=None):
        return Hazard.objects.create(
            zone=z1,
            reported_by=alice,
            reported_at=at(day),
            description="电解槽边护罩松动",
            severity=severity,
            status=status,
            assignee=sam if deadline else None,
            deadline=deadline,
            closed_at=at(closed) if closed else None,
        )

    d = datetime.date
    hazard(d(2026, 1, 20), "major", "assigned", deadline=d(2026, 2, 1))
    hazard(d(2026, 2, 5), "general", "closed", closed=d(2026, 2, 20))
    hazard(d(2026, 3, 10), "serious", "assigned", deadline=d(2026, 6, 30))
    hazard(d(2026, 4, 15), "general", "reported")
    hazard(d(2025, 11, 1), "general", "returned", deadline=d(2025, 12, 1))

    def session(day, mode, branch, present, absent):
        s = StudySession.objects.create(
            mode=mode, topic="安全规程", starts_at=at(day), place="会议室", host=sam, branch=branch
        )
        for m in present:
            StudyAttendance.objects.create(session=s, member=m, attended=True)
        for m in absent:
            StudyAttendance.objects.create(session=s, member=m, attended=False)

    session(d(2026, 1, 15), "committee_led", None, [alice, bob], [sam])
    session(d(2026, 2, 25), "branch_study", a, [alice, sam], [wang])
    session(d(2026, 3, 12), "mentor", a, [wang], [])
    session(d(2026, 6, 10), "branch_study", a, [], [alice])

    v1 = publish(carol, clock, datetime.date(2026, 1, 5), "2026年承诺书")
    clock.move_to(at(datetime.date(2026, 1, 6)))
    sign(alice, v1)
    sign(bob, v1)
    v2 = publish(carol, clock, datetime.date(2026, 4, 10), "2026年承诺书（修订）")
    clock.move_to(at(TODAY, 10))

    for month, share in [(1, "30"), (2, "32.5"), (3, "35"), (4, "36")]:
        GreenPowerShare.objects.create(month=datetime.date(2026, month, 1), percent=Decimal(share))

    return SimpleNamespace(
        a=a,
        b=bob.branch,
        office=carol.branch,
        zones=(z1, z2, z3),
        running=running,
        unassigned=unassigned,
        v1=v1,
        v2=v2,
        today=timezone.localdate(),
    )
