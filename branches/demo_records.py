"""The demo's member records: believable 民族, 籍贯, 学历 and valid 身份证号 (development only;
imported by `branches.demo` and the company generator, never by a request)."""

import datetime
import random

from . import records
from .models import Member

# Address codes (GB/T 2260) of the places the smelter's people come from: 通辽 and its
# banners, 呼和浩特, 赤峰, 沈阳, 长春... with the 籍贯 written the way the forms write it.
PLACES = [
    ("150502", "内蒙古通辽"),
    ("150521", "内蒙古科左中旗"),
    ("150525", "内蒙古奈曼旗"),
    ("150526", "内蒙古扎鲁特旗"),
    ("150102", "内蒙古呼和浩特"),
    ("150402", "内蒙古赤峰"),
    ("152201", "内蒙古乌兰浩特"),
    ("210102", "辽宁沈阳"),
    ("210902", "辽宁阜新"),
    ("220102", "吉林长春"),
    ("130102", "河北石家庄"),
    ("370102", "山东济南"),
]
# Tongliao is a Mongol and Han city: most 汉族, many 蒙古族, some 满族 and 回族.
ETHNIC_WEIGHTS = [("汉族", 62), ("蒙古族", 28), ("满族", 6), ("回族", 3), ("朝鲜族", 1)]
EDUCATION_WEIGHTS = [
    (Member.Education.MASTER, 6),
    (Member.Education.BACHELOR, 38),
    (Member.Education.COLLEGE, 32),
    (Member.Education.TECHNICAL, 16),
    (Member.Education.HIGH_SCHOOL, 8),
]
RETIRED_EDUCATION = [
    (Member.Education.COLLEGE, 20),
    (Member.Education.TECHNICAL, 35),
    (Member.Education.HIGH_SCHOOL, 35),
    (Member.Education.BELOW, 10),
]


def make_id_number(area, born, sequence, gender=None):
    """A valid 18-character number for `area`, `born` and a sequence; the sequence's last
    digit made odd for a man and even for a woman (GB 11643-1999)."""
    seq = sequence % 1000
    wanted = {Member.Gender.MALE: 1, Member.Gender.FEMALE: 0}.get(gender)
    if wanted is not None and seq % 2 != wanted:
        seq = (seq + 1) % 1000
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + records.id_check_char(first17)


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def fill_record(member, rng, today, retired=False):
    """Give `member` a full record consistent with its gender and dates: born so that they
    joined at 20 to 35 (retired: born 1945 to 1964, joined at 22 to 35), 转正 a year after
    joining for a full member, an ID number matching birth date and gender. Does not save."""
    if not member.gender:
        member.gender = rng.choice([Member.Gender.MALE] * 3 + [Member.Gender.FEMALE])
    if retired:
        born = datetime.date(rng.randint(1945, 1964), rng.randint(1, 12), rng.randint(1, 28))
        member.category = Member.Category.RETIRED
        member.joined_on = records.years_after(born, rng.randint(22, 35))
    else:
        joined = member.joined_on or today - datetime.timedelta(days=rng.randint(400, 9000))
        born = datetime.date(
            joined.year - rng.randint(20, 35), rng.randint(1, 12), rng.randint(1, 28)
        )
        if records.full_years(born, joined) < 18:
            born = records.years_after(born, -1)
        member.joined_on = joined
    member.birth_date = born
    if member.status == Member.Status.FULL:
        member.full_member_on = records.probation_ends(member.joined_on)
    area, place = rng.choice(PLACES)
    member.native_place = place
    member.ethnicity = _pick(rng, ETHNIC_WEIGHTS)
    member.education = _pick(rng, RETIRED_EDUCATION if retired else EDUCATION_WEIGHTS)
    member.id_number = make_id_number(area, born, rng.randint(1, 999), member.gender)
    return member


RECORD_FIELDS = [
    "gender",
    "category",
    "birth_date",
    "joined_on",
    "full_member_on",
    "native_place",
    "ethnicity",
    "education",
    "introducers",
    "id_number_sealed",
    "id_number_fingerprint",
]


def fill_records(members, today, retired=False):
    """Fill the record of each member who has none yet (idempotent), with two introducers
    from the branch's earlier members."""
    for index, member in enumerate(members):
        if member.birth_date is not None:
            continue
        rng = random.Random(f"record:{member.employee_no}")
        fill_record(member, rng, today, retired=retired)
        earlier = [m.name for m in members[:index] if m.name != member.name]
        member.introducers = "、".join(rng.sample(earlier, 2)) if len(earlier) >= 2 else ""
        member.save(update_fields=RECORD_FIELDS)


# The demo's 换届 calendar: the 电解一车间's term ends within the month (its one-month
# reminder is in the replayed weeks), the 发电运行's in about six months.
TERM_DUE = {"电解一车间党支部": (1, 10), "发电运行党支部": (6, 5)}


def election(branch, today):
    """The branch's last 支委会 election (made once): see TERM_DUE; others held 7 to 30
    months ago."""
    from affairs.models import add_months

    from .models import COMMITTEE_TERM_YEARS, CommitteeElection

    existing = branch.elections.order_by("-held_on").first()
    if existing is not None:
        return existing
    if branch.name in TERM_DUE:
        months, days_ago = TERM_DUE[branch.name]
        ends_on = add_months(today - datetime.timedelta(days=days_ago), months)
        held_on = records.years_after(ends_on, -COMMITTEE_TERM_YEARS)
    else:
        held_on = add_months(today, -(7 + (branch.pk * 7) % 24))
        ends_on = records.years_after(held_on, COMMITTEE_TERM_YEARS)
    return CommitteeElection.objects.create(
        branch=branch,
        held_on=held_on,
        ends_on=ends_on,
        note="支部党员大会无记名投票、差额选举产生，报党委批准。",
    )


def trainings(members, today):
    """This year's and last year's training records (学时) for the demo's members, once:
    online study for most, the company party school's rotation for the 支委会."""
    from .models import Role, TrainingRecord

    if TrainingRecord.objects.exists():
        return
    leaders = set(Role.objects.filter(member__in=members).values_list("member_id", flat=True))
    rows = []
    for member in members:
        rng = random.Random(f"training:{member.employee_no}")
        for year in (today.year - 1, today.year):
            last = today if year == today.year else datetime.date(year, 12, 31)
            if rng.random() < 0.7:
                rows.append(
                    TrainingRecord(
                        member=member,
                        kind=TrainingRecord.Kind.ONLINE,
                        title="“学习强国”及党员教育平台网络学习",
                        organiser="公司党建工作部",
                        started_on=last - datetime.timedelta(days=rng.randint(10, 200)),
                        hours=rng.choice([8, 10, 12, 16]),
                    )
                )
            if member.pk in leaders:
                rows.append(
                    TrainingRecord(
                        member=member,
                        kind=TrainingRecord.Kind.PARTY_SCHOOL,
                        title=f"{year}年党支部书记和委员集中轮训",
                        organiser="公司党校",
                        started_on=datetime.date(year, 4, rng.randint(8, 20)),
                        hours=24,
                    )
                )
    TrainingRecord.objects.bulk_create(r for r in rows if r.started_on <= today)
