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
    joined at 20 to 35 (retired: born 1945 to 1964), 转正 a year after joining for a full
    member, an ID number matching birth date and gender. Does not save."""
    if not member.gender:
        member.gender = rng.choice([Member.Gender.MALE] * 3 + [Member.Gender.FEMALE])
    if retired:
        born = datetime.date(rng.randint(1945, 1964), rng.randint(1, 12), rng.randint(1, 28))
        member.category = Member.Category.RETIRED
    else:
        joined = member.joined_on or today - datetime.timedelta(days=rng.randint(400, 9000))
        age = rng.randint(20, 35)
        born = datetime.date(joined.year - age, rng.randint(1, 12), rng.randint(1, 28))
        latest = datetime.date(today.year - 22, 12, 28)
        born = min(born, latest)
    member.birth_date = born
    if member.joined_on is None or records.full_years(born, member.joined_on) < 18:
        member.joined_on = records.years_after(born, rng.randint(20, 30))
        if member.joined_on > today:
            member.joined_on = today - datetime.timedelta(days=400)
    if member.status == Member.Status.FULL:
        member.full_member_on = records.probation_ends(member.joined_on)
    area, place = rng.choice(PLACES)
    member.native_place = place
    member.ethnicity = _pick(rng, ETHNIC_WEIGHTS)
    member.education = _pick(rng, RETIRED_EDUCATION if retired else EDUCATION_WEIGHTS)
    member.id_number = make_id_number(area, born, member.pk or rng.randint(1, 999), member.gender)
    return member


def demo_rng(seed="record"):
    return random.Random(seed)
