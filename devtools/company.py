"""A generated company at scale, for the benchmark: years of records in bulk (PostgreSQL only).

`manage.py seed_company` calls `build()`. Unlike the demo seeders this is not idempotent
and not for reading: it fills an empty database as fast as it can, with the shapes the
pages meet in a large group company (150 branches, 8,000 members, five years at the real
cadence). Small tables go through `bulk_create`; the big ones through COPY with ids taken
from the table's sequence in one step, so rows can point at each other without a round
trip. Signatures are computed with `safety.pledges.chain`, so `manage.py verify_pledges` passes.
"""

import datetime
import hashlib
import io
import json
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from affairs.models import (
    DuesBase,
    DuesCategory,
    DuesPayment,
    PaymentMethod,
    add_months,
    dues_for_income,
)
from branches import demo as org_demo
from branches import demo_activities as act_demo
from branches.cadences import held_in
from branches.models import (
    Activity,
    ActivityKind,
    Attendance,
    Branch,
    Committee,
    GeneralBranch,
    Member,
    PartyGroup,
    Role,
)
from dashboard import demo as dashboard_demo
from dashboard.models import GreenPowerShare
from hongjun.models import AuditEntry
from hongjun.themes import Theme
from initiatives.models import Initiative, Milestone, OutcomeFigure, ProgressReport, TeamKind
from reminders.models import Reminder
from safety.demo import pledges as safety_demo
from safety.models import (
    GENESIS_DIGEST,
    Hazard,
    PledgeChain,
    PledgeSignature,
    PledgeVersion,
    SafetyZone,
    StudyAttendance,
    StudySession,
)
from safety.pledges import chain
from safety.pledges import queries as safety_queries
from safety.pledges.services import normalize_name

K = ActivityKind
PASSWORD = "redcollar-demo"  # noqa: S105 (the demo's public password, as in the README)
GENERALS = [
    "电解铝党总支",
    "电力党总支",
    "机关党总支",
    "碳素党总支",
    "动力能源党总支",
    "物流党总支",
]
UNITS = ["电解", "铸造", "发电", "设备", "质量", "物流", "安全", "碳素", "动力", "机关"]
POSTS = ["电解工", "槽控工", "天车工", "检修工", "焊工", "质检员", "调度员", "集控值班员"]
HAZARDS = [
    "电解槽周边地面有积料，通行易滑倒",
    "天车轨道护栏松动",
    "检修平台缺少防护挡板",
    "配电柜门未关闭，标识缺失",
    "消防通道堆放杂物",
    "铸造机冷却水管渗漏",
]
SIGNED_THIS_YEAR = 0.6  # the current pledge: the rest have not signed yet (the bench signs)


@dataclass(frozen=True)
class Page:
    """A page the benchmark drives: who asks for it, where, and how fast it must answer."""

    name: str
    role: str  # committee, secretary, member, signer (a member yet to sign), anonymous
    path: str  # with {branch}, {activity} and {year} filled in by `bench_targets`
    method: str = "GET"
    expect: int = 200
    target_p95_ms: int | None = 60
    # Queries of one warm request: pinned, the same at every scale (tests/scale, bench).
    queries: int = 0


# What `make bench` measures (bench/pages.py), and the generator's test renders at small
# scale: the query counts must be the same at both.
PAGES = [
    Page("floor", "anonymous", "/bench/floor/", target_p95_ms=None),
    # What every signed-in page pays before its own work: session, user, member, roles, bell.
    Page("floor signed in", "member", "/bench/floor/", target_p95_ms=None, queries=1),
    Page(
        "dashboard",
        "committee",
        "/dashboard/?period=year&year={year}",
        target_p95_ms=200,
        queries=15,  # 学时 (2026-12-07) is one query more
    ),
    Page("compliance matrix", "committee", "/compliance/", queries=4),
    Page("activity list", "secretary", "/branches/{branch}/activities/", queries=4),
    Page("activity detail", "secretary", "/activities/{activity}/", queries=5),
    Page(
        "ledger",
        "secretary",
        "/branches/{branch}/ledger/{year}.xlsx",
        target_p95_ms=2000,
        queries=6,
    ),
    Page("pledge page", "member", "/pledge/", queries=2),
    Page("pledge signing", "signer", "/pledge/", method="POST", expect=302, queries=11),
    Page("hazard list", "committee", "/hazards/", queries=5),
    Page("initiatives list", "committee", "/initiatives/", queries=4),
    # The other pages whose size grows with the company: each once slow at this scale
    # (docs/performance.md), kept here so that they stay fast.
    Page("calendar", "committee", "/calendar/", queries=3),
    Page("study sessions", "committee", "/study/", queries=5),
    Page("zones", "committee", "/zones/", queries=5),
    Page("dues overview", "committee", "/affairs/dues/", queries=3),
    Page("project form", "committee", "/initiatives/new/", queries=2),
    Page("member search", "committee", "/members/search/?q=%E7%8E%8B", queries=2),
]


def count_queries(page, targets, signer=None):
    """(status, queries) of `page` through Django's test client, as its user, warm.

    A first request and the content types warm the per-process caches, as in every
    long-running worker; the second request is counted. `signer` signs (POST) once.
    """
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Every content type in the cache, as in a worker that has served a while.
    ContentType.objects.get_for_models(*apps.get_models())
    client = Client()
    path = page.path.format(**targets)
    data = None
    if page.role == "signer":
        client.force_login(signer.user)
        data = {"version": safety_queries.current_version().pk, "typed_name": signer.name}
        client.get(path)
    elif page.role != "anonymous":
        client.force_login(get_user_model().objects.get(username=page.role))
        client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(path, data) if page.method == "POST" else client.get(path)
    return response.status_code, len(ctx.captured_queries)


def bench_targets(today=None):
    """The ids the pages name: the secretary's branch, its latest 主题党日 of last year."""
    year = (today or timezone.localdate()).year - 1
    user = get_user_model().objects.get(username="secretary")
    branch_id = user.member.branch_id
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    activity = (
        Activity.objects.filter(
            branch_id=branch_id,
            kind=K.THEME_DAY,
            status=Activity.Status.HELD,
            starts_at__gte=start,
            starts_at__lt=start.replace(year=year + 1),
        )
        .order_by("-starts_at")
        .first()
    )
    return {"branch": branch_id, "activity": activity.pk if activity else 0, "year": year}


def unsigned_members(limit):
    """Members with an account who have not signed the pledge in force (the bench signs)."""
    version = safety_queries.current_version()
    return list(
        Member.objects.filter(is_active=True, user__isnull=False)
        .exclude(pledge_signatures__version=version)
        .exclude(user__username__in=["committee", "secretary", "member"])
        .select_related("user")
        .order_by("pk")[:limit]
    )


@dataclass
class Scale:
    branches: int = 150
    members: int = 8000
    years: int = 5
    hazards: int = 20000
    initiatives: int = 1000
    reminders: int = 100000
    seed: int = 2024


@dataclass
class Made:
    counts: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)


# COPY -----------------------------------------------------------------------------------


def _cell(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")
        )
    return text


def copy_rows(model_or_table, columns, rows):
    """COPY `rows` (tuples in the order of `columns`) into the table; returns the count."""
    table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
    buf = io.StringIO()
    count = 0
    for row in rows:
        buf.write("\t".join(map(_cell, row)))
        buf.write("\n")
        count += 1
    buf.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf, size=1 << 20
        )
    return count


def reserve_ids(model, n):
    """The first of `n` consecutive ids taken from the table's sequence."""
    if n == 0:
        return 1
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
            " nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
            [table, table, n],
        )
        last = cursor.fetchone()[0]
    return last - n + 1


# The build --------------------------------------------------------------------------------


def build(scale, stdout=None, today=None):
    """Fill an empty database with a company of `scale`; returns `Made` (counts, timings)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The company data set needs PostgreSQL (it loads with COPY).")
    if Branch.objects.exists():
        raise RuntimeError("The database already holds branches: use an empty, migrated one.")
    made = Made()
    gen = _Generator(scale, made, stdout, today or timezone.localdate())
    with transaction.atomic():
        gen.run()
    with connection.cursor() as cursor:
        # Statistics for the planner and, outside a transaction (not in the tests), the
        # visibility map that index-only scans need; autovacuum would get there later.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return made


class _Generator:
    def __init__(self, scale, made, stdout, today):
        self.s, self.made, self.stdout, self.today = scale, made, stdout, today
        self.rng = random.Random(scale.seed)
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.first_year = today.year - scale.years + 1
        self.start = datetime.date(self.first_year, 1, 1)

    def step(self, name, fn):
        began = time.monotonic()
        fn()
        took = time.monotonic() - began
        self.made.timings.append((name, took))
        if self.stdout is not None:
            self.stdout.write(f"  {name:<14} {took:6.1f} s")

    def count(self, name, n):
        self.made.counts[name] = self.made.counts.get(name, 0) + n

    def run(self):
        self.step("organisation", self.organisation)
        self.step("activities", self.activities)
        self.step("pledges", self.pledges)
        self.step("hazards", self.hazards)
        self.step("study", self.study)
        self.step("initiatives", self.initiatives)
        self.step("reminders", self.reminders)
        self.step("dues", self.dues)
        self.step("audit log", self.audit)
        self.step("dashboard", self.dashboard)

    # Organisation ---------------------------------------------------------------------

    def organisation(self):
        rng, s = self.rng, self.s
        committee = Committee.objects.create(name=org_demo.COMMITTEE)
        generals = GeneralBranch.objects.bulk_create(
            GeneralBranch(committee=committee, name=name, order=i)
            for i, name in enumerate(GENERALS)
        )
        branches = Branch.objects.bulk_create(
            Branch(
                committee=committee,
                general_branch=generals[i % len(generals)] if i % 7 else None,
                name=f"{UNITS[i % len(UNITS)]}第{i + 1}党支部",
                unit=f"{UNITS[i % len(UNITS)]}{i + 1}部",
                order=i + 1,
                meeting_place=f"{UNITS[i % len(UNITS)]}{i + 1}部党员活动室",
            )
            for i in range(s.branches)
        )
        groups = PartyGroup.objects.bulk_create(
            PartyGroup(branch=b, name=f"第{n}党小组") for b in branches for n in "一二三"
        )
        self.groups = {b.pk: [g for g in groups if g.branch_id == b.pk] for b in branches}
        User = get_user_model()
        unusable = make_password(None)
        real = make_password(PASSWORD)
        joined = timezone.now() - datetime.timedelta(days=365 * s.years)
        users = User.objects.bulk_create(
            (
                User(username=f"HJ{i:05d}", password=unusable, date_joined=joined)
                for i in range(1, s.members + 1)
            ),
            batch_size=5000,
        )
        members = []
        for i, user in enumerate(users):
            branch = branches[i % len(branches)]
            group = self.groups[branch.pk][(i // len(branches)) % 3]
            members.append(
                Member(
                    user=user,
                    name=org_demo._name(rng),
                    gender=rng.choice("mmmf"),
                    employee_no=user.username,
                    branch=branch,
                    party_group=group,
                    status=Member.Status.PROBATIONARY
                    if rng.random() < 0.05
                    else Member.Status.FULL,
                    joined_on=datetime.date(rng.randint(1990, 2022), rng.randint(1, 12), 1),
                    post=rng.choice(POSTS),
                    phone=f"139{rng.randint(10000000, 99999999)}",
                )
            )
        Member.objects.bulk_create(members, batch_size=5000)
        self.branches = branches
        self.by_branch = {b.pk: [] for b in branches}
        for m in members:
            self.by_branch[m.branch_id].append(m)
        roles = []
        self.committee_of = {}
        for b in branches:
            people = self.by_branch[b.pk]
            roles += [
                Role(member=people[0], kind=Role.Kind.SECRETARY, branch=b, title="党支部书记"),
                Role(member=people[1], kind=Role.Kind.DEPUTY, branch=b, title="党支部副书记"),
                Role(member=people[2], kind=Role.Kind.BRANCH_COMMITTEE, branch=b, title="组织委员"),
                Role(member=people[3], kind=Role.Kind.BRANCH_COMMITTEE, branch=b, title="宣传委员"),
            ]
            self.committee_of[b.pk] = people[:4]
            for g in self.groups[b.pk]:
                g.leader = next(p for p in people[4:] if p.party_group_id == g.pk)
        PartyGroup.objects.bulk_update(groups, ["leader"], batch_size=2000)
        # The README's accounts: committee (on the 党委), secretary (of the first branch),
        # member (of the first branch; has not signed this year's pledge).
        first, office = branches[0], branches[-1]
        office_member = self.by_branch[office.pk][5]
        roles.append(
            Role(
                member=office_member,
                kind=Role.Kind.PARTY_COMMITTEE,
                title="党委委员、党建工作部部长",
            )
        )
        Role.objects.bulk_create(roles)
        accounts = {
            "committee": office_member,
            "secretary": self.by_branch[first.pk][0],
            "member": self.by_branch[first.pk][6],
        }
        for username, member in accounts.items():
            User.objects.filter(pk=member.user_id).update(
                username=username, password=real, is_staff=username == "committee"
            )
        staff, _ = Group.objects.get_or_create(name="党委")
        staff.permissions.set(Permission.objects.filter(content_type__app_label="branches"))
        staff.user_set.add(office_member.user_id)
        User.objects.create(
            username="admin", password=real, is_staff=True, is_superuser=True, date_joined=joined
        )
        self.demo_member = accounts["member"]
        self.committee_user_id = office_member.user_id
        self.members = members
        self.count("branches", len(branches))
        self.count("members", len(members))
        self.count("accounts", len(members) + 1)

    # Activities and attendance --------------------------------------------------------

    def _at(self, day, hour):
        return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour), self.tz)

    def _plan(self, branch):
        """(kind, day, hour, hours, group) at the real cadence, month by month."""
        rng = random.Random(f"{self.s.seed}:{branch.pk}")
        groups = self.groups[branch.pk]
        plan = []
        year, month = self.first_year, 1
        while (year, month) <= (self.today.year, self.today.month):

            def add(kind, d, hour, hours=1.5, group=None, year=year, month=month):
                plan.append((kind, datetime.date(year, month, d), hour, hours, group))

            # The kinds due this month are the default cadence's (branches.cadences).
            if held_in(K.COMMITTEE_MEETING, month):
                add(K.COMMITTEE_MEETING, rng.randint(2, 6), 9, 1)
            if held_in(K.GROUP_MEETING, month):
                for n, group in enumerate(groups):
                    add(K.GROUP_MEETING, rng.randint(8, 13) + n, 16, 1, group)
            if held_in(K.THEME_DAY, month):
                add(K.THEME_DAY, 20 if month != 7 else 1, 14, 2)
            if held_in(K.GENERAL_MEETING, month):
                add(K.GENERAL_MEETING, rng.randint(16, 19), 15)
            if held_in(K.PARTY_LECTURE, month):
                add(K.PARTY_LECTURE, rng.randint(10, 18), 14)
            for kind in (K.RED_COLLAR_LECTURE, K.SAFETY_TALK, K.FOUR_STUDIES, K.VANGUARD_PRACTICE):
                if rng.random() < 0.25:
                    add(kind, rng.randint(21, 27), 15)
            if held_in(K.LIFE_MEETING, month):
                add(K.LIFE_MEETING, 18, 9, 3)
            if held_in(K.APPRAISAL, month):
                add(K.APPRAISAL, 19, 9, 3)
            month += 1
            if month == 13:
                year, month = year + 1, 1
        return plan

    def activities(self):
        plans = []
        for b in self.branches:
            for kind, day, hour, hours, group in self._plan(b):
                starts = self._at(day, hour)
                plans.append((b, kind, starts, hours, group))
        # The next fortnight: one planned talk a branch, so calendars show something ahead.
        for b in self.branches:
            day = self.today + datetime.timedelta(days=2 + b.pk % 12)
            plans.append((b, K.SAFETY_TALK, self._at(day, 15), 1, None))
        first_id = reserve_ids(Activity, len(plans))
        secretary_user = {b.pk: self.by_branch[b.pk][0].user_id for b in self.branches}
        rows, attendance = [], []
        self.held = []  # (activity id, branch id, starts, kind, topic, attendee members)
        rng = self.rng
        content = "会议由主持人通报有关情况，与会党员结合岗位实际交流发言，形成以下意见。"
        for offset, (b, kind, starts, hours, group) in enumerate(plans):
            pk = first_id + offset
            held = starts <= self.now
            first_topic = held and kind in (
                K.COMMITTEE_MEETING,
                K.GENERAL_MEETING,
                K.THEME_DAY,
                K.GROUP_MEETING,
            )
            people = self.by_branch[b.pk]
            topic = rng.choice(act_demo.TOPICS[kind])
            host = group.leader_id if group else people[0].pk
            rows.append(
                (
                    pk,
                    b.pk,
                    kind,
                    act_demo.THEMES.get(kind) or Theme.GREEN,
                    "held" if held else "planned",
                    starts,
                    starts + datetime.timedelta(hours=hours),
                    b.meeting_place,
                    host,
                    group.pk if group else None,
                    topic,
                    content if held else "",
                    first_topic,
                    rng.choice(act_demo.FIRST_TOPICS) if first_topic else "",
                    secretary_user[b.pk],
                    starts + datetime.timedelta(hours=hours + 2),
                    starts + datetime.timedelta(hours=hours + 2),
                )
            )
            if not held:
                continue
            if kind == K.COMMITTEE_MEETING:
                attendees = self.committee_of[b.pk]
            elif group is not None:
                attendees = [p for p in people if p.party_group_id == group.pk]
            else:
                attendees = people
            self.held.append((pk, b.pk, starts, kind, topic, attendees))
            for m in attendees:
                roll = rng.random()
                if roll < 0.86:
                    attendance.append(f"{pk}\t{m.pk}\tpresent\t\n")
                elif roll < 0.96:
                    attendance.append(f"{pk}\t{m.pk}\texcused\t{rng.choice(act_demo.LEAVE)}\n")
                else:
                    attendance.append(f"{pk}\t{m.pk}\tabsent\t{rng.choice(act_demo.ABSENT)}\n")
        columns = [
            "id",
            "branch_id",
            "kind",
            "theme",
            "status",
            "starts_at",
            "ends_at",
            "place",
            "host_id",
            "party_group_id",
            "topic",
            "content",
            "first_topic",
            "first_topic_text",
            "created_by_id",
            "created_at",
            "updated_at",
        ]
        self.count("activities", copy_rows(Activity, columns, rows))
        buf = io.StringIO("".join(attendance))
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {Attendance._meta.db_table} (activity_id, member_id, status, reason)"
                " FROM STDIN",
                buf,
                size=1 << 20,
            )
        self.count("attendance", len(attendance))

    # Pledges: a version a year, a signature a member a year, one chain -----------------

    def pledges(self):
        rng = self.rng
        versions = []
        for year in range(self.first_year, self.today.year + 1):
            published = timezone.make_aware(datetime.datetime(year, 1, 5, 9), self.tz)
            versions.append(
                PledgeVersion(
                    year=year,
                    title=f"{year}年{safety_demo.PLEDGE_TITLE}",
                    text=safety_demo.PLEDGE_TEXT + safety_demo.THIS_YEAR_ADDENDUM.format(year=year),
                    created_by_id=self.committee_user_id,
                    published_at=published,
                    published_by_id=self.committee_user_id,
                )
            )
        PledgeVersion.objects.bulk_create(versions)
        planned = []  # (signed_at, version, member)
        for version in versions:
            last = version.year == self.today.year
            window = (self.now - version.published_at) if last else datetime.timedelta(days=80)
            seconds = max(int(window.total_seconds()) - 60, 60)
            for m in self.members:
                if last and (m.pk == self.demo_member.pk or rng.random() >= SIGNED_THIS_YEAR):
                    continue
                at = version.published_at + datetime.timedelta(seconds=rng.randint(60, seconds))
                planned.append((at.astimezone(datetime.UTC).replace(microsecond=0), version, m))
        planned.sort(key=lambda p: (p[0], p[2].pk))
        first_id = reserve_ids(PledgeSignature, len(planned))
        text_digests = {v.pk: chain.text_digest(v) for v in versions}
        rows, prev, codes = [], GENESIS_DIGEST, set()
        for n, (at, version, m) in enumerate(planned):
            seq = n + 1
            code = chain.new_code()
            while code in codes:
                code = chain.new_code()
            codes.add(code)
            ip = chain.normalize_ip(f"10.{m.branch_id % 250}.{m.pk // 250 % 250}.{m.pk % 250}")
            agent = safety_demo.USER_AGENTS[m.pk % len(safety_demo.USER_AGENTS)]
            typed = normalize_name(m.name)
            digest = hashlib.sha256(
                chain.canonical(
                    seq=seq,
                    version_id=version.pk,
                    text_digest=text_digests[version.pk],
                    member_id=m.pk,
                    typed_name=typed,
                    signed_at=at,
                    ip_address=ip,
                    user_agent=agent,
                    code=code,
                    prev_digest=prev,
                )
            ).hexdigest()
            rows.append(
                (
                    first_id + n,
                    seq,
                    version.pk,
                    m.pk,
                    typed,
                    at,
                    ip,
                    agent,
                    code,
                    text_digests[version.pk],
                    prev,
                    digest,
                )
            )
            prev = digest
        columns = [
            "id",
            "seq",
            "version_id",
            "member_id",
            "typed_name",
            "signed_at",
            "ip_address",
            "user_agent",
            "code",
            "text_digest",
            "prev_digest",
            "digest",
        ]
        self.count("pledge signatures", copy_rows(PledgeSignature, columns, rows))
        PledgeChain.objects.update_or_create(
            pk=1, defaults={"length": len(rows), "head_digest": prev}
        )
        self.signatures = rows
        self.count("pledge versions", len(versions))

    # Zones and hazards -----------------------------------------------------------------

    def hazards(self):
        rng = self.rng
        zones = SafetyZone.objects.bulk_create(
            SafetyZone(
                branch=b,
                name=f"{b.unit}责任区{n}",
                location=f"{b.unit}{n}号区域",
                established_on=self.start,
            )
            for b in self.branches
            for n in (1, 2, 3)
        )
        through = SafetyZone.responsible.through
        through.objects.bulk_create(
            through(safetyzone_id=z.pk, member_id=m.pk)
            for z in zones
            for m in rng.sample(self.by_branch[z.branch_id], 2)
        )
        span = (self.now - self._at(self.start, 8)).total_seconds()
        rows = []
        for _ in range(self.s.hazards):
            zone = rng.choice(zones)
            people = self.by_branch[zone.branch_id]
            reported = self._at(self.start, 8) + datetime.timedelta(
                seconds=rng.randint(0, int(span) - 3600)
            )
            age = (self.now - reported).days
            roll = rng.random()
            if (age > 45 and roll < 0.97) or (age <= 45 and roll < 0.4):
                status = "closed"
            elif roll < 0.99 or (age <= 45 and roll < 0.6):
                status = rng.choice(["assigned", "submitted", "returned"])
            else:
                status = "reported"
            assignee = deadline = submitted = closed = None
            fix = ""
            if status != "reported":
                assignee = rng.choice(people).pk
                deadline = (reported + datetime.timedelta(days=rng.randint(3, 20))).date()
            if status in ("submitted", "closed"):
                submitted = reported + datetime.timedelta(days=rng.randint(1, 10))
                fix = "已清理现场并加装防护，复查合格。"
            if status == "closed":
                closed = submitted + datetime.timedelta(days=1)
            rows.append(
                (
                    zone.pk,
                    rng.choice(people).pk,
                    reported,
                    rng.choice(HAZARDS),
                    f"{zone.location}",
                    rng.choice(["general"] * 8 + ["serious", "major"]),
                    "",
                    status,
                    assignee,
                    deadline,
                    fix,
                    "",
                    submitted,
                    closed,
                )
            )
        columns = [
            "zone_id",
            "reported_by_id",
            "reported_at",
            "description",
            "location_detail",
            "severity",
            "photo",
            "status",
            "assignee_id",
            "deadline",
            "fix_description",
            "after_photo",
            "submitted_at",
            "closed_at",
        ]
        self.count("safety zones", len(zones))
        self.count("hazards", copy_rows(Hazard, columns, rows))

    # 支部研学: a branch study session a quarter, every member invited ----------------------

    def study(self):
        rng = self.rng
        plans = []
        day = self.start
        while day <= self.today:
            for b in self.branches:
                when = self._at(day + datetime.timedelta(days=b.pk % 40 + 10), 15)
                if when < self.now:
                    plans.append((b, when))
            month = day.month + 3
            day = datetime.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
        first_id = reserve_ids(StudySession, len(plans))
        sessions, invitees = [], []
        for n, (b, when) in enumerate(plans):
            pk = first_id + n
            sessions.append(
                (
                    pk,
                    "branch_study",
                    "支部研学：安全规程与事故案例",
                    "",
                    "",
                    when,
                    b.meeting_place,
                    self.by_branch[b.pk][0].pk,
                    b.pk,
                    when,
                )
            )
            for m in self.by_branch[b.pk]:
                came = rng.random() < 0.85
                score = rng.randint(60, 100) if came and rng.random() < 0.5 else None
                invitees.append((pk, m.pk, came, score))
        self.count(
            "study sessions",
            copy_rows(
                StudySession,
                [
                    "id",
                    "mode",
                    "topic",
                    "material",
                    "material_text",
                    "starts_at",
                    "place",
                    "host_id",
                    "branch_id",
                    "created_at",
                ],
                sessions,
            ),
        )
        self.count(
            "study attendance",
            copy_rows(
                StudyAttendance, ["session_id", "member_id", "attended", "quiz_score"], invitees
            ),
        )

    # 示范项目 and 揭榜项目 with milestones, reports and figures ---------------------------

    def initiatives(self):
        rng = self.rng
        items = []
        for n in range(self.s.initiatives):
            kind = Initiative.Kind.LISTED if n % 3 else Initiative.Kind.DEMONSTRATION
            starts = self.start + datetime.timedelta(
                days=rng.randint(0, (self.today - self.start).days)
            )
            ends = starts + datetime.timedelta(days=rng.randint(120, 540))
            if ends < self.today - datetime.timedelta(days=30):
                status = rng.choice(["accepted"] * 16 + ["cancelled"])
            elif starts > self.today - datetime.timedelta(days=20):
                status = rng.choice(["published", "draft"] if kind == "listed" else ["draft"])
            else:
                status = rng.choice(["in_progress"] * 6 + ["submitted", "returned", "awarded"])
            branch = rng.choice(self.branches)
            assigned = status not in ("draft", "published")
            people = self.by_branch[branch.pk]
            lead = people[rng.randint(0, min(10, len(people) - 1))] if assigned else None
            percent = 100 if status in ("accepted", "submitted") else rng.randint(0, 90)
            items.append(
                Initiative(
                    kind=kind,
                    title=f"{rng.choice(['电解槽', '阳极钢爪', '铸造打渣', '智能巡检', '余热'])}"
                    f"攻关项目{n + 1:04d}",
                    theme=rng.choice(list(Theme)),
                    problem="生产中的难题，目标是降耗增效、保障安全。",
                    expected_outcome="节电、减碳、降本。",
                    apply_deadline=starts if kind == "listed" else None,
                    reward_points=rng.choice([0, 5, 10]),
                    status=status,
                    branch=branch if assigned or kind == "demonstration" else None,
                    lead=lead,
                    team_kind=rng.choice(list(TeamKind)) if assigned else "",
                    starts_on=starts,
                    ends_on=ends,
                    percent_done=0 if not assigned else percent,
                    rating=rng.choice(["excellent", "good", "pass"])
                    if status == "accepted"
                    else "",
                    created_at=self._at(starts, 9),
                )
            )
        Initiative.objects.bulk_create(items, batch_size=2000)
        through = Initiative.team.through
        team, milestones, reports = [], [], []
        for item in items:
            if item.lead is not None:
                people = self.by_branch[item.branch_id]
                team += [
                    through(initiative_id=item.pk, member_id=m.pk) for m in rng.sample(people, 4)
                ]
            length = (item.ends_on - item.starts_on).days
            for k in range(1, 5):
                due = item.starts_on + datetime.timedelta(days=length * k // 4)
                finished = item.status == "accepted"
                passed = item.lead is not None and due < self.today - datetime.timedelta(days=10)
                done = due if finished or passed else None
                milestones.append(
                    Milestone(initiative=item, title=f"第{k}阶段目标", due_on=due, done_on=done)
                )
            if item.lead is not None:
                for k in range(1, 4):
                    at = item.starts_on + datetime.timedelta(days=length * k // 4)
                    if at > self.today:
                        break
                    reports.append(
                        ProgressReport(
                            initiative=item,
                            percent=min(item.percent_done, 25 * k),
                            text="按计划推进，完成阶段目标。",
                            reported_by=item.lead,
                            created_at=self._at(at, 10),
                        )
                    )
        through.objects.bulk_create(team, batch_size=5000)
        Milestone.objects.bulk_create(milestones, batch_size=5000)
        ProgressReport.objects.bulk_create(reports, batch_size=5000)
        figures = [
            OutcomeFigure(
                report=r,
                label=rng.choice(["节电", "减排", "降本"]),
                quantity=rng.randint(1000, 90000),
                unit=rng.choice(["kwh", "t_co2", "wan_yuan"]),
            )
            for r in reports
        ]
        OutcomeFigure.objects.bulk_create(figures, batch_size=5000)
        self.count("initiatives", len(items))
        self.count("milestones", len(milestones))
        self.count("progress reports", len(reports))
        self.count("outcome figures", len(figures))

    # Reminders: "activity tomorrow" to the attendees, newest activities first ------------

    def reminders(self):
        rng = self.rng
        ct = ContentType.objects.get_for_model(Activity).pk
        user_of = {m.pk: m.user_id for m in self.members}
        labels = dict(ActivityKind.choices)
        rows = []
        for pk, _branch, starts, kind, topic, attendees in sorted(
            self.held, key=lambda h: h[2], reverse=True
        ):
            due = timezone.localtime(starts).date() - datetime.timedelta(days=1)
            sent = self._at(due, 8)
            recent = (self.today - due).days < 14
            subject = f"明天：{labels[kind]} {topic}"[:200]
            for m in attendees:
                read = None if recent and rng.random() < 0.7 else sent + datetime.timedelta(hours=3)
                rows.append(
                    (
                        "activity",
                        ct,
                        pk,
                        user_of[m.pk],
                        due,
                        subject,
                        "",
                        f"/activities/{pk}/",
                        "sent",
                        1,
                        sent,
                        sent,
                        sent,
                        True,
                        "",
                        read,
                        sent,
                    )
                )
                if len(rows) >= self.s.reminders:
                    break
            if len(rows) >= self.s.reminders:
                break
        columns = [
            "kind",
            "content_type_id",
            "object_id",
            "recipient_id",
            "due_on",
            "subject",
            "body",
            "url",
            "state",
            "attempts",
            "not_before",
            "claimed_at",
            "sent_at",
            "emailed",
            "last_error",
            "read_at",
            "created_at",
        ]
        self.count("reminders", copy_rows(Reminder, columns, rows))

    # 党费: a declaration a member, a raise half-way, a payment a month ----------------

    def dues(self):
        """Every member declares from the first month of the years, most get a raise half-way
        through; each month is paid, with the gaps a secretary chases (this month's
        payments not all in yet) and now and then a payment reversed and paid again."""
        rng = self.rng
        first = self.start
        # Half-way through the years (two years ago, in five): never before the first.
        raise_from = datetime.date(first.year + self.s.years // 2, 1, 1)
        this_month = self.today.replace(day=1)
        months = []
        month = first
        while month <= this_month:
            months.append(month)
            month = add_months(month, 1)
        bases, planned = [], []  # planned: (member, month, amount, paid_on, reversed)
        for m in self.members:
            income = Decimal(rng.randrange(3000, 12000, 100))
            dues, rate = dues_for_income(income, DuesCategory.IN_SERVICE)
            bases.append((m.pk, income, dues, rate, first))
            dues_after_raise = dues
            if raise_from > first and rng.random() < 0.8:
                raised = income + Decimal(rng.randrange(200, 1500, 100))
                dues_after_raise, raised_rate = dues_for_income(raised, DuesCategory.IN_SERVICE)
                bases.append((m.pk, raised, dues_after_raise, raised_rate, raise_from))
            for month in months:
                if rng.random() < (0.35 if month == this_month else 0.02):
                    continue
                amount = dues_after_raise if month >= raise_from else dues
                paid_on = min(self.today, month + datetime.timedelta(days=rng.randint(3, 20)))
                planned.append((m, month, amount, paid_on, rng.random() < 0.002))
        now = self.now
        self.count(
            "dues declarations",
            copy_rows(
                DuesBase,
                [
                    "member_id",
                    "category",
                    "income",
                    "monthly_dues",
                    "rate",
                    "valid_from",
                    "recorded_at",
                ],
                (
                    (pk, DuesCategory.IN_SERVICE, inc, due, rate, since, now)
                    for pk, inc, due, rate, since in bases
                ),
            ),
        )
        # A reversed payment is three rows: the payment, its reversal (pointing at it, the
        # amount negated), the payment again (attempt 2). Ids reserved so they can point.
        rows_needed = sum(3 if p[4] else 1 for p in planned)
        next_id = reserve_ids(DuesPayment, rows_needed)

        def payment(pk, m, month, attempt, amount, paid_on, note="", reverses=None):
            # Members pay themselves (《规定》第十一条), most of them online.
            method = PaymentMethod.WECHAT if (m.pk + month.month) % 5 else PaymentMethod.TRANSFER
            fields = (pk, m.pk, m.branch_id, month, attempt, amount, method)
            return (*fields, paid_on, "", note, reverses, now)

        def rows():
            nonlocal next_id
            for m, month, amount, paid_on, reversed_ in planned:
                paid = next_id
                yield payment(paid, m, month, 1, amount, paid_on)
                next_id += 1
                if reversed_:
                    yield payment(next_id, m, month, 1, -amount, paid_on, "录入金额有误", paid)
                    yield payment(next_id + 1, m, month, 2, amount, paid_on)
                    next_id += 2

        columns = [
            "id",
            "member_id",
            "branch_id",
            "month",
            "attempt",
            "amount",
            "method",
            "paid_on",
            "proxy",
            "note",
            "reverses_id",
            "recorded_at",
        ]
        self.count("dues payments", copy_rows(DuesPayment, columns, rows()))

    # The committee's settings: 绿电占比 a month over the years, the score's weights -----

    def dashboard(self):
        committee = get_user_model().objects.get(username="committee")
        # From a fifth of the power in electrolysis five years ago to just under the target.
        series = dashboard_demo.green_power_series(
            self.today, self.s.years * 12, start=Decimal("19.0"), end=dashboard_demo.END
        )
        GreenPowerShare.objects.bulk_create(
            GreenPowerShare(month=month, percent=share, entered_by=committee)
            for month, share in series
        )
        self.count("green power months", len(series))
        dashboard_demo.default_weights()

    # The audit log: each activity recorded, each pledge signed -----------------------------

    def audit(self):
        activity_ct = ContentType.objects.get_for_model(Activity).pk
        signature_ct = ContentType.objects.get_for_model(PledgeSignature).pk
        secretary_user = {b.pk: self.by_branch[b.pk][0].user_id for b in self.branches}
        user_of = {m.pk: m.user_id for m in self.members}

        def rows():
            for pk, branch, starts, _kind, topic, _people in self.held:
                yield (
                    starts + datetime.timedelta(hours=3),
                    secretary_user[branch],
                    None,
                    "activity.created",
                    activity_ct,
                    pk,
                    topic[:200],
                    "{}",
                )
            for row in self.signatures:
                pk, seq, version, member, at, digest = (
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    row[5],
                    row[11],
                )
                yield (
                    at,
                    user_of[member],
                    None,
                    "pledge.signed",
                    signature_ct,
                    pk,
                    f"#{seq} {member} · {version}",
                    json.dumps(
                        {"seq": seq, "version": version, "member": member, "digest": digest}
                    ),
                )

        columns = [
            "at",
            "actor_id",
            "ip_address",
            "action",
            "content_type_id",
            "object_id",
            "object_repr",
            "changes",
        ]
        self.count("audit entries", copy_rows(AuditEntry, columns, rows()))
