"""Importing the organisation and the 党员花名册: the preview (every row planned against the
portal and stored, nothing else saved) and the confirm (the stored plan applied in one
transaction, all of it or none).

A row of the roster is matched by 工号: a new one creates the member and an account whose
username is the 工号 and whose password is unusable (they sign in through the company
directory, or set one by a reset); a known one is changed where the file differs, so the
same file twice changes nothing and a corrected file never duplicates a person.
"""

import datetime
import hashlib
import secrets
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch, Committee, GeneralBranch, Member, PartyGroup
from hongjun import access, audit
from hongjun.models import AuditEntry

from . import reading
from .columns import ORGANISATION, ROSTER
from .models import ImportBatch, ImportRow

# Roster fields that are not a Member attribute of the same name: looked up by name, or
# the account's. Every other roster column is copied onto the Member as it is.
LOOKUPS = ("branch", "party_group", "email")
BATCH = 2000
PREVIEW_KEPT = datetime.timedelta(days=7)


def preview(upload, by):
    """Read the uploaded workbook, plan every row and store the plan; returns the batch."""
    access.require(access.can_import_roster(by))
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    workbook = reading.open_workbook(BytesIO(data))
    try:
        org = reading.read_sheet(workbook, ORGANISATION)
        roster = reading.read_sheet(workbook, ROSTER)
    finally:
        workbook.close()
    if org is None and roster is None:
        raise ValidationError(
            _("The workbook has neither a sheet “%(org)s” nor a sheet “%(roster)s”.")
            % {"org": ORGANISATION.title, "roster": ROSTER.title}
        )
    if not Committee.objects.exists():
        raise ValidationError(_("The portal has no party committee yet: add it in the admin."))
    rows = plan(org[0] if org else [], roster[0] if roster else [])
    counts = {}
    for row in rows:
        sheet = counts.setdefault(row.sheet, {})
        sheet[str(row.action)] = sheet.get(str(row.action), 0) + 1
    waiting = ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEWED)
    try:
        with transaction.atomic():
            # The same file planned afresh; previews nobody confirmed within a week go.
            waiting.filter(
                Q(digest=digest) | Q(created_at__lt=timezone.now() - PREVIEW_KEPT)
            ).delete()
            batch = _store(digest, upload, by, counts, org, roster, rows)
    except IntegrityError:  # the same file previewed at the same moment by someone else
        raise ValidationError(
            _("The same file is being previewed: try again in a moment.")
        ) from None
    return batch


def _store(digest, upload, by, counts, org, roster, rows):
    batch = ImportBatch.objects.create(
        digest=digest,
        filename=(getattr(upload, "name", "") or "")[:200],
        created_by=by,
        counts=counts,
        ignored_headers=(org[1] if org else []) + (roster[1] if roster else []),
        has_members=roster is not None,
    )
    for row in rows:
        row.batch = batch
    ImportRow.objects.bulk_create(rows, batch_size=BATCH)
    return batch


def confirm(batch, by):
    """Apply the previewed plan of `batch`: all of it or none, and only if the portal still
    is as the preview found it (else the committee previews again)."""
    access.require(access.can_import_roster(by))
    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED)
            .first()
        )
        if locked is None:
            raise ValidationError(_("This file has been imported already."))
        if locked.refused:
            raise ValidationError(_("Correct the refused rows in the file and upload it again."))
        stored = list(locked.rows.values_list("sheet", "line", "action", "values", "changes"))
        org = [(line, values, []) for sheet, line, _a, values, _c in stored if sheet == "org"]
        roster = [(line, values, []) for sheet, line, _a, values, _c in stored if sheet == "member"]
        fresh = plan(org, roster)
        before = sorted((s, line, a, c) for s, line, a, _v, c in stored)
        if sorted((r.sheet, r.line, r.action, r.changes) for r in fresh) != before:
            raise ValidationError(
                _("The portal has changed since this preview: upload the file again.")
            )
        _apply_organisation([r for r in fresh if r.sheet == "org"])
        _apply_roster([r for r in fresh if r.sheet == "member"], locked, by)
        locked.status = ImportBatch.Status.APPLIED
        locked.applied_at = timezone.now()
        locked.save(update_fields=["status", "applied_at"])
        audit.record("roster.imported", locked, by, locked.counts)
    return locked


# Planning ------------------------------------------------------------------------------


def plan(org_rows, roster_rows):
    """Unsaved ImportRows for the rows of both sheets, in a fixed number of queries."""
    state = _Organisation()
    out = _plan_organisation(org_rows, state)
    out += _plan_roster(roster_rows, state)
    return out


class _Organisation:
    """The portal's organisation by name, as the organisation sheet will leave it."""

    def __init__(self):
        self.general_branches = set(GeneralBranch.objects.values_list("name", flat=True))
        self.branches = {
            name: {"general_branch": general or "", "unit": unit}
            for name, general, unit in Branch.objects.values_list(
                "name", "general_branch__name", "unit"
            )
        }
        self.groups = set(PartyGroup.objects.values_list("branch__name", "name"))


def _row(sheet, line, key, values, changes, errors, created=False):
    if errors:
        action = ImportRow.Action.REFUSE
        changes = {}  # a refused row does nothing: its errors say why
    elif created:
        action = ImportRow.Action.CREATE
    elif changes:
        action = ImportRow.Action.UPDATE
    else:
        action = ImportRow.Action.SAME
    kinds = sorted({kind for _h, kind, _m in errors})
    return ImportRow(
        sheet=sheet,
        line=line,
        key=(key or "")[:100],
        action=action,
        values=values,
        changes=changes,
        errors=errors,
        kinds=f" {' '.join(kinds)} " if kinds else "",
    )


def _header(sheet, field):
    return sheet.column(field).header


def _plan_organisation(rows, state):
    """A row without 党小组 declares its 党支部 (党总支, 所在单位); a row with one declares
    the group, and its branch too when neither the portal nor another row has it."""
    declared = {}  # branch name -> line of the row that declared it
    out = []
    # Branch rows first, so a group row above its branch's row still finds the branch.
    ordered = sorted(rows, key=lambda r: (bool(r[1].get("group")), r[0]))
    for line, values, errors in ordered:
        errors = list(errors)
        name = values.get("branch", "")
        group = values.get("group", "")
        changes = {}
        created = False
        if not errors and (not group or name not in state.branches):
            if name in declared:
                errors.append(
                    [
                        _header(ORGANISATION, "branch"),
                        "duplicate",
                        _("Row %(line)s declares this branch already.") % {"line": declared[name]},
                    ]
                )
            else:
                declared[name] = line
                created, changes = _plan_branch(name, values, state)
        elif not errors:
            for field in ("general_branch", "unit"):
                given = values.get(field, "")
                if given and given != state.branches[name][field]:
                    errors.append(
                        [
                            _header(ORGANISATION, field),
                            "conflict",
                            _("The branch has “%(value)s” here: leave the cell blank or the same.")
                            % {"value": state.branches[name][field] or "—"},
                        ]
                    )
        if not errors and group:
            if (name, group) in state.groups:
                pass
            else:
                state.groups.add((name, group))
                changes["group"] = [None, group]
                created = True
        out.append(_row("org", line, name, values, changes, errors, created))
    out.sort(key=lambda r: r.line)
    return out


def _plan_branch(name, values, state):
    """(created, changes) of declaring the branch `name` with the row's 党总支 and 单位."""
    changes = {}
    general = values.get("general_branch")
    if general and general not in state.general_branches:
        state.general_branches.add(general)
    existing = state.branches.get(name)
    if existing is None:
        state.branches[name] = {
            "general_branch": general or "",
            "unit": values.get("unit", ""),
        }
        changes["branch"] = [None, name]
        for field in ("general_branch", "unit"):
            if values.get(field):
                changes[field] = [None, values[field]]
        return True, changes
    for field in ("general_branch", "unit"):
        if field in values and values[field] != existing[field]:
            changes[field] = [existing[field], values[field]]
            existing[field] = values[field]
    return False, changes


def _plan_roster(rows, state):
    keys = [values["employee_no"] for _l, values, _e in rows if "employee_no" in values]
    members = {
        m.employee_no: m
        for m in Member.objects.filter(employee_no__in=keys).select_related(
            "branch", "party_group", "user"
        )
    }
    # An account whose username is a 工号 in the file but that is not that member's.
    taken = {
        username
        for username, owner in get_user_model()
        .objects.filter(username__in=keys)
        .values_list("username", "member__employee_no")
        if owner != username
    }
    seen = {}
    fields = [c.field for c in ROSTER.columns]
    out = []
    for line, values, errors in rows:
        errors = list(errors)
        key = values.get("employee_no", "")
        if key and key in seen:
            errors.append(
                [
                    _header(ROSTER, "employee_no"),
                    "duplicate",
                    _("Row %(line)s has the same 工号.") % {"line": seen[key]},
                ]
            )
        elif key:
            seen[key] = line
        _check_lookups(values, errors, state)
        member = members.get(key)
        changes = {}
        if member is None:
            if key in taken:
                errors.append(
                    [
                        _header(ROSTER, "employee_no"),
                        "conflict",
                        _("An account with this username exists and is not this member's."),
                    ]
                )
            changes = {f: [None, values[f]] for f in fields if values.get(f)}
        elif not errors:
            changes = _member_changes(member, values, taken)
            if changes.get("account") and key in taken:
                errors.append(
                    [
                        _header(ROSTER, "employee_no"),
                        "conflict",
                        _("An account with this username exists and is not this member's."),
                    ]
                )
        out.append(_row("member", line, key, values, changes, errors, member is None))
    return out


def _check_lookups(values, errors, state):
    branch = values.get("branch")
    if branch and branch not in state.branches:
        errors.append(
            [
                _header(ROSTER, "branch"),
                "unknown",
                _("No branch “%(name)s” in the portal or the organisation sheet.")
                % {"name": branch},
            ]
        )
    group = values.get("party_group")
    if branch and group and branch in state.branches and (branch, group) not in state.groups:
        errors.append(
            [
                _header(ROSTER, "party_group"),
                "unknown",
                _("The branch has no party group “%(name)s”.") % {"name": group},
            ]
        )


def _current(member, field):
    if field == "branch":
        return member.branch.name
    if field == "party_group":
        return member.party_group.name if member.party_group else ""
    if field == "email":
        return member.user.email if member.user else ""
    value = getattr(member, field)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _member_changes(member, values, taken):
    changes = {}
    for field, new in values.items():
        old = _current(member, field)
        if (old or None) != (new or None):
            changes[field] = [old, new]
    if "branch" in changes and "party_group" not in values and member.party_group:
        # The old branch's group does not go with the member to the new branch.
        changes["party_group"] = [member.party_group.name, ""]
    if not member.is_active:
        changes["is_active"] = [False, True]
    if member.user_id is None:
        changes["account"] = [None, member.employee_no]
    return changes


# Applying ------------------------------------------------------------------------------


def _apply_organisation(rows):
    committee = Committee.objects.order_by("pk").first()
    wanted = {r.values["general_branch"] for r in rows if r.values.get("general_branch")}
    have = set(GeneralBranch.objects.filter(name__in=wanted).values_list("name", flat=True))
    GeneralBranch.objects.bulk_create(
        [GeneralBranch(committee=committee, name=name) for name in sorted(wanted - have)]
    )
    general_ids = dict(GeneralBranch.objects.filter(name__in=wanted).values_list("name", "id"))
    new, changed = [], {}
    for row in rows:
        if row.changes.get("branch", [1])[0] is None:
            new.append(
                Branch(
                    committee=committee,
                    name=row.key,
                    general_branch_id=general_ids.get(row.values.get("general_branch")),
                    unit=row.values.get("unit", ""),
                )
            )
        elif "general_branch" in row.changes or "unit" in row.changes:
            changed[row.key] = row
    Branch.objects.bulk_create(new, batch_size=BATCH)
    updates = []
    for branch in Branch.objects.filter(name__in=changed):
        row = changed[branch.name]
        if "general_branch" in row.changes:
            branch.general_branch_id = general_ids.get(row.values["general_branch"])
        if "unit" in row.changes:
            branch.unit = row.values["unit"]
        updates.append(branch)
    Branch.objects.bulk_update(updates, ["general_branch", "unit"], batch_size=BATCH)
    groups = [(r.key, r.changes["group"][1]) for r in rows if "group" in r.changes]
    if groups:
        ids = dict(
            Branch.objects.filter(name__in={b for b, _g in groups}).values_list("name", "id")
        )
        PartyGroup.objects.bulk_create(
            [PartyGroup(branch_id=ids[b], name=g) for b, g in groups], batch_size=BATCH
        )


def _apply_roster(rows, batch, by):
    rows = [r for r in rows if r.action in (ImportRow.Action.CREATE, ImportRow.Action.UPDATE)]
    if not rows:
        return
    names = {r.values.get("branch") for r in rows} - {None}
    branch_ids = dict(Branch.objects.filter(name__in=names).values_list("name", "id"))
    group_ids = {
        (branch, name): pk
        for branch, name, pk in PartyGroup.objects.filter(branch__name__in=names).values_list(
            "branch__name", "name", "id"
        )
    }
    User = get_user_model()
    needs_account = [
        r for r in rows if r.action == ImportRow.Action.CREATE or "account" in r.changes
    ]
    # An unusable password, as make_password(None) writes it ("!" and random text, which no
    # password matches), from `secrets` at a tenth of the cost for 8,000 accounts.
    users = User.objects.bulk_create(
        [
            User(
                username=r.key,
                email=r.values.get("email", ""),
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            )
            for r in needs_account
        ],
        batch_size=BATCH,
    )
    user_ids = {u.username: u.pk for u in users}

    def fill(member, row, fields):
        for field in fields:
            value = row.values.get(field)
            if field == "branch":
                member.branch_id = branch_ids[value]
            elif field == "party_group":
                member.party_group_id = group_ids.get((row.values.get("branch"), value))
                if "party_group" not in row.values:
                    member.party_group_id = None
            elif field == "is_active":
                member.is_active = True
            elif field == "account":
                member.user_id = user_ids[row.key]
            elif field != "email":
                setattr(member, field, Member._meta.get_field(field).to_python(value))

    created = []
    for row in rows:
        if row.action == ImportRow.Action.CREATE:
            member = Member(employee_no=row.key, user_id=user_ids[row.key])
            fill(member, row, [f for f in row.values if f not in ("employee_no", "email")])
            created.append(member)
    Member.objects.bulk_create(created, batch_size=BATCH)

    changed = {r.key: r for r in rows if r.action == ImportRow.Action.UPDATE}
    members = list(
        Member.objects.select_for_update(of=("self",))
        .filter(employee_no__in=changed)
        .select_related("user")
    )
    fields, emails = set(), []
    for member in members:
        row = changed[member.employee_no]
        fill(member, row, list(row.changes))
        fields |= {
            {"account": "user"}.get(f, f) for f in row.changes if f not in ("email", "branch")
        }
        if "branch" in row.changes:
            fields |= {"branch", "party_group"}
        if "email" in row.changes and member.user and "account" not in row.changes:
            member.user.email = row.values["email"]
            emails.append(member.user)
    if members and fields:
        Member.objects.bulk_update(members, sorted(fields), batch_size=BATCH)
    User.objects.bulk_update(emails, ["email"], batch_size=BATCH)
    _audit_members(created, members, changed, batch, by)


def _audit_members(created, updated, changed, batch, by):
    """One entry a member, as a hand edit writes, with the import named in its details."""
    content_type = ContentType.objects.get_for_model(Member)
    actor = by if by is not None and by.is_authenticated else None
    address = audit.current_ip()
    entries = [
        AuditEntry(
            actor=actor,
            ip_address=address,
            action=action,
            content_type=content_type,
            object_id=str(member.pk),
            object_repr=str(member)[:200],
            changes=audit._jsonable({**changes, "import": batch.pk}),
        )
        for action, member, changes in [
            *(("member.created", m, {"employee_no": m.employee_no}) for m in created),
            *(("member.updated", m, changed[m.employee_no].changes) for m in updated),
        ]
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
