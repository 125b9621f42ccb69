"""谈心谈话 reads: a branch's talks of a year and its coverage against its members."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from affairs.models import TALKS_PER_YEAR, Talk
from branches.models import Member


def _talked(year):
    """Whether the member (OuterRef) had a talk in `year`, either side of it."""
    return Exists(
        Talk.objects.filter(Q(talker=OuterRef("pk")) | Q(talkee=OuterRef("pk")), held_on__year=year)
    )


@dataclass
class Coverage:
    branch: object
    members: int
    covered: int

    @property
    def percent(self):
        return round(100 * self.covered / self.members) if self.members else None

    @property
    def complete(self):
        return self.members > 0 and self.covered >= self.members


def coverage(branches, year):
    """Per branch (in order): its active members and how many had a talk in `year` (the
    条例 asks at least `TALKS_PER_YEAR` each). Two queries whatever the number of branches,
    members or talks."""
    branches = list(branches)
    counts = {
        row["branch"]: row
        for row in Member.objects.filter(branch__in=branches, is_active=True)
        .annotate(talked=_talked(year))
        .values("branch")
        .annotate(total=Count("pk"), covered=Count("pk", filter=Q(talked=True)))
        .order_by()
    }
    return [
        Coverage(b, counts.get(b.pk, {}).get("total", 0), counts.get(b.pk, {}).get("covered", 0))
        for b in branches
    ]


def members_without_talk(branch, year):
    """The branch's active members with no talk in `year`, by name (one query)."""
    return list(
        Member.objects.filter(branch=branch, is_active=True).exclude(_talked(year)).order_by("name")
    )


def talks_of(talks, year):
    """Talks of `year`, newest first, with the two members (one query)."""
    return list(
        talks.filter(held_on__year=year)
        .select_related("talker", "talkee", "branch")
        .order_by("-held_on", "-id")
    )


RULE = TALKS_PER_YEAR
