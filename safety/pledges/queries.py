"""Reads for the pledge and zone pages, the home page and the branch page, queries decided here."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.utils import timezone

from branches.models import Member
from hongjun.subqueries import count_of

from ..models import PledgeSignature, PledgeVersion, SafetyZone, Violation
from . import chain


def published_versions():
    """Published versions, newest first: the first is the one in force."""
    return PledgeVersion.objects.filter(published_at__isnull=False).order_by("-published_at", "-id")


def current_version():
    """The pledge in force: the latest published version, or None (one query)."""
    return published_versions().first()


def pledge_prompt(member):
    """The current version if `member` has not signed it yet, else None (one query).

    Feeds the card at the top of the home page.
    """
    if member is None:
        return None
    version = (
        published_versions()
        .annotate(
            signed=Exists(PledgeSignature.objects.filter(version=OuterRef("pk"), member=member))
        )
        .first()
    )
    return None if version is None or version.signed else version


def sign_page(member):
    """The current version with `my_signature_id` (the member's signature of it, or None).

    One query; None when nothing is published.
    """
    return (
        published_versions()
        .annotate(
            my_signature_id=Subquery(
                PledgeSignature.objects.filter(version=OuterRef("pk"), member=member).values("pk")[
                    :1
                ]
            )
        )
        .first()
    )


def versions_overview(versions):
    """Versions with their number of signatures and who published them (one query).

    The count is a subquery a version, an index-only scan of its signatures: a COUNT over
    the join grouped a company's 37,000 signatures with both users' columns (70 ms).
    """
    return versions.select_related("published_by__member", "created_by").annotate(
        signature_count=count_of(PledgeSignature.objects.all(), "version")
    )


def receipt(signatures, pk):
    """One signature with its version, member and branch (one query)."""
    return signatures.select_related("version", "member__branch").get(pk=pk)


@dataclass
class Verdict:
    signature: PledgeSignature | None
    wrong: list

    @property
    def intact(self):
        return self.signature is not None and not self.wrong


def verify_code(code):
    """The verdict on one verification code (two queries): intact, broken, or unknown."""
    code = chain.normalize_code(code)
    signature = (
        PledgeSignature.objects.select_related("version", "member__branch")
        .filter(code=code)
        .first()
        if code
        else None
    )
    if signature is None:
        return Verdict(None, ["unknown"])
    neighbours = {
        s.seq: s
        for s in PledgeSignature.objects.filter(
            seq__in=[signature.seq - 1, signature.seq + 1]
        ).only("seq", "digest", "prev_digest")
    }
    wrong = chain.check_one(
        signature, neighbours.get(signature.seq - 1), neighbours.get(signature.seq + 1)
    )
    return Verdict(signature, wrong)


def branch_rates(version, branches):
    """Branches with active `member_count`, `signed_count` of `version` and `rate` (one query).

    One join to this version's signatures (at most one a member, so no DISTINCT), grouped
    by branch: a subquery per branch read the version's signatures once per branch, 2 s
    for 150 branches and 8,000 members (docs/performance.md).
    """
    rows = list(
        branches.select_related("general_branch")
        .annotate(
            this_version=FilteredRelation(
                "members__pledge_signatures",
                condition=Q(members__pledge_signatures__version=version),
            ),
            active_count=Count("members", filter=Q(members__is_active=True)),
            signed_count=Count("this_version", filter=Q(members__is_active=True)),
        )
        .order_by("order", "name")
    )
    for row in rows:
        row.unsigned_count = row.active_count - row.signed_count
        row.rate = round(100 * row.signed_count / row.active_count) if row.active_count else 0
    return rows


def totals(rows):
    """The committee's headline: members, signed, rate over `branch_rates` rows."""
    members = sum(r.active_count for r in rows)
    signed = sum(r.signed_count for r in rows)
    return {
        "members": members,
        "signed": signed,
        "unsigned": members - signed,
        "rate": round(100 * signed / members) if members else 0,
    }


def branch_signers(version, branch):
    """The branch's active members, unsigned first, each with `.signature` or None (2 queries)."""
    members = list(
        Member.objects.filter(branch=branch, is_active=True)
        .select_related("party_group")
        .prefetch_related(
            Prefetch(
                "pledge_signatures",
                queryset=PledgeSignature.objects.filter(version=version).only(
                    "pk", "member_id", "signed_at", "version_id"
                ),
                to_attr="signatures_of_version",
            )
        )
        .order_by("name")
    )
    for m in members:
        m.signature = m.signatures_of_version[0] if m.signatures_of_version else None
    members.sort(key=lambda m: (m.signature is not None, m.name))
    return members


# Zones ------------------------------------------------------------------------------


def _zone_rows(zones):
    """Zones with their last violation, number of violations and active responsible members.

    The violation figures are subqueries a zone, which PostgreSQL works out for the rows
    read only (a page of 50 of a company's 450 zones) from the index on (zone, date);
    a MAX and COUNT over the join grouped every zone first.
    """
    violations = Violation.objects.all()
    last = violations.filter(zone=OuterRef("pk")).order_by("-occurred_on")
    return zones.annotate(
        last_violation=Subquery(last.values("occurred_on")[:1]),
        violation_count=count_of(violations, "zone"),
    ).prefetch_related(
        Prefetch("responsible", queryset=Member.objects.filter(is_active=True).order_by("name"))
    )


def _streaks(zones, today):
    """Each zone's `since` (its last violation or its start) and `days` without violation."""
    zones = list(zones)
    for zone in zones:
        zone.since = max(filter(None, [zone.last_violation, zone.established_on]))
        zone.days = max((today - zone.since).days, 0)
    return zones


def _with_streaks(zones, today):
    return _streaks(_zone_rows(zones), today)


def zone_streaks(branch, today=None):
    """The branch's zones and responsible members with their days without violation.

    A zone counts from its last violation (or from the day it was set up); a member counts
    the fewest days over the zones they answer for, so a violation in any of their zones
    restarts their count. Two queries, whatever the number of zones and members; feeds the
    section of the branch page.
    """
    today = today or timezone.localdate()
    zones = _with_streaks(branch.safety_zones.order_by("name"), today)
    people = {}
    for zone in zones:
        for member in zone.responsible.all():
            entry = people.setdefault(member.pk, {"member": member, "days": zone.days, "zones": []})
            entry["days"] = min(entry["days"], zone.days)
            entry["zones"].append(zone)
    members = sorted(people.values(), key=lambda e: (e["days"], e["member"].name))
    return {"zones": zones, "members": members, "branch": branch}


def zones_page(zones, number, per_page=50, today=None):
    """The page `number` of `zones` by branch and name, with branch and streaks (three
    queries: the count, the page, its responsible members)."""
    today = today or timezone.localdate()
    zones = zones.select_related("branch").order_by("branch__order", "branch__name", "name", "id")
    page = Paginator(_zone_rows(zones), per_page).get_page(number)
    page.object_list = _streaks(page.object_list, today)
    return page


def zone_detail(zones, pk, today=None):
    """One zone with its streak, responsible members and violations (three queries)."""
    today = today or timezone.localdate()
    found = _with_streaks(zones.select_related("branch").filter(pk=pk), today)
    if not found:
        raise SafetyZone.DoesNotExist
    zone = found[0]
    zone.violation_list = list(zone.violations.select_related("recorded_by__member"))
    return zone
