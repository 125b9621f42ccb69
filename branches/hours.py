"""学时: a member's yearly study hours from the activities they attended, the 三学 sessions
they attended and their training records, against the year's requirement.

The rules are data, with their sources:
- 《2019—2023年全国党员教育培训工作规划》(中共中央, 2019), 实行学时制: 党员每年参加集中学习
  培训和集体学习时间一般不少于32学时; 基层党组织书记和班子成员每年一般不少于56学时.
  《中国共产党党员教育管理工作条例》(2019) 第十二条 asks for the same yearly training.
- How an hour is counted follows the usual 学时登记 practice (an hour of collective study is
  one 学时, half a day four, a full day eight): an activity counts its length in hours, at
  most a day; a 三学 session, which records its start only, counts STUDY_SESSION_HOURS.
- 学时按年度累加, 当年有效: a year's hours are that calendar year's (local time).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REQUIRED_HOURS = 32
REQUIRED_HOURS_LEADERS = 56
HOURS_SOURCE = _("《2019—2023年全国党员教育培训工作规划》（学时制）")
# 书记 and 班子成员: the branch's 支委会 (书记, 副书记, 委员) and the 党委.
LEADER_ROLE_KINDS = ("secretary", "deputy", "branch_committee", "party_committee")
ACTIVITY_HOURS_CAP = 8.0  # a full day
STUDY_SESSION_HOURS = Decimal(2)  # a 三学 session, which records no end time
TENTH = Decimal("0.1")


@dataclass
class MemberHours:
    """A member's 学时 in one year, by source, and what they owe."""

    activities: Decimal = Decimal(0)
    study: Decimal = Decimal(0)
    training: Decimal = Decimal(0)
    leader: bool = False
    branch_id: int | None = None

    @property
    def total(self):
        return self.activities + self.study + self.training

    @property
    def required(self):
        return REQUIRED_HOURS_LEADERS if self.leader else REQUIRED_HOURS

    @property
    def met(self):
        return self.total >= self.required

    @property
    def percent(self):
        return min(100, int(self.total * 100 / self.required))


class HoursBetween(Func):
    """`end - start` in hours, for PostgreSQL and the SQLite demo alike."""

    arity = 2
    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)",
            arg_joiner=" - ",
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 24.0)",
            arg_joiner=") - julianday(",
        )


def year_range(year):
    """The aware datetimes [1 January of `year`, 1 January of the next) in local time."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime(year, 1, 1), tz)
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1), tz)
    return start, end


def _tenths(value):
    return Decimal(str(value or 0)).quantize(TENTH, rounding=ROUND_HALF_UP)


def hours_for(members, year):
    """{member id: MemberHours} for every member of the queryset `members` in `year`.

    One query whatever the number of members: each member's row carries its sums as
    subqueries (attendance, 三学, training, by the member's indexed foreign keys) and
    whether they hold a leader's role.
    """
    from safety.models import StudyAttendance

    from .models import Attendance, Role, TrainingRecord

    start, end = year_range(year)
    attended = (
        Attendance.objects.filter(
            member=OuterRef("pk"),
            status=Attendance.Status.PRESENT,
            activity__status="held",
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
        )
        .values("member_id")
        .annotate(
            hours=Sum(
                Least(
                    HoursBetween("activity__ends_at", "activity__starts_at"),
                    Value(ACTIVITY_HOURS_CAP),
                )
            )
        )
        .values("hours")
    )
    studied = (
        StudyAttendance.objects.filter(
            member=OuterRef("pk"),
            attended=True,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .values("member_id")
        .annotate(sessions=Count("pk"))
        .values("sessions")
    )
    trained = (
        TrainingRecord.objects.filter(member=OuterRef("pk"), started_on__year=year)
        .values("member_id")
        .annotate(hours=Sum("hours"))
        .values("hours")
    )
    leader = Role.objects.filter(member=OuterRef("pk"), kind__in=LEADER_ROLE_KINDS)
    rows = members.annotate(
        hours_attended=Subquery(attended, output_field=FloatField()),
        hours_study_count=Subquery(studied, output_field=IntegerField()),
        hours_trained=Subquery(trained, output_field=DecimalField()),
        hours_leader=Exists(leader),
    ).values_list(
        "pk", "branch_id", "hours_attended", "hours_study_count", "hours_trained", "hours_leader"
    )
    return {
        pk: MemberHours(
            activities=_tenths(activity),
            study=(sessions or 0) * STUDY_SESSION_HOURS,
            training=_tenths(training),
            leader=is_leader,
            branch_id=branch_id,
        )
        for pk, branch_id, activity, sessions, training, is_leader in rows.order_by()
    }


def member_hours(member, year):
    """One member's MemberHours in `year` (one query)."""
    from .models import Member

    return hours_for(Member.objects.filter(pk=member.pk), year).get(member.pk, MemberHours())
