"""The organisation: 党委 → 党总支 → 党支部 → 党小组, members, roles and member groups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Committee(models.Model):
    """党委: the company's party committee, the top of the tree."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("party committee")
        verbose_name_plural = _("party committees")

    def __str__(self):
        return self.name


class GeneralBranch(models.Model):
    """党总支: groups branches under the committee."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("party committee"),
        on_delete=models.PROTECT,
        related_name="general_branches",
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("general branch")
        verbose_name_plural = _("general branches")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Branch(models.Model):
    """党支部: the unit whose secretary logs activities; under a 党总支 or the 党委 directly."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("party committee"),
        on_delete=models.PROTECT,
        related_name="branches",
    )
    general_branch = models.ForeignKey(
        GeneralBranch,
        verbose_name=_("general branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    unit = models.CharField(
        _("work unit"),
        max_length=100,
        blank=True,
        help_text=_("The workshop or department the branch is built on."),
    )
    description = models.TextField(_("description"), blank=True)
    meeting_place = models.CharField(_("usual meeting place"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

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
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        "Member",
        verbose_name=_("group leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("party group")
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
        FULL = "full", _("full member")
        PROBATIONARY = "probationary", _("probationary member")

    class Gender(models.TextChoices):
        MALE = "m", _("male")
        FEMALE = "f", _("female")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    employee_no = models.CharField(_("employee number"), max_length=20, unique=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="members"
    )
    party_group = models.ForeignKey(
        PartyGroup,
        verbose_name=_("party group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.FULL
    )
    joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Off once the member has left the company.")
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["branch", "name"]
        indexes = [models.Index(fields=["branch", "is_active"], name="member_branch_active_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:member_detail", args=[self.pk])


class Role(models.Model):
    """An office a member holds: in a branch (书记, 副书记, 支委) or on the 党委.

    Access rules read these rows; see `hongjun.access`.
    """

    class Kind(models.TextChoices):
        SECRETARY = "secretary", _("branch secretary")
        DEPUTY = "deputy", _("deputy secretary")
        BRANCH_COMMITTEE = "branch_committee", _("branch committee member")
        PARTY_COMMITTEE = "party_committee", _("party committee")

    BRANCH_KINDS = (Kind.SECRETARY, Kind.DEPUTY, Kind.BRANCH_COMMITTEE)

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
    )
    title = models.CharField(
        _("title"),
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


class ModelPost(models.Model):
    """党员示范岗: a post where party members set the example."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="model_posts"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), blank=True, related_name="model_posts"
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
    name = models.CharField(_("name"), max_length=100)
    purpose = models.TextField(_("purpose"), blank=True)
    leader = models.ForeignKey(
        Member,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), blank=True, related_name="shock_teams"
    )

    class Meta:
        verbose_name = _("shock team")
        verbose_name_plural = _("shock teams")
        ordering = ["branch", "name"]

    def __str__(self):
        return self.name


from .affairs_models import *  # noqa: E402,F403
