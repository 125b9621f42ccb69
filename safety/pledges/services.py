"""Every change to the pledge and the zones: versions, signatures, zones and violations.

Each function takes the acting user (`by`), checks permission through `hongjun.access`,
runs in one transaction and writes its audit entry there.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongjun import access, audit
from reminders import services as reminders

from ..models import PledgeChain, PledgeSignature, PledgeVersion, SafetyZone, Violation
from . import chain, queries

VERSION_FIELDS = ["year", "title", "text"]
ZONE_FIELDS = ["name", "location", "established_on"]
VIOLATION_FIELDS = ["occurred_on", "severity", "description"]


class PledgeError(Exception):
    """A refused pledge step; `message` says why in the user's language, `field` where."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadySigned(PledgeError):
    """The member has signed this version already; `signature` is that signature."""

    def __init__(self, signature):
        super().__init__(_("You have already signed this pledge."))
        self.signature = signature


def normalize_name(name):
    """A typed name compared without spaces (a full-width space from a phone keyboard too)."""
    return "".join((name or "").split())


# Pledge versions --------------------------------------------------------------------


def create_version(data, by):
    access.require(access.can_manage_pledges(by))
    with transaction.atomic():
        version = PledgeVersion.objects.create(
            created_by=by, **{f: data[f] for f in VERSION_FIELDS}
        )
        audit.record("pledge_version.created", version, by, {f: data[f] for f in VERSION_FIELDS})
    return version


def update_version(version, data, by):
    """Change a draft; a published version is refused (publish a new one instead)."""
    access.require(access.can_manage_pledges(by))
    with transaction.atomic():
        version = PledgeVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise PledgeError(
                _("A published pledge is never edited. Write a new version and publish it.")
            )
        changes = audit.diff(version, data, VERSION_FIELDS)
        for name in VERSION_FIELDS:
            setattr(version, name, data[name])
        version.save(update_fields=VERSION_FIELDS)
        audit.record("pledge_version.updated", version, by, changes)
    return version


def publish_version(version, by, at=None):
    """Make a draft the pledge in force; from now on its text is fixed."""
    access.require(access.can_manage_pledges(by))
    with transaction.atomic():
        version = PledgeVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_published:
            raise PledgeError(_("This version has already been published."))
        version.published_at = at or timezone.now()
        version.published_by = by
        version.save(update_fields=["published_at", "published_by"])
        audit.record(
            "pledge_version.published", version, by, {"text_digest": chain.text_digest(version)}
        )
    return version


# Signatures -------------------------------------------------------------------------


def sign_pledge(version, member, typed_name, *, by, ip_address=None, user_agent="", at=None):
    """Append `member`'s signature of `version` to the chain; returns the signature.

    Refuses (PledgeError, nothing stored) a name that is not the member's, a version that
    is not the one in force, and a second signature (AlreadySigned). Signing for someone
    else is a PermissionDenied. The chain's head row is locked while the link is added, so
    members signing at the same moment line up one after another.
    """
    access.require(access.can_sign_pledge(by, member))
    typed = normalize_name(typed_name)
    if not typed:
        raise PledgeError(_("Type your full name to sign."), field="typed_name")
    if typed != normalize_name(member.name):
        raise PledgeError(
            _("The name you typed is not your name as your branch recorded it."),
            field="typed_name",
        )
    with transaction.atomic():
        head, _created = PledgeChain.objects.select_for_update().get_or_create(pk=1)
        current = queries.current_version()
        if current is None or version.pk != current.pk:
            raise PledgeError(
                _(
                    "This is not the pledge in force: a newer version has been published. "
                    "Read the current text and sign it."
                )
            )
        existing = PledgeSignature.objects.filter(version=current, member=member).first()
        if existing is not None:
            raise AlreadySigned(existing)
        signature = PledgeSignature(
            seq=head.length + 1,
            version=current,
            member=member,
            typed_name=typed,
            signed_at=at or timezone.now(),
            ip_address=chain.normalize_ip(ip_address),
            user_agent=(user_agent or "")[:500],
            code=chain.new_code(),
            text_digest=chain.text_digest(current),
            prev_digest=head.head_digest,
        )
        signature.digest = chain.digest_of(signature)
        signature.save()
        head.length, head.head_digest = signature.seq, signature.digest
        head.save(update_fields=["length", "head_digest"])
        audit.record(
            "pledge.signed",
            signature,
            by,
            {
                "seq": signature.seq,
                "version": current.pk,
                "member": member.pk,
                "member_name": member.name,
                "digest": signature.digest,
            },
        )
        # Signed: the "please sign" reminders of this version are done.
        if member.user_id:
            reminders.settle("pledge_unsigned", current, member.user_id)
    return signature


# Zones and violations ---------------------------------------------------------------


def create_zone(branch, data, by):
    access.require(access.can_edit_branch(by, branch))
    with transaction.atomic():
        zone = SafetyZone.objects.create(branch=branch, **{f: data[f] for f in ZONE_FIELDS})
        zone.responsible.set(data["responsible"])
        audit.record(
            "zone.created",
            zone,
            by,
            {**{f: data[f] for f in ZONE_FIELDS}, "responsible": list(data["responsible"])},
        )
    return zone


def update_zone(zone, data, by):
    access.require(access.can_edit_zone(by, zone))
    with transaction.atomic():
        zone = SafetyZone.objects.select_for_update().get(pk=zone.pk)
        changes = audit.diff(zone, data, [*ZONE_FIELDS, "responsible"])
        for name in ZONE_FIELDS:
            setattr(zone, name, data[name])
        zone.save(update_fields=ZONE_FIELDS)
        zone.responsible.set(data["responsible"])
        audit.record("zone.updated", zone, by, changes)
    return zone


def record_violation(zone, data, by):
    """Record a 违章 in `zone`: its days without violation, and its members', restart."""
    access.require(access.can_edit_zone(by, zone))
    with transaction.atomic():
        violation = Violation.objects.create(
            zone=zone, recorded_by=by, **{f: data[f] for f in VIOLATION_FIELDS}
        )
        audit.record("violation.recorded", violation, by, {f: data[f] for f in VIOLATION_FIELDS})
    return violation
