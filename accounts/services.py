"""Two-factor enrolment for staff: issuing and redeeming the one-time code.

A staff account opens the admin; without a device of its own it could enrol one after the
password alone, so a stolen password would enrol the thief. Its first device therefore
needs a code handed over outside the browser: printed on the server by
`manage.py staff_enrolment_code USERNAME`, or issued by another administrator who has
passed two-factor in the admin.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hongjun import audit

from .models import MAX_ATTEMPTS, StaffEnrolmentCode

# No 0/O, 1/I/L: read aloud over the phone or typed from paper without a mistake.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10
VALID_FOR = datetime.timedelta(minutes=30)


class EnrolmentError(Exception):
    pass


def needs_enrolment_code(user):
    """Staff accounts enrol their first device only with a one-time code."""
    return user.is_staff or user.is_superuser


def _digest(code):
    return hashlib.sha256(code.encode()).hexdigest()


def _normalize(raw):
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def issue_enrolment_code(user, *, by=None, valid_for=VALID_FOR):
    """A new code for `user`: (the row, the code). The code is stored only as its digest.

    Earlier unused codes of the account are void: one live code at a time. `by` is the
    administrator issuing it, None on the server's command line.
    """
    if not needs_enrolment_code(user):
        raise EnrolmentError(_("Only staff accounts need an enrolment code."))
    if not user.is_active:
        raise EnrolmentError(_("This account is disabled."))
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    now = timezone.now()
    with transaction.atomic():
        StaffEnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        row = StaffEnrolmentCode.objects.create(
            user=user, code_digest=_digest(code), issued_by=by, expires_at=now + valid_for
        )
        audit.record(
            "account.enrolment_code_issued",
            user,
            by,
            {"valid_until": row.expires_at.isoformat(), "on_server": by is None},
        )
    return row, f"{code[:5]}-{code[5:]}"


def redeem_enrolment_code(user, raw):
    """Use `user`'s live code `raw` once. Raises EnrolmentError when it is not one."""
    now = timezone.now()
    live = StaffEnrolmentCode.objects.filter(
        user=user, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS
    )
    code = _normalize(raw)
    with transaction.atomic():
        # A conditional update claims the code: two tabs cannot both use it.
        used = live.filter(code_digest=_digest(code)).update(used_at=now) if code else 0
        if used == 1:
            audit.record("account.enrolment_code_used", user, user)
            return
    # Outside the block above: the count of wrong codes must stay even though we refuse.
    live.update(attempts=F("attempts") + 1)
    raise EnrolmentError(
        _("The enrolment code is wrong, used or expired. Ask an administrator for a new one.")
    )


def directory_account(employee_no, email=""):
    """The portal account of the active member whose 工号 is `employee_no`, for a sign-in
    the company directory has just accepted; None when no active member has it.

    The member's account is made on their first sign-in (login name: the 工号, as for
    every member's account) or, if they had a local one, the directory takes it over: its
    local password is retired, so an account disabled in the directory is closed here too.
    """
    from branches.models import Member

    if not employee_no:
        return None
    User = get_user_model()
    with transaction.atomic():
        member = (
            Member.objects.select_for_update()
            .filter(employee_no=employee_no, is_active=True)
            .first()
        )
        if member is None:
            return None
        user = member.user
        if user is None:
            if User.objects.filter(username=employee_no).exists():
                return None  # a local account holds the name: the committee decides
            user = User(username=employee_no, email=email)
            user.set_unusable_password()
            user.save()
            member.user = user
            member.save(update_fields=["user"])
        elif user.has_usable_password():
            user.set_unusable_password()
            if email and not user.email:
                user.email = email
            user.save(update_fields=["password", "email"])
        else:
            return user
        audit.record("account.directory_linked", member, user, {"employee_no": employee_no})
    return user


def sync_committee_group(users=()):
    """The admin group of the 党委 with exactly the permissions of `access.COMMITTEE_ADMIN`,
    and `users` (staff accounts) in it; made if missing. Returns the group."""
    from django.contrib.auth.models import Group

    from hongjun import access

    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=access.COMMITTEE_ADMIN_GROUP)
        group.permissions.set(access.committee_admin_permissions())
        for user in users:
            user.groups.add(group)
    return group


def update_profile(user, data, by):
    """Save the user's own e-mail address and their member record's phone; audit what
    changed (`account.profile_updated`). Only the user themselves changes these here."""
    from django.contrib.auth import get_user_model

    from branches.models import Member

    if by.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        account = get_user_model().objects.select_for_update().get(pk=user.pk)
        member = Member.objects.select_for_update().filter(user=account).first()
        changes = {}
        if account.email != data["email"]:
            changes["email"] = [account.email, data["email"]]
            account.email = data["email"]
            account.save(update_fields=["email"])
        if member is not None and "phone" in data and member.phone != data["phone"]:
            changes["phone"] = [member.phone, data["phone"]]
            member.phone = data["phone"]
            member.save(update_fields=["phone"])
        if changes:
            audit.record("account.profile_updated", account, by, changes)
    user.email = account.email
    return changes
