"""The organisation (党委 → 党总支 → 党支部 → 党小组, members, roles, member groups) and the
branches' activities with their attendance, evidence and cadence rules."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun import sealed, uploads
from hongjun.themes import Theme
from hongjun.uploads import RandomName

from . import records
from .records import ETHNIC_GROUPS


class Committee(models.Model):
    """党委: the company's party committee, the top of the tree."""

    name = models.CharField(pgettext_lazy("committee", "name"), max_length=100, unique=True)

    class Meta:
        verbose_name = pgettext_lazy("committee", "party committee")
        verbose_name_plural = _("party committees")

    def __str__(self):
        return self.name


class GeneralBranch(models.Model):
    """党总支: groups branches under the committee."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=pgettext_lazy("general branch", "party committee"),
        on_delete=models.PROTECT,
        related_name="general_branches",
    )
    name = models.CharField(pgettext_lazy("general branch", "name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("general branch", "order"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("general branch", "general branch")
        verbose_name_plural = _("general branches")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Branch(models.Model):
    """党支部: the unit whose secretary logs activities; under a 党总支 or the 党委 directly."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=pgettext_lazy("branch", "party committee"),
        on_delete=models.PROTECT,
        related_name="branches",
    )
    general_branch = models.ForeignKey(
        GeneralBranch,
        verbose_name=pgettext_lazy("branch", "general branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    name = models.CharField(pgettext_lazy("branch", "name"), max_length=100, unique=True)
    unit = models.CharField(
        _("work unit"),
        max_length=100,
        blank=True,
        help_text=_("The workshop or department the branch is built on."),
    )
    description = models.TextField(pgettext_lazy("branch", "description"), blank=True)
    meeting_place = models.CharField(_("usual meeting place"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("branch", "order"), default=0)

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:branch_detail", args=[self.pk])


class PartyGroup(models.Model):
    """党小组: a group of members inside a branch."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(pgettext_lazy("party group", "name"), max_length=100)
    leader = models.ForeignKey(
        "Member",
        verbose_name=_("group leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("party group", "party group")
        verbose_name_plural = _("party groups")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="party_group_unique_name"),
        ]

    def __str__(self):
        return self.name


class Member(models.Model):
    """党员: a party member, linked one-to-one to the account they log in with."""

    class Status(models.TextChoices):
        FULL = "full", pgettext_lazy("member", "full member")
        PROBATIONARY = "probationary", pgettext_lazy("member", "probationary member")

    class Gender(models.TextChoices):
        MALE = "m", pgettext_lazy("member", "male")
        FEMALE = "f", pgettext_lazy("member", "female")

    class Category(models.TextChoices):
        """人员类别 on the 党员信息采集表."""

        IN_SERVICE = "in_service", pgettext_lazy("member category", "in service")
        RETIRED = "retired", pgettext_lazy("member category", "retired")
        DISPATCHED = "dispatched", pgettext_lazy("member category", "agency worker")
        CONTRACT = "contract", pgettext_lazy("member category", "contract worker")
        OTHER = "other", pgettext_lazy("member category", "other")

    class Education(models.TextChoices):
        """学历, as the 党员信息采集表 lists them."""

        DOCTORATE = "doctorate", _("doctorate")
        MASTER = "master", _("master's degree")
        BACHELOR = "bachelor", _("university (bachelor)")
        COLLEGE = "college", _("junior college")
        TECHNICAL = "technical", _("technical secondary school")
        HIGH_SCHOOL = "high_school", _("senior high school")
        BELOW = "below", _("junior high school or below")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("member", "account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(pgettext_lazy("member", "name"), max_length=50)
    gender = models.CharField(
        pgettext_lazy("member", "gender"), max_length=1, choices=Gender.choices, blank=True
    )
    employee_no = models.CharField(
        pgettext_lazy("member", "employee number"), max_length=20, unique=True
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="members"
    )
    party_group = models.ForeignKey(
        PartyGroup,
        verbose_name=pgettext_lazy("member", "party group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    status = models.CharField(
        pgettext_lazy("member", "status"),
        max_length=16,
        choices=Status.choices,
        default=Status.FULL,
    )
    joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    full_member_on = models.DateField(
        _("became a full member on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the probation ended in full membership; party standing counts from it."
        ),
    )
    introducers = models.CharField(
        _("introducers"),
        max_length=100,
        blank=True,
        help_text=_("The two full members who introduced them, separated by a comma."),
    )
    post = models.CharField(pgettext_lazy("member", "post"), max_length=100, blank=True)
    category = models.CharField(
        _("personnel category"),
        max_length=16,
        choices=Category.choices,
        default=Category.IN_SERVICE,
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.CharField(
        _("ethnic group"),
        max_length=10,
        choices=[(name, name) for name in ETHNIC_GROUPS],
        blank=True,
    )
    native_place = models.CharField(_("native place"), max_length=50, blank=True)
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True
    )
    # The 身份证号, sealed (hongjun.sealed): read it through `id_number`, shown masked;
    # the fingerprint keeps it unique without opening every row.
    id_number_sealed = models.TextField(_("identity card number (sealed)"), blank=True)
    id_number_fingerprint = models.CharField(
        _("identity card number fingerprint"), max_length=64, blank=True, editable=False
    )
    phone = models.CharField(pgettext_lazy("member", "phone"), max_length=20, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Off once the member has left the company.")
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["branch", "name"]
        indexes = [models.Index(fields=["branch", "is_active"], name="member_branch_active_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_fingerprint"],
                condition=~Q(id_number_fingerprint=""),
                name="member_unique_id_number",
            ),
            models.CheckConstraint(
                condition=Q(full_member_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(full_member_on__gte=models.F("joined_on")),
                name="member_full_after_joining",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:member_detail", args=[self.pk])

    @property
    def id_number(self):
        """The clear 身份证号 (opens the seal: show it only through `access.can_see_id_number`)."""
        return sealed.open_sealed(self.id_number_sealed)

    @id_number.setter
    def id_number(self, clear):
        self.id_number_sealed = sealed.seal(clear)
        self.id_number_fingerprint = sealed.fingerprint(clear)

    @property
    def id_number_masked(self):
        return records.mask_id_number(self.id_number)

    def party_standing(self, on):
        """党龄 in whole years on `on` (党章 第七条: from 转正); None for a 预备党员."""
        if self.status != self.Status.FULL:
            return None
        return records.party_standing(self.full_member_on, on)


class Role(models.Model):
    """An office a member holds: in a branch (书记, 副书记, 支委) or on the 党委.

    Access rules read these rows; see `hongjun.access`.
    """

    class Kind(models.TextChoices):
        SECRETARY = "secretary", _("branch secretary")
        DEPUTY = "deputy", _("deputy secretary")
        BRANCH_COMMITTEE = "branch_committee", _("branch committee member")
        PARTY_COMMITTEE = "party_committee", pgettext_lazy("role", "party committee")

    BRANCH_KINDS = (Kind.SECRETARY, Kind.DEPUTY, Kind.BRANCH_COMMITTEE)
    # The 支部委员会's 委员 are these (the meeting's roster: `COMMITTEE_ROLE_KINDS`).

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    # The 支部委员会 election this 委员 was elected at (a by-election 补选 links to the
    # term's election: the 委员 serves until it ends). Empty for roles recorded before
    # elections were, and for the 党委 role.
    election = models.ForeignKey(
        "CommitteeElection",
        verbose_name=_("elected at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roles",
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    title = models.CharField(
        pgettext_lazy("role", "title"),
        max_length=50,
        blank=True,
        help_text=_("For example 组织委员 or 党建工作部部长."),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="party_committee", branch__isnull=True)
                | (~Q(kind="party_committee") & Q(branch__isnull=False)),
                name="role_branch_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["branch"],
                condition=Q(kind="secretary"),
                name="role_one_secretary_per_branch",
            ),
            models.UniqueConstraint(fields=["member", "kind", "branch"], name="role_unique"),
        ]

    def __str__(self):
        label = self.title or self.get_kind_display()
        return f"{self.member} · {self.branch or ''} {label}".replace("  ", " ")


# 支部委员会 terms: 《中国共产党支部工作条例（试行）》第二十一条: 村、社区党支部委员会每届任期5年，
# 其他基层单位党支部委员会一般每届任期3年 (党章 第三十一条: 三年至五年). The company's branches
# are 其他基层单位: three years.
COMMITTEE_TERM_YEARS = 3
COMMITTEE_TERM_SOURCE = _("《中国共产党支部工作条例（试行）》第二十一条")


class CommitteeElection(models.Model):
    """A 支部委员会 election (换届选举) at the branch's 党员大会: when, for how long, and,
    through its `roles`, who was elected to what. The branch's current term is its latest
    election's."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="elections"
    )
    held_on = models.DateField(_("election held on"))
    term_years = models.PositiveSmallIntegerField(_("term in years"), default=COMMITTEE_TERM_YEARS)
    ends_on = models.DateField(_("term ends on"))
    note = models.TextField(pgettext_lazy("election", "note"), blank=True)
    created_at = models.DateTimeField(pgettext_lazy("election", "recorded at"), auto_now_add=True)
    reminders = GenericRelation("reminders.Reminder")

    class Meta:
        verbose_name = _("branch committee election")
        verbose_name_plural = _("branch committee elections")
        ordering = ["branch", "-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("held_on")), name="election_ends_after_held"
            ),
            models.CheckConstraint(
                condition=Q(term_years__gte=1, term_years__lte=5), name="election_term_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["ends_on"], name="election_ends_on_idx")]

    def __str__(self):
        return f"{self.branch} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("branches:branch_detail", args=[self.branch_id])


class TrainingRecord(models.Model):
    """A member's training outside the branch's activities and 三学 (党校, 集中轮训, 网络
    培训): its 学时 count towards the year's (`branches.hours`)."""

    class Kind(models.TextChoices):
        PARTY_SCHOOL = "party_school", _("party school")
        CENTRALISED = "centralised", _("centralised training")
        ONLINE = "online", _("online training")
        OTHER = "other", pgettext_lazy("training", "other")

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="trainings"
    )
    kind = models.CharField(pgettext_lazy("training", "kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("training", "title"), max_length=200)
    organiser = models.CharField(_("organised by"), max_length=100, blank=True)
    started_on = models.DateField(pgettext_lazy("training", "date"))
    hours = models.DecimalField(_("study hours"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(pgettext_lazy("training", "recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=400), name="training_hours_range"
            ),
        ]
        indexes = [models.Index(fields=["started_on"], name="training_started_idx")]

    def __str__(self):
        return f"{self.member} · {self.title}"


class ModelPost(models.Model):
    """党员示范岗: a post where party members set the example."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="model_posts"
    )
    name = models.CharField(pgettext_lazy("model post", "name"), max_length=100)
    description = models.TextField(pgettext_lazy("model post", "description"), blank=True)
    established_on = models.DateField(
        pgettext_lazy("model post", "established on"), null=True, blank=True
    )
    members = models.ManyToManyField(
        Member,
        verbose_name=pgettext_lazy("model post", "members"),
        blank=True,
        related_name="model_posts",
    )

    class Meta:
        verbose_name = _("model post")
        verbose_name_plural = _("model posts")
        ordering = ["branch", "name"]

    def __str__(self):
        return self.name


class ShockTeam(models.Model):
    """党员突击队: members gathered for a hard task, often across branches."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="shock_teams"
    )
    name = models.CharField(pgettext_lazy("shock team", "name"), max_length=100)
    purpose = models.TextField(_("purpose"), blank=True)
    leader = models.ForeignKey(
        Member,
        verbose_name=pgettext_lazy("shock team", "leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    established_on = models.DateField(
        pgettext_lazy("shock team", "established on"), null=True, blank=True
    )
    members = models.ManyToManyField(
        Member,
        verbose_name=pgettext_lazy("shock team", "members"),
        blank=True,
        related_name="shock_teams",
    )

    class Meta:
        verbose_name = _("shock team")
        verbose_name_plural = _("shock teams")
        ordering = ["branch", "name"]

    def __str__(self):
        return self.name


# Activities (组织生活) -----------------------------------------------------------------


class ActivityKind(models.TextChoices):
    """The kinds of branch activity: 三会一课, 主题党日 and the brand's own formats."""

    GENERAL_MEETING = "general_meeting", _("branch general meeting")
    COMMITTEE_MEETING = "committee_meeting", _("branch committee meeting")
    GROUP_MEETING = "group_meeting", _("party group meeting")
    PARTY_LECTURE = "party_lecture", _("party lecture")
    THEME_DAY = "theme_day", _("themed party day")
    LIFE_MEETING = "life_meeting", _("organisational life meeting")
    APPRAISAL = "appraisal", _("democratic appraisal of members")
    FOUR_STUDIES = "four_studies", _("four studies, one discussion")
    VANGUARD_PRACTICE = "vanguard_practice", _("members' vanguard practice")
    RED_COLLAR_LECTURE = "red_collar_lecture", _("Red Collar lecture hall")
    SAFETY_TALK = "safety_talk", _("members talk safety")
    SAFETY_QUIZ = "safety_quiz", _("safety knowledge contest")
    OTHER = "other", _("other activity")


# The meetings that open with 第一议题 (三会 and the 主题党日): its coverage counts these.
FIRST_TOPIC_KINDS = (
    ActivityKind.GENERAL_MEETING,
    ActivityKind.COMMITTEE_MEETING,
    ActivityKind.GROUP_MEETING,
    ActivityKind.THEME_DAY,
)


# 支部委员会: a meeting of the branch's 委员 (书记, 副书记 and the 委员 such as 组织委员,
# 宣传委员, 纪检委员), not of its members; 《中国共产党支部工作条例（试行）》第十二条:
# 党支部委员会会议须有半数以上委员到会方可进行. "More than half": exactly half is not enough.
COMMITTEE_ONLY_KINDS = (ActivityKind.COMMITTEE_MEETING,)
COMMITTEE_ROLE_KINDS = ("secretary", "deputy", "branch_committee")  # Role.BRANCH_KINDS
COMMITTEE_QUORUM_SOURCE = _("《中国共产党支部工作条例（试行）》第十二条")


def committee_quorum_met(present, expected):
    """Whether a 支部委员会 may proceed: more than half of its 委员 present."""
    return expected > 0 and present * 2 > expected


class Activity(models.Model):
    """One branch activity: a meeting, a lecture, a themed day; planned or held.

    Only held activities count towards the cadence and carry attendance; a planned one is on
    the calendar as upcoming until the secretary records it as held.
    """

    class Status(models.TextChoices):
        HELD = "held", pgettext_lazy("activity", "held")
        PLANNED = "planned", _("planned")

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(
        pgettext_lazy("activity", "kind"), max_length=24, choices=ActivityKind.choices
    )
    theme = models.CharField(
        pgettext_lazy("activity", "theme"), max_length=16, choices=Theme.choices
    )
    status = models.CharField(
        _("held or planned"), max_length=8, choices=Status.choices, default=Status.HELD
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(pgettext_lazy("activity", "place"), max_length=100)
    host = models.ForeignKey(
        Member,
        verbose_name=pgettext_lazy("activity", "host"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_activities",
    )
    party_group = models.ForeignKey(
        PartyGroup,
        verbose_name=pgettext_lazy("activity", "party group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text=_("For a party group meeting: only this group's members attend."),
    )
    topic = models.CharField(pgettext_lazy("activity", "topic"), max_length=200)
    # 组织生活会 and 民主评议 are held for a 年度, often early the next year: they count for
    # this year (`branches.cadences.FOR_YEAR_KINDS`). Empty: the year it was held.
    for_year = models.PositiveSmallIntegerField(
        _("for the year"),
        null=True,
        blank=True,
        help_text=_("Organisational life meeting or appraisal only: the year it is held for."),
    )
    content = models.TextField(_("content or minutes"), blank=True)
    first_topic = models.BooleanField(_("first agenda item held"), default=False)
    first_topic_text = models.TextField(_("studied as the first agenda item"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("activity", "recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("activity", "recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Its reminders go with it: an inbox entry must not link to a deleted record.
    reminders = GenericRelation("reminders.Reminder")

    class Meta:
        verbose_name = pgettext_lazy("activity", "activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(first_topic=True) | Q(first_topic_text=""),
                name="activity_first_topic_text_needs_flag",
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "starts_at"], name="activity_branch_start_idx"),
            models.Index(
                fields=["branch", "kind", "starts_at"],
                condition=Q(status="held"),
                name="activity_held_cadence_idx",
            ),
            # The company's counts by branch, kind and month (compliance matrix, dashboard):
            # an index-only scan of the period instead of reading every wide activity row.
            models.Index(
                fields=["starts_at"],
                include=["branch", "kind", "id"],
                condition=Q(status="held"),
                name="activity_held_month_idx",
            ),
            # The dashboard's list of the company's activities, newest first: a page read
            # from the index instead of sorting every activity of the scope.
            models.Index(fields=["-starts_at", "-id"], name="activity_start_idx"),
        ]

    def __str__(self):
        day = timezone.localtime(self.starts_at).date()
        return f"{day:%Y-%m-%d} {self.get_kind_display()} {self.topic}"

    def get_absolute_url(self):
        return reverse("branches:activity_detail", args=[self.pk])

    @property
    def heading(self):
        """The kind and the topic ("主题党日：重温入党誓词"), the kind said once even when the
        topic already starts with it (as secretaries often type it)."""
        kind = str(self.get_kind_display())
        topic = self.topic.strip()
        for sep in ("：", ":", " "):
            if topic.startswith(kind + sep):
                topic = topic[len(kind) + 1 :].strip()
        return f"{kind}：{topic}" if topic else kind

    @property
    def is_upcoming(self):
        return self.starts_at > timezone.now()


class Attendance(models.Model):
    """Whether one member attended one held activity; excused and absent need a reason."""

    class Status(models.TextChoices):
        PRESENT = "present", pgettext_lazy("attendance", "present")
        EXCUSED = "excused", pgettext_lazy("attendance", "excused")
        ABSENT = "absent", pgettext_lazy("attendance", "absent")

    activity = models.ForeignKey(
        Activity,
        verbose_name=pgettext_lazy("attendance", "activity"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("attendance"), max_length=8, choices=Status.choices, default=Status.PRESENT
    )
    reason = models.CharField(pgettext_lazy("attendance", "reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="attendance_unique_member"),
            models.CheckConstraint(
                condition=Q(status="present") | ~Q(reason=""),
                name="attendance_reason_unless_present",
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"


class ActivityTally(models.Model):
    """How many were present, excused and absent at one activity: a summary for the
    dashboard, which adds up a year of a company's attendance (a million rows) from these.

    Kept by database triggers on the attendance table (migration 0005), so every writer
    (services, bulk inserts, COPY, the admin) keeps it true; the portal never writes it.
    An activity without attendance has no row.
    """

    activity = models.OneToOneField(
        Activity,
        verbose_name=pgettext_lazy("activity tally", "activity"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="tally",
    )
    present = models.PositiveIntegerField(pgettext_lazy("activity tally", "present"), default=0)
    excused = models.PositiveIntegerField(pgettext_lazy("activity tally", "excused"), default=0)
    absent = models.PositiveIntegerField(pgettext_lazy("activity tally", "absent"), default=0)

    class Meta:
        verbose_name = _("attendance tally")
        verbose_name_plural = _("attendance tallies")

    def __str__(self):
        return f"{self.activity_id}: {self.present}/{self.excused}/{self.absent}"


class ActivityMonth(models.Model):
    """A branch's held activities of one kind and 党建+X theme in one calendar month (local
    time): how many, how many opened with 第一议题, and their attendance. The dashboard and
    the compliance matrix add these up: a company's year is about 9,000 rows instead of
    12,000 activities and their tallies, and the sums are done by the database.

    A row per (branch, month, kind, theme), so a new kind or theme is a new value, not a new
    column. Kept by database triggers on the activity and tally tables (the summary spec in
    migration 0010, written out by `hongjun.summaries`): a change recounts the
    (branch, month) it touches, before and after, so every writer keeps it true and the
    portal never writes it. A month without a held activity has no rows.
    """

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))
    kind = models.CharField(
        pgettext_lazy("activity month", "activity kind"),
        max_length=24,
        choices=ActivityKind.choices,
    )
    theme = models.CharField(
        pgettext_lazy("activity month", "theme"), max_length=16, choices=Theme.choices
    )
    held = models.PositiveIntegerField(pgettext_lazy("activity month", "held"), default=0)
    # Every held activity with the box ticked; readers count it for FIRST_TOPIC_KINDS only.
    first_topic = models.PositiveIntegerField(
        _("activities that opened with the first agenda item"), default=0
    )
    present = models.PositiveIntegerField(pgettext_lazy("activity month", "present"), default=0)
    excused = models.PositiveIntegerField(pgettext_lazy("activity month", "excused"), default=0)
    absent = models.PositiveIntegerField(pgettext_lazy("activity month", "absent"), default=0)

    class Meta:
        verbose_name = _("monthly activity summary")
        verbose_name_plural = _("monthly activity summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "month", "kind", "theme"], name="activity_month_unique"
            ),
        ]
        # The dashboard and the matrix read every branch's months of a period.
        indexes = [models.Index(fields=["month"], name="activity_month_month_idx")]

    def __str__(self):
        return f"{self.branch_id} {self.month:%Y-%m} {self.kind} {self.theme}: {self.held}"


class ActivityAttachment(models.Model):
    """Evidence of an activity: photos, the sign-in sheet, the minutes (image or PDF)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", pgettext_lazy("activity attachment", "photo")
        SIGN_IN = "sign_in", _("sign-in sheet")
        MINUTES = "minutes", _("minutes")

    activity = models.ForeignKey(
        Activity,
        verbose_name=pgettext_lazy("activity attachment", "activity"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(
        pgettext_lazy("activity attachment", "kind"), max_length=8, choices=Kind.choices
    )
    file = models.FileField(
        pgettext_lazy("activity attachment", "file"), upload_to=RandomName("activities")
    )
    original_name = models.CharField(
        pgettext_lazy("activity attachment", "file name"), max_length=200
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    uploaded_at = models.DateTimeField(
        pgettext_lazy("activity attachment", "uploaded at"), auto_now_add=True
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "id"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return uploads.is_image(self.file)


class Cadence(models.Model):
    """The minimum number of held activities of one kind per month, quarter or year.

    Data, not code: the committee edits these rows in the admin; the defaults (支部工作条例
    and 三会一课, with their sources) are `branches.cadences.DEFAULTS`, seeded by a data
    migration. `branches.compliance` reads these rows.
    """

    class Period(models.TextChoices):
        MONTH = "month", _("monthly")
        QUARTER = "quarter", _("quarterly")
        YEAR = "year", _("yearly")

    kind = models.CharField(
        pgettext_lazy("cadence", "activity kind"), max_length=24, choices=ActivityKind.choices
    )
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    minimum = models.PositiveSmallIntegerField(_("minimum per period"), default=1)
    order = models.PositiveSmallIntegerField(pgettext_lazy("cadence", "order"), default=0)

    class Meta:
        verbose_name = _("cadence rule")
        verbose_name_plural = _("cadence rules")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], name="cadence_one_rule_per_kind"),
            models.CheckConstraint(condition=Q(minimum__gte=1), name="cadence_minimum_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_period_display()} ≥ {self.minimum}"


class CalendarToken(models.Model):
    """The secret in a member's private .ics feed URL; revoking it ends the subscription."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(
        pgettext_lazy("calendar token", "created at"), auto_now_add=True
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_active",
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.created_at:%Y-%m-%d}"
