"""Everyday party affairs: 发展党员, 党费, 组织关系转接 and 民主评议党员.

The tables keep the names they had when these models lived in `branches` (`branches_*`):
the move to this app changed no table (affairs/migrations/0001_initial.py).

The rules the portal applies (stages, steps and their intervals, dues bands, rating levels)
are module constants defined once here; the models hold what happened. Nothing here is
ever overwritten: a step or a payment is corrected by a new row that points at the old one.
"""

import calendar
import datetime
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun.uploads import RandomName

# Dates --------------------------------------------------------------------------------


def add_months(day, months):
    """`day` moved by whole months, clamped to the month's end (31 Jan + 1 → 28/29 Feb).

    Used for deadlines: a deadline never falls later than the calendar allows.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def earliest_after(day, months):
    """The first day on which `months` whole months have passed since `day`.

    For minimum intervals: when the same day does not exist in the target month (29 Feb a
    year on, 31 Mar a month on) the period ends with that month, so the step is allowed
    from the 1st of the next month; a minimum interval is never shortened.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if day.day <= last:
        return datetime.date(year, month + 1, day.day)
    return datetime.date(year, month + 1, last) + datetime.timedelta(days=1)


def month_start(day):
    return day.replace(day=1)


# 发展党员 -------------------------------------------------------------------------------


class Stage(models.TextChoices):
    """Where an applicant stands: the five stages of the way to membership, in order, and
    the end of the way for a 预备党员 whose membership is cancelled (细则 第三十二条)."""

    APPLICANT = "applicant", _("applicant for membership")
    ACTIVIST = "activist", _("activist")
    CANDIDATE = "candidate", _("candidate for membership")
    PROBATIONARY = "probationary", pgettext_lazy("stage", "probationary member")
    FULL = "full", pgettext_lazy("stage", "full member")
    CANCELLED = "cancelled", _("probationary membership cancelled")


# The five parts of the 细则's procedure (its chapters 二 to 五 and the 材料归档 of 第六章),
# under which the applicant's page lists the steps.
RECRUITMENT_PHASES = [
    (1, _("Applying to join the Party")),
    (2, _("Activists: named, trained and examined")),
    (3, _("Candidates: named and examined")),
    (4, _("Admission as a probationary member")),
    (5, _("Probation: education, examination and full membership")),
]

# The kinds of record a step keeps besides its date.
DATE_ONLY = "date"
NOTICE = "notice"  # a 公示: its first and last day, at least `NOTICE_WORKING_DAYS` working days
TRAINING = "training"  # first and last day and the 学时
EXTENSION = "extension"  # the 支部大会's decision to extend the 预备期 by some months


@dataclass(frozen=True)
class StepRule:
    """One step on the way to membership.

    `stage`: the applicant's stage once the step is done. `phase`: the part of the 细则's
    procedure it belongs to (`RECRUITMENT_PHASES`). `number`: its number among the 细则's
    25 steps (None for a 公示, which the 细则 does not number, and for the two decisions a
    branch may take during the 预备期). `article`: where the step and its rule are written.
    `earliest`: (step, months) — not before that many whole months after the other step.
    `deadline`: (step, months) — due within that many months of the other step; `limit`:
    (step, months) — the latest it may be done at all, past the deadline only with a reason
    in the note. `after_notice`: the 公示 that must have run its working days first.
    `after_probation`: not before the 预备期 (a year from the vote, longer when extended)
    has run. `creates_member`: the step makes the applicant a 预备党员 with a Member
    record. `material`: what the branch keeps for the step; `document`: whether the form
    refuses the step without it attached.
    """

    code: str
    label: str
    stage: str
    phase: int
    article: str
    number: int | None = None
    kind: str = DATE_ONLY
    earliest: tuple | None = None
    deadline: tuple | None = None
    limit: tuple | None = None
    after_notice: str | None = None
    after_probation: bool = False
    creates_member: bool = False
    material: str = ""
    document: bool = False


# 《中国共产党发展党员工作细则》(中共中央办公厅, 2014年5月28日) is cited as 细则 with its
# article beside each step; 党章 第一条 and 第七条 where the 党章 itself sets the rule.
RECRUITMENT_REGULATION = _("《中国共产党发展党员工作细则》(2014)")
# 公示 "不少于5个工作日", on the working-day calendar of `hongjun.workdays`. The 细则 asks for
# the opinions of members and the public before a candidate is named (第十三条) and before the
# full-membership vote (第三十二条); the 公示 of at least five working days that carries this
# out is the 发展党员公示制度 of the organisation departments' implementing rules.
NOTICE_WORKING_DAYS = 5
NOTICE_SOURCE = _("细则第十三条、第三十二条；发展党员公示制度（公示期不少于5个工作日）")
# 细则 第十七条: 培训时间一般不少于三天（或不少于二十四个学时）.
TRAINING_MIN_DAYS = 3
TRAINING_MIN_HOURS = 24
# 党章 第一条、细则 第五条: 年满十八岁 (whole months, so a 29 February birthday turns 18 on
# 1 March in a common year).
MIN_AGE_MONTHS = 18 * 12
# 党章 第七条、细则 第三十二条: the 预备期 is a year from the 支部大会's vote; it may be
# extended once, by at least half a year and at most a year.
PROBATION_MONTHS = 12
EXTENSION_MONTHS = (6, 12)

RECRUITMENT_STEPS = [
    # 一、申请入党
    StepRule(
        "application",
        _("Application submitted"),
        Stage.APPLICANT,
        1,
        "细则第五条、第六条",
        1,
        material=_("written application"),
    ),
    StepRule(
        "talk",
        _("Talk with the applicant"),
        Stage.APPLICANT,
        1,
        "细则第七条",
        2,
        deadline=("application", 1),
        material=_("record of the talk"),
    ),
    # 二、入党积极分子的确定和培养教育
    StepRule(
        "activist",
        _("Named an activist"),
        Stage.ACTIVIST,
        2,
        "细则第八条",
        3,
        material=_("recommendations and the branch committee's minutes"),
    ),
    StepRule(
        "activist_filed",
        _("Activist filed with the higher committee"),
        Stage.ACTIVIST,
        2,
        "细则第八条",
        4,
    ),
    StepRule(
        "contacts",
        _("Mentors (培养联系人) assigned"),
        Stage.ACTIVIST,
        2,
        "细则第九条",
        5,
    ),
    StepRule(
        "cultivation",
        _("A year of training and examination as an activist"),
        Stage.ACTIVIST,
        2,
        "细则第十条至第十二条",
        6,
        earliest=("activist", 12),
        material=_("half-yearly examination records"),
    ),
    # 三、发展对象的确定和考察
    StepRule(
        "candidate_notice",
        _("Public notice before naming a candidate"),
        Stage.ACTIVIST,
        3,
        "细则第十三条",
        kind=NOTICE,
    ),
    StepRule(
        "candidate",
        _("Named a candidate"),
        Stage.CANDIDATE,
        3,
        "细则第十三条",
        7,
        earliest=("activist", 12),
        after_notice="candidate_notice",
    ),
    StepRule(
        "candidate_filed",
        _("Candidate filed with the higher committee"),
        Stage.CANDIDATE,
        3,
        "细则第十三条",
        8,
    ),
    StepRule(
        "sponsors",
        _("Two sponsors (入党介绍人) named"),
        Stage.CANDIDATE,
        3,
        "细则第十四条",
        9,
    ),
    StepRule(
        "vetting",
        _("Political vetting done"),
        Stage.CANDIDATE,
        3,
        "细则第十五条、第十六条",
        10,
        material=_("written conclusion of the vetting"),
        document=True,
    ),
    StepRule(
        "training",
        _("Intensive training done"),
        Stage.CANDIDATE,
        3,
        "细则第十七条",
        11,
        kind=TRAINING,
        material=_("certificate of the training"),
    ),
    # 四、预备党员的接收
    StepRule(
        "review",
        _("Branch committee examined the candidate"),
        Stage.CANDIDATE,
        4,
        "细则第十九条",
        12,
    ),
    StepRule(
        "prereview",
        _("Higher committee's preliminary review"),
        Stage.CANDIDATE,
        4,
        "细则第十九条",
        13,
    ),
    StepRule(
        "form",
        _("Application form (入党志愿书) filled in"),
        Stage.CANDIDATE,
        4,
        "细则第十九条、第二十条",
        14,
        material=_("the 入党志愿书"),
        document=True,
    ),
    StepRule(
        "vote",
        _("Branch general meeting voted to admit"),
        Stage.CANDIDATE,
        4,
        "细则第二十条至第二十二条",
        15,
        material=_("the meeting's resolution and vote count"),
    ),
    StepRule(
        "interview",
        _("Talk by the higher committee's envoy"),
        Stage.CANDIDATE,
        4,
        "细则第二十三条",
        16,
    ),
    StepRule(
        "approval",
        _("Higher committee approved"),
        Stage.PROBATIONARY,
        4,
        "细则第二十四条、第二十五条",
        17,
        deadline=("vote", 3),
        limit=("vote", 6),
        creates_member=True,
    ),
    StepRule(
        "approval_filed",
        _("Filed with the organisation department one level up"),
        Stage.PROBATIONARY,
        4,
        "细则第二十六条",
        18,
    ),
    # 五、预备党员的教育、考察和转正
    StepRule(
        "oath",
        _("Oath taken"),
        Stage.PROBATIONARY,
        5,
        "党章第六条、细则第二十八条",
        19,
    ),
    StepRule(
        "placed",
        _("Placed in a branch and a party group"),
        Stage.PROBATIONARY,
        5,
        "细则第二十九条",
        20,
    ),
    StepRule(
        "probation",
        _("Probation's education and examination"),
        Stage.PROBATIONARY,
        5,
        "细则第三十条",
        21,
        after_probation=True,
        material=_("quarterly examination records"),
    ),
    StepRule(
        "conversion_request",
        _("Asked to become a full member"),
        Stage.PROBATIONARY,
        5,
        "细则第三十一条",
        22,
        material=_("written request for full membership"),
        document=True,
    ),
    StepRule(
        "conversion_notice",
        _("Public notice before the full-membership vote"),
        Stage.PROBATIONARY,
        5,
        "细则第三十二条",
        kind=NOTICE,
    ),
    StepRule(
        "conversion_vote",
        _("Branch general meeting voted on full membership"),
        Stage.PROBATIONARY,
        5,
        "党章第七条、细则第三十二条",
        23,
        after_notice="conversion_notice",
        after_probation=True,
    ),
    StepRule(
        "confirmation",
        _("Confirmed as full member"),
        Stage.FULL,
        5,
        "细则第三十三条",
        24,
        deadline=("conversion_vote", 3),
    ),
    StepRule(
        "archive",
        _("Papers filed in the personnel file"),
        Stage.FULL,
        5,
        "细则第三十六条",
        25,
        material=_("application form, application, vetting, request and examination records"),
    ),
]

# Two decisions a branch may take during the 预备期, outside the sequence above (党章 第七条,
# 细则 第三十二条): extend it once by six months to a year, or cancel the membership. Each is
# a 支部大会 decision recorded with its date, like a step.
BRANCH_DECISIONS = [
    StepRule(
        "extension",
        _("Probation extended"),
        Stage.PROBATIONARY,
        5,
        "党章第七条、细则第三十二条",
        kind=EXTENSION,
        material=_("the general meeting's decision"),
    ),
    StepRule(
        "cancellation",
        _("Probationary membership cancelled"),
        Stage.CANCELLED,
        5,
        "党章第七条、细则第三十二条",
        material=_("the general meeting's decision"),
    ),
]
STEP_BY_CODE = {s.code: s for s in [*RECRUITMENT_STEPS, *BRANCH_DECISIONS]}
STEP_CHOICES = [(s.code, s.label) for s in [*RECRUITMENT_STEPS, *BRANCH_DECISIONS]]


class Applicant(models.Model):
    """A person on the way to membership, followed by their branch's secretary.

    Not a Member until the higher committee approves (then `member` links the new record);
    no portal account unless the secretary gives one (`user`).
    """

    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="applicants",
    )
    name = models.CharField(pgettext_lazy("applicant", "name"), max_length=50)
    gender = models.CharField(
        pgettext_lazy("applicant", "gender"),
        max_length=1,
        choices=[
            ("m", pgettext_lazy("applicant", "male")),
            ("f", pgettext_lazy("applicant", "female")),
        ],
        blank=True,
    )
    employee_no = models.CharField(
        pgettext_lazy("applicant", "employee number"), max_length=20, unique=True
    )
    # 年满十八岁 (党章 第一条) is checked against it when the application is recorded; empty
    # only on applicants recorded before the portal asked for it.
    birth_date = models.DateField(pgettext_lazy("applicant", "date of birth"), null=True)
    post = models.CharField(pgettext_lazy("applicant", "post"), max_length=100, blank=True)
    phone = models.CharField(pgettext_lazy("applicant", "phone"), max_length=20, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.APPLICANT
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("applicant", "account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applicant",
    )
    member = models.OneToOneField(
        "branches.Member",
        verbose_name=_("party member record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applicant",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Its reminders go with it: an inbox entry must not link to a deleted record.
    reminders = GenericRelation("reminders.Reminder")

    class Meta:
        db_table = "branches_applicant"
        verbose_name = pgettext_lazy("applicant", "applicant")
        verbose_name_plural = _("applicants")
        ordering = ["branch", "name"]
        indexes = [models.Index(fields=["branch", "stage"], name="applicant_branch_stage_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("affairs:applicant_detail", args=[self.pk])


class RecruitmentRecord(models.Model):
    """A step recorded for an applicant, with its date and documents; never edited.

    A correction is a new row with `corrects` pointing at the row it replaces (a new date or
    note), or with `reverses` set (the step is withdrawn). The current state of a step is its
    latest row.
    """

    applicant = models.ForeignKey(
        Applicant,
        verbose_name=pgettext_lazy("recruitment record", "applicant"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    step = models.CharField(_("step"), max_length=24, choices=STEP_CHOICES)
    done_on = models.DateField(_("date"))
    # A 公示 or the training runs from `started_on` to `done_on`.
    started_on = models.DateField(pgettext_lazy("recruitment record", "from"), null=True)
    # The training's 学时.
    hours = models.DecimalField(
        pgettext_lazy("recruitment record", "class hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
    )
    # The months by which the 支部大会 extended the 预备期.
    months = models.PositiveSmallIntegerField(
        pgettext_lazy("recruitment record", "months"), null=True
    )
    note = models.TextField(pgettext_lazy("recruitment record", "note"), blank=True)
    document = models.FileField(
        pgettext_lazy("recruitment record", "document"),
        upload_to=RandomName("recruitment"),
        blank=True,
        max_length=200,
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    reverses = models.BooleanField(_("withdraws the step"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("recruitment record", "recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        pgettext_lazy("recruitment record", "recorded"), auto_now_add=True
    )

    class Meta:
        db_table = "branches_recruitmentrecord"
        verbose_name = _("recruitment step")
        verbose_name_plural = _("recruitment steps")
        ordering = ["applicant", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses=False) | Q(corrects__isnull=False),
                name="recruitment_reversal_corrects_a_row",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(started_on__lte=models.F("done_on")),
                name="recruitment_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(months__isnull=True)
                | Q(months__gte=EXTENSION_MONTHS[0], months__lte=EXTENSION_MONTHS[1]),
                name="recruitment_extension_6_to_12_months",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} · {self.get_step_display()} {self.done_on}"


class RecruitmentPlan(models.Model):
    """The committee's 年度发展计划 for a branch: how many 发展对象 it is to name and how many
    预备党员 it is to admit (by the 支部大会's vote) in the year (细则 第三条: 有领导、有计划地
    进行). The recruitment list sets it against what the records show."""

    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="recruitment_plans",
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("recruitment plan", "year"))
    candidates = models.PositiveSmallIntegerField(
        pgettext_lazy("recruitment plan", "candidates to name")
    )
    admissions = models.PositiveSmallIntegerField(
        pgettext_lazy("recruitment plan", "members to admit")
    )
    note = models.CharField(pgettext_lazy("recruitment", "Note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("recruitment plan", "set by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(pgettext_lazy("recruitment plan", "set at"), auto_now=True)

    class Meta:
        verbose_name = _("annual recruitment plan")
        verbose_name_plural = _("annual recruitment plans")
        ordering = ["year", "branch"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="one_plan_per_branch_year"),
        ]

    def __str__(self):
        return f"{self.branch} {self.year}"


# 党费 ----------------------------------------------------------------------------------


# The rules below come from 中组部《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号,
# in force from 1 April 2008), cited as 《规定》 with its article beside each rule. Each is
# kept here once, as data; forms, services, pages and the reminder scans read it from here.
DUES_REGULATION = _("《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号)")


@dataclass(frozen=True)
class DuesRule:
    """A rule of the 党费 规定 as data: its value and the article it comes from."""

    value: object
    article: str


class DuesCategory(models.TextChoices):
    # 《规定》第一条、第二条: 按月领取工资的党员, the after-tax regular monthly pay.
    IN_SERVICE = "in_service", _("in service (monthly pay)")
    # 《规定》第三条: 实行年薪制人员中的党员, each month the pay actually received that month.
    ANNUAL_PAY = "annual_pay", _("annual salary (年薪制)")
    # 《规定》第五条: 离退休干部、职工, the whole pension actually received.
    RETIRED = "retired", _("retired")
    # 《规定》第六条: 学生, 下岗失业, 依靠抚恤或救济生活, 领取最低生活保障金: 0.2 yuan a month.
    NO_INCOME = "no_income", _("student, unemployed or on subsistence allowance")


# 《规定》第二条 (in service, and 第三条 年薪制 "参照第一条、第二条") and 第五条 (retired): the rate
# applies to the whole monthly income of the band it falls in (not progressively). A band's
# upper edge belongs to it: exactly 3,000 yuan pays 0.5 %, 3,000.01 pays 1 %.
# (upper bound in yuan or None, rate in percent)
DUES_BANDS = {
    DuesCategory.IN_SERVICE: [
        (Decimal("3000"), Decimal("0.5")),
        (Decimal("5000"), Decimal("1")),
        (Decimal("10000"), Decimal("1.5")),
        (None, Decimal("2")),
    ],
    DuesCategory.RETIRED: [
        (Decimal("5000"), Decimal("0.5")),
        (None, Decimal("1")),
    ],
}
DUES_BANDS_SOURCE = {
    DuesCategory.IN_SERVICE: _("《规定》第一条、第二条"),
    DuesCategory.ANNUAL_PAY: _("《规定》第三条"),
    DuesCategory.RETIRED: _("《规定》第五条"),
    DuesCategory.NO_INCOME: _("《规定》第六条"),
}
# The bands each category's income is read against.
BANDS_OF = {
    DuesCategory.IN_SERVICE: DuesCategory.IN_SERVICE,
    DuesCategory.ANNUAL_PAY: DuesCategory.IN_SERVICE,
    DuesCategory.RETIRED: DuesCategory.RETIRED,
}
# 《规定》第六条: 学生党员、下岗失业的党员、依靠抚恤或救济生活的党员、领取当地最低生活保障金的
# 党员, 每月交纳党费0.2元. An in-service member without income pays this, never 0.00.
NO_INCOME_DUES = Decimal("0.20")
# 《规定》第十一条: 补交党费的时间一般不得超过6个月 (months between the month paid for and the
# month it is paid in: six accepted, seven refused).
BACKPAY_LIMIT = DuesRule(6, _("《规定》第十一条"))
# 《规定》第十一条: 委托其亲属或者其他党员代为交纳 only 经党支部同意: a payment by proxy
# records who agreed for the branch and when.
PROXY_CONSENT = DuesRule(True, _("《规定》第十一条"))
# 《规定》第十一条: 党员应当……主动按月交纳党费: the member pays, the unit does not deduct it.
# Payroll deduction stays readable on old rows and is refused for new ones.
SELF_PAYMENT = DuesRule(True, _("《规定》第十一条"))
# Warnings about consecutive unpaid months: 《规定》第十三条 asks the branch to 批评教育,
# 限期改正 a member who does not pay; 党章第九条 (and 《规定》第十三条) treat 连续六个月不交纳
# 党费 without good reason as 自行脱党. The 6th month is the last reminder, never an act:
# the branch decides. (months unpaid, reminder kind, who is told, source)
UNPAID_WARNINGS = (
    DuesRule((3, "dues_unpaid_3", ("member", "secretaries")), _("《规定》第十三条")),
    DuesRule((6, "dues_unpaid_6", ("secretaries", "committee")), _("党章第九条、《规定》第十三条")),
)
MAX_MONTHLY_INCOME = Decimal("1000000")
CENT = Decimal("0.01")


def dues_for_income(income, category):
    """Monthly dues in yuan (rounded half-up to the fen) and the rate in percent applied."""
    if category == DuesCategory.NO_INCOME:
        return NO_INCOME_DUES, None
    for upper, rate in DUES_BANDS[BANDS_OF[category]]:
        if upper is None or income <= upper:
            return (income * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP), rate
    raise AssertionError("the last band is open-ended")  # pragma: no cover


def months_between(earlier, later):
    """Whole calendar months from `earlier`'s month to `later`'s (Jan → Jul: 6)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


class DuesBase(models.Model):
    """A member's declared monthly income from a month on, and the dues it gives.

    A new declaration (a raise, retirement, a correction) is a new row; the dues of a month
    come from the latest declaration in force that month.
    """

    member = models.ForeignKey(
        "branches.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="dues_bases",
    )
    category = models.CharField(
        _("category"), max_length=12, choices=DuesCategory.choices, default=DuesCategory.IN_SERVICE
    )
    income = models.DecimalField(
        _("monthly income (yuan)"),
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "In service: the regular monthly pay after tax. Annual salary: the pay actually "
            "received that month. Retired: the whole pension received (离退休费总额或养老金总额)."
        ),
    )
    monthly_dues = models.DecimalField(_("monthly dues (yuan)"), max_digits=9, decimal_places=2)
    rate = models.DecimalField(_("rate (%)"), max_digits=4, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(_("from month"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("dues base", "recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(pgettext_lazy("dues base", "recorded"), auto_now_add=True)

    class Meta:
        db_table = "branches_duesbase"
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        ordering = ["member", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(income__gte=0) & Q(income__lte=1000000), name="dues_base_income_range"
            ),
            models.CheckConstraint(condition=Q(valid_from__day=1), name="dues_base_from_month"),
        ]

    def __str__(self):
        return f"{self.member} {self.valid_from:%Y-%m} {self.monthly_dues}"


class PaymentMethod(models.TextChoices):
    """How the member paid. The member pays themselves (《规定》第十一条 主动交纳): in cash to
    the branch, by transfer to its account, or online. PAYROLL is kept only so that rows
    recorded before are still readable; it is not offered nor accepted for a new payment."""

    CASH = "cash", _("cash")
    TRANSFER = "transfer", _("bank transfer")
    WECHAT = "wechat", _("WeChat / Alipay")
    PAYROLL = "payroll", _("deducted from pay (no longer accepted)")


NEW_PAYMENT_METHODS = [
    (v, label) for v, label in PaymentMethod.choices if v != PaymentMethod.PAYROLL
]


class DuesPayment(models.Model):
    """Dues paid for one member and one month, or the reversal of such a payment.

    Never edited: a wrong payment is reversed by a row with `reverses` set (the negative
    amount), after which the month may be paid again (`attempt` + 1). The database keeps
    one payment per member, month and attempt.
    """

    member = models.ForeignKey(
        "branches.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="dues_payments",
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("collecting branch"),
        on_delete=models.PROTECT,
        related_name="dues_payments",
    )
    month = models.DateField(_("month"))
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    amount = models.DecimalField(
        pgettext_lazy("dues payment", "amount (yuan)"), max_digits=9, decimal_places=2
    )
    method = models.CharField(
        _("paid by"), max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    paid_on = models.DateField(_("paid on"))
    proxy = models.CharField(
        pgettext_lazy("dues payment", "paid on the member's behalf by"),
        max_length=50,
        blank=True,
        help_text=_("代缴: leave empty when the member paid themselves."),
    )
    # 《规定》第十一条: 代为交纳 经党支部同意. Required whenever `proxy` is set.
    proxy_consent_by = models.CharField(
        _("proxy agreed for the branch by"), max_length=50, blank=True, db_default=""
    )
    proxy_consent_on = models.DateField(_("proxy agreed on"), null=True, blank=True)
    note = models.CharField(pgettext_lazy("dues payment", "note"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("dues payment", "recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(pgettext_lazy("dues payment", "recorded"), auto_now_add=True)

    class Meta:
        db_table = "branches_duespayment"
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["member", "month", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month", "attempt"],
                condition=Q(reverses__isnull=True),
                name="dues_payment_once_per_month",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_payment_month_start"),
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="dues_payment_amount_sign",
            ),
            # 代缴 only with the branch's consent recorded (《规定》第十一条).
            models.CheckConstraint(
                condition=Q(proxy="")
                | (~Q(proxy_consent_by="") & Q(proxy_consent_on__isnull=False)),
                name="dues_payment_proxy_consented",
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "month"], name="dues_payment_branch_month_idx"),
            # A member's year of payments, read without the table: the committee's
            # collection adds up each member's (affairs.dues.queries.collection_by_branch).
            models.Index(
                fields=["member", "month"],
                include=["amount", "reverses"],
                name="dues_payment_member_month_idx",
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m} {self.amount}"


class DuesYear(models.Model):
    """A member's dues payments in one year, summed up: the months that stand paid (bit
    n - 1 for month n) and the amount of the year's rows, reversals included.

    The committee's collection reads 8,000 of these instead of 90,000 payments a year.
    Kept by database triggers on the payments (migration 0009), so every writer keeps it
    true; the portal never writes it. Months due depend on the declarations and on today,
    so they are worked out when read (`affairs.dues.queries.collection_by_branch`).
    """

    member = models.ForeignKey(
        "branches.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("dues year", "year"))
    paid_months = models.PositiveIntegerField(_("months paid (a bit a month)"), default=0)
    amount = models.DecimalField(
        pgettext_lazy("dues year", "amount (yuan)"), max_digits=12, decimal_places=2, default=0
    )

    class Meta:
        db_table = "branches_duesyear"
        verbose_name = _("dues year")
        verbose_name_plural = _("dues years")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="dues_year_unique"),
        ]

    def __str__(self):
        return f"{self.member_id} · {self.year}: {self.paid_months:012b} {self.amount}"


# 组织关系转接 ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferRule:
    value: object
    source: str


# 党员组织关系介绍信: valid for at most three months from issue (the letter's own notes, 中组部
# 《中国共产党党员组织关系介绍信》填写说明: 有效期最长不超过3个月), closed by the 回执.
LETTER_VALIDITY = TransferRule(3, _("《中国共产党党员组织关系介绍信》填写说明（中组部）"))


def letter_latest_valid_until(issued_on):
    """The last day a letter issued on `issued_on` may be valid until (7 Dec → 7 Mar)."""
    return add_months(issued_on, LETTER_VALIDITY.value)


class BranchMembership(models.Model):
    """A member's time in a branch: from `start` (inclusive) to `end` (exclusive, the day
    of the move) or open. Rosters and counts on a date read these rows; a member with no
    row has always been in their current branch (history starts with the first transfer).
    """

    member = models.ForeignKey(
        "branches.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start = models.DateField(pgettext_lazy("branch membership", "from"))
    end = models.DateField(pgettext_lazy("branch membership", "until"), null=True, blank=True)

    class Meta:
        db_table = "branches_branchmembership"
        verbose_name = _("branch membership")
        verbose_name_plural = _("branch memberships")
        ordering = ["member", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(end__isnull=True), name="membership_one_open"
            ),
        ]
        indexes = [models.Index(fields=["branch", "start", "end"], name="membership_branch_idx")]

    def __str__(self):
        return f"{self.member} · {self.branch} {self.start}–{self.end or ''}"


class Transfer(models.Model):
    """组织关系转接: a member's move to another branch or out of the company."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("to another branch")
        OUT = "out", _("out of the company")
        IN = "in", _("into the company")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACCEPTED = "accepted", pgettext_lazy("transfer", "accepted")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", pgettext_lazy("transfer", "cancelled")

    member = models.ForeignKey(
        "branches.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    kind = models.CharField(pgettext_lazy("transfer", "kind"), max_length=10, choices=Kind.choices)
    # Empty for a move into the company: the member came from outside (`origin`).
    from_branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("from branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("to branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination = models.CharField(
        _("receiving organisation"),
        max_length=100,
        blank=True,
        help_text=_("For a transfer out of the company: the party organisation receiving them."),
    )
    origin = models.CharField(
        _("sending organisation"),
        max_length=100,
        blank=True,
        help_text=_("For a move into the company: the party organisation that issued the letter."),
    )
    letter_no = models.CharField(_("letter number"), max_length=50, blank=True)
    # 组织关系介绍信: its dates and 党费交至 (moves out and in; a move inside the company
    # needs no letter). Validity at most `LETTER_VALIDITY` months, checked by the form and
    # the service; the database holds the order of the dates.
    letter_issued_on = models.DateField(_("letter issued on"), null=True, blank=True)
    letter_valid_until = models.DateField(_("letter valid until"), null=True, blank=True)
    dues_paid_until = models.DateField(
        _("dues paid up to"),
        null=True,
        blank=True,
        help_text=_("党费交至: the last month the member has paid dues for."),
    )
    # 回执: the receiving side's slip that closes a move out.
    receipt_on = models.DateField(_("receipt returned on"), null=True, blank=True)
    receipt_by = models.CharField(_("receipt signed by"), max_length=100, blank=True)
    reason = models.CharField(pgettext_lazy("transfer", "reason"), max_length=200, blank=True)
    status = models.CharField(
        pgettext_lazy("transfer", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.REQUESTED,
    )
    moved_on = models.DateField(_("moved on"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("transfer", "requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        db_table = "branches_transfer"
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="internal") & Q(to_branch__isnull=False) & Q(from_branch__isnull=False)
                )
                | (
                    Q(kind="out")
                    & Q(to_branch__isnull=True)
                    & Q(from_branch__isnull=False)
                    & ~Q(letter_no="")
                )
                | (
                    Q(kind="in")
                    & Q(to_branch__isnull=False)
                    & Q(from_branch__isnull=True)
                    & ~Q(letter_no="")
                ),
                name="transfer_destination_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(letter_valid_until__isnull=True)
                | Q(letter_issued_on__isnull=True)
                | Q(letter_valid_until__gte=models.F("letter_issued_on")),
                name="transfer_letter_valid_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(dues_paid_until__isnull=True) | Q(dues_paid_until__day=1),
                name="transfer_dues_paid_until_month",
            ),
            models.CheckConstraint(
                condition=Q(receipt_on__isnull=True) | Q(kind="out"),
                name="transfer_receipt_only_out",
            ),
            models.CheckConstraint(
                condition=~Q(to_branch=models.F("from_branch")), name="transfer_to_other_branch"
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="requested"), name="transfer_one_open"
            ),
        ]

    def __str__(self):
        return (
            f"{self.member} {self.from_branch or self.origin} → "
            f"{self.to_branch or self.destination}"
        )

    def get_absolute_url(self):
        return reverse("affairs:transfer_detail", args=[self.pk])

    def letter_expired(self, today):
        """A move out whose letter ran out with no 回执 back: flagged and reminded."""
        return (
            self.kind == self.Kind.OUT
            and self.status in (self.Status.REQUESTED, self.Status.ACCEPTED)
            and self.receipt_on is None
            and self.letter_valid_until is not None
            and self.letter_valid_until < today
        )

    @property
    def awaiting_receipt(self):
        return (
            self.kind == self.Kind.OUT
            and self.status == self.Status.ACCEPTED
            and (self.receipt_on is None)
        )


# 民主评议党员 ----------------------------------------------------------------------------


class Rating(models.TextChoices):
    """The four grades of 民主评议党员, best first."""

    EXCELLENT = "excellent", pgettext_lazy("rating", "excellent")
    QUALIFIED = "qualified", _("qualified")
    BASIC = "basic", _("basically qualified")
    UNQUALIFIED = "unqualified", _("unqualified")


@dataclass(frozen=True)
class AppraisalRule:
    value: object
    source: str


# 民主评议党员, as the 组织部门 ask it (quoted in 临洮县委组织部《民主评议党员应知应会问答》,
# 2022): “预备党员参加民主评议，但不评定等次，评定为‘优秀’的比例一般不超过党员总数的三分之一”,
# the total being the 正式党员 of the branch, who are the ones graded.
APPRAISAL_RULES_SOURCE = _(
    "中组部民主评议党员要求：优秀一般不超过党员总数的三分之一，预备党员不评定等次"
)
EXCELLENT_SHARE = AppraisalRule(3, APPRAISAL_RULES_SOURCE)
PROBATIONARY_NOT_GRADED = AppraisalRule(True, APPRAISAL_RULES_SOURCE)


def excellent_allowed(graded):
    """How many of `graded` members may be rated 优秀: a third, rounded down (10 → 3)."""
    return graded // EXCELLENT_SHARE.value


class Appraisal(models.Model):
    """A branch's yearly appraisal: open for ballots, then closed and settled.

    `year` is the 年度 it appraises, which may be the year before it is held (one held in
    January for last year counts for last year in compliance). A closed appraisal is that
    year's 民主评议 in compliance: no activity needs entering besides.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open for ballots")
        CLOSED = "closed", _("ballots closed")
        SETTLED = "settled", _("results settled")

    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("appraisal", "year"))
    status = models.CharField(
        pgettext_lazy("appraisal", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
    )
    opened_on = models.DateField(_("opened on"))
    participants = models.ManyToManyField(
        "branches.Member", verbose_name=_("participants"), related_name="appraisals"
    )
    # 预备党员 on the day it opened: they vote, and are neither rated nor graded.
    ungraded = models.ManyToManyField(
        "branches.Member",
        verbose_name=_("taking part without a grade"),
        related_name="+",
        blank=True,
    )

    class Meta:
        db_table = "branches_appraisal"
        verbose_name = pgettext_lazy("appraisal", "appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-year", "branch"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="appraisal_once_a_year"),
        ]

    def __str__(self):
        return f"{self.branch} {self.year}"

    def get_absolute_url(self):
        return reverse("affairs:appraisal_detail", args=[self.pk])


class BallotReceipt(models.Model):
    """Proof that a member cast their ballot, and the guard against a second one.

    It says nothing of how they voted, and carries no time: its random key gives it no
    place in an order either.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=pgettext_lazy("ballot receipt", "appraisal"),
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    voter = models.ForeignKey(
        "branches.Member", verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "branches_ballotreceipt"
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "voter"], name="ballot_once_per_voter"),
        ]

    def __str__(self):
        return f"{self.appraisal} · {self.voter}"


class VoteCount(models.Model):
    """How many ballots gave one participant one rating: the votes exist only as counts.

    The rows are made when the appraisal opens (every participant × every rating, at 0),
    and each ballot adds to them in ONE statement that rewrites every row of the appraisal
    (`cast_ballot`). So no row is added by a ballot (nothing to order by casting), and
    every row carries the last ballot's transaction id alike (PostgreSQL's xmin, shared
    with that ballot's receipt, says only that it came last, not what it gave). What is
    left is in docs/security.md.
    """

    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=pgettext_lazy("vote", "appraisal"),
        on_delete=models.PROTECT,
        related_name="counts",
    )
    subject = models.ForeignKey(
        "branches.Member",
        verbose_name=_("member rated"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rating = models.CharField(
        pgettext_lazy("vote", "rating"), max_length=12, choices=Rating.choices
    )
    ballots = models.PositiveIntegerField(pgettext_lazy("vote", "ballots"), default=0)

    class Meta:
        verbose_name = _("vote count")
        verbose_name_plural = _("vote counts")
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "subject", "rating"], name="vote_count_once"
            ),
        ]

    def __str__(self):
        return f"{self.appraisal} · {self.subject} · {self.get_rating_display()}: {self.ballots}"


class SelfAssessment(models.Model):
    """A member's own assessment: their summary and the grade they give themselves."""

    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=pgettext_lazy("self assessment", "appraisal"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    member = models.ForeignKey(
        "branches.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(
        pgettext_lazy("self assessment", "rating"), max_length=12, choices=Rating.choices
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        db_table = "branches_selfassessment"
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "member"], name="self_assessment_once"),
        ]

    def __str__(self):
        return f"{self.appraisal} · {self.member}"


class AppraisalResult(models.Model):
    """The grade the branch committee settles for a member, after counting the ballots."""

    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=pgettext_lazy("appraisal result", "appraisal"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    member = models.ForeignKey(
        "branches.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(
        pgettext_lazy("appraisal result", "rating"), max_length=12, choices=Rating.choices
    )
    note = models.CharField(pgettext_lazy("appraisal result", "note"), max_length=200, blank=True)

    class Meta:
        db_table = "branches_appraisalresult"
        verbose_name = _("appraisal result")
        verbose_name_plural = _("appraisal results")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "member"], name="appraisal_result_once"),
        ]

    def __str__(self):
        return f"{self.appraisal} · {self.member} {self.get_rating_display()}"


# 谈心谈话 --------------------------------------------------------------------------------

# 《中国共产党支部工作条例（试行）》第十九条: 党支部委员之间、党支部委员和党员之间、党员和党员之间，
# 每年谈心谈话一般不少于1次. A branch's coverage is its members with a talk in the year.
TALKS_PER_YEAR = AppraisalRule(1, _("《中国共产党支部工作条例（试行）》第十九条"))


class Talk(models.Model):
    """谈心谈话: one talk between two members of a branch.

    Who talked with whom and when is the branch's record; the gist is private to the two
    and the branch secretary (`hongjun.access.can_read_talk_gist`).
    """

    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="talks",
    )
    talker = models.ForeignKey(
        "branches.Member",
        verbose_name=pgettext_lazy("talk", "talked"),
        on_delete=models.PROTECT,
        related_name="talks_held",
    )
    talkee = models.ForeignKey(
        "branches.Member",
        verbose_name=pgettext_lazy("talk", "with"),
        on_delete=models.PROTECT,
        related_name="talks_had",
    )
    held_on = models.DateField(pgettext_lazy("talk", "held on"))
    gist = models.TextField(pgettext_lazy("talk", "gist"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("talk", "recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(pgettext_lazy("talk", "recorded"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("talk", "heart-to-heart talk")
        verbose_name_plural = _("heart-to-heart talks")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(talker=models.F("talkee")), name="talk_between_two"
            ),
        ]
        indexes = [models.Index(fields=["branch", "held_on"], name="talk_branch_held_idx")]

    def __str__(self):
        return f"{self.held_on} {self.talker} · {self.talkee}"

    def get_absolute_url(self):
        url = reverse("affairs:branch_talks", args=[self.branch_id])
        return f"{url}?year={self.held_on.year}"
