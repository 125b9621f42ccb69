"""The member's record (党员信息) as the rules write it: the 身份证号's check digit and its
masked form, 党龄, the 56 民族, and the age at which one may join.

Every rule here names its source beside it; tests/branches/test_member_record.py pins the
edges.
"""

import datetime
import re

# 《公民身份号码》GB 11643-1999: six digits of the address code, eight of the birth date
# (YYYYMMDD), three of the sequence (odd for men, even for women) and a check digit by
# ISO 7064 MOD 11-2 over the first seventeen (X stands for 10).
ID_NUMBER_SOURCE = "GB 11643-1999《公民身份号码》"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^[1-9]\d{16}[\dX]$")
# Shown to those who may see the record but not the number: the first four digits (the
# province and city) and the last four, the rest hidden: 1101**********1234.
ID_MASK_KEEP = (4, 4)

# 党章 第七条: 党员的党龄，从预备期满转为正式党员之日算起 (a 预备党员 has no 党龄 yet;
# one whose 预备期 was extended counts from the later 转正).
PARTY_STANDING_SOURCE = "《中国共产党章程》第七条"

# 党章 第一条: 年满十八岁的…先进分子…可以申请加入中国共产党.
MINIMUM_JOINING_AGE = 18
MINIMUM_JOINING_AGE_SOURCE = "《中国共产党章程》第一条"

# GB/T 3304-1991《中国各民族名称的罗马字母拼写法和代码》: the 56 民族, in its order.
ETHNIC_GROUPS = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNIC_GROUPS_SOURCE = "GB/T 3304-1991"


def id_check_char(first17):
    """The check character of the first seventeen digits (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(number):
    """The birth date written in an 18-character number, or None if it is no date."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def normalise_id_number(text):
    """The number as stored: no spaces, a lower-case x made upper-case."""
    return re.sub(r"\s+", "", text or "").upper()


def id_number_problem(number, today):
    """Why `number` (normalised) is not a valid 身份证号, as a code, or None:
    'format' (not 17 digits and a digit or X), 'birth' (no date, or one in the future or
    before 1900), 'check' (the check character does not match)."""
    if not ID_PATTERN.match(number):
        return "format"
    born = id_birth_date(number)
    if born is None or born > today or born.year < 1900:
        return "birth"
    if id_check_char(number[:17]) != number[17]:
        return "check"
    return None


def mask_id_number(number):
    """1101**********1234: the first and last four characters, the rest hidden."""
    if not number:
        return ""
    head, tail = ID_MASK_KEEP
    if len(number) <= head + tail:
        return "*" * len(number)
    return number[:head] + "*" * (len(number) - head - tail) + number[-tail:]


def full_years(start, on):
    """Whole years from `start` to `on` (a birthday on 29 February counts from 1 March in
    other years); None without `start` or before it."""
    if start is None or on < start:
        return None
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return years


def years_after(day, years):
    """`day` moved by whole years (29 February to 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def probation_ends(joined_on):
    """The end of the one-year 预备期 (党章 第七条) that started on `joined_on`: the first day
    a 转正 may take effect."""
    return years_after(joined_on, 1)


def party_standing(full_member_on, on):
    """党龄 in whole years on `on`, counted from 转正 (党章 第七条); None for a 预备党员 or
    while the 转正日期 is not recorded."""
    return full_years(full_member_on, on)
