"""Reminders: the outbox every kind goes through, the scan registry and delivery.

One path for every kind. A reminder is first a `Reminder` row with a natural key (kind,
thing, recipient, due date) under a unique constraint, written by a service in the same
transaction as what caused it (`queue`) or by a periodic scan (`register_scan`,
`run_scans`). After the transaction commits, a Celery task delivers the rows: it claims
one row with a conditional UPDATE, sends it by e-mail and by the chat channels the
settings switch on (`channels`: 企业微信, 钉钉), each unless the recipient turned that kind
and channel off (the row itself is the inbox entry), and marks it sent in the next
statement. Each channel is written down as it succeeds (`delivered_by`): a retry sends
only by the channels still missing.

What this guarantees:
- Re-running a scan inserts nothing new (ON CONFLICT DO NOTHING on the natural key).
- Two tasks on one row: only one wins the claim, the other does nothing.
- A worker killed mid-batch: rows it had not reached stay pending; the one in flight is
  claimed again once its claim is older than CLAIM_TIMEOUT (at least once, never lost).
  That one row is the only possible duplicate: the send and its SENT mark are one step
  apart, and nothing else is claimed before it is marked.
- Redis down: publishing fails, we log it, the row stays pending and `deliver_pending`
  (run by beat every few minutes, or `manage.py send_reminders`) sends it later.
- No task is ever given an ETA/countdown near the broker's visibility timeout (a Redis
  message with a long ETA is delivered more than once: celery/kombu#337); reminders due
  later are created on their day by the scans, and retries wait at most MAX_BACKOFF.

A scan for an app, registered in the app's `reminders.py` (imported from its AppConfig):

    @reminders.register_scan("hazard_deadline")
    def hazard_deadlines(today):
        anchors = reminders.anchors("hazard_deadline", today)   # {deadline: due_on}
        hazards = Hazard.objects.filter(deadline__in=anchors, status__in=OPEN)
        return [reminders.row("hazard_deadline", h, h.assignee.user, anchors[h.deadline],
                              subject=..., body=..., url=h.get_absolute_url())
                for h in hazards.select_related("assignee__user")]

It returns unsaved rows from a fixed number of queries (never one per member);
`run_scans` inserts them in bulk.
"""

import contextlib
import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hongjun import access, audit

from . import channels
from .models import Reminder, ReminderPreference

logger = logging.getLogger(__name__)

State = Reminder.State

# A claim older than this belongs to a worker that died; the row may be claimed again.
# Far longer than a send can take (SEND_TIMEOUT), so a live worker is never overtaken.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
SEND_TIMEOUT = 30  # seconds for the SMTP connection
# Waits before the 2nd, 3rd... attempt; after MAX_ATTEMPTS the row is FAILED.
BACKOFF = (60, 300, 900, 900)
MAX_ATTEMPTS = len(BACKOFF) + 1
# Well under the broker's visibility timeout (3600 s): see the module docstring.
MAX_BACKOFF = 900
BATCH = 200  # rows one delivery task handles before it hands over to the next


@dataclass(frozen=True)
class Kind:
    """A kind of reminder and when it falls due, relative to its thing's anchor date.

    `days`: offsets from the anchor (a session's date, a deadline, a period's end) on which
    a reminder is due: -1 is the day before, 0 the day itself, 1 the day after.
    `every`: instead, due every N days while the condition holds (counted from the
    campaign's start), e.g. the unsigned pledge once a week.
    `lasts`: for an `every` kind, how many days from its start the campaign runs (0: as
    long as the condition holds).
    Neither: no scan; a service queues the reminder when its cause happens (`queue`).
    """

    code: str
    label: str
    audience: str
    days: tuple = ()
    every: int = 0
    lasts: int = 0


_MEMBERS = pgettext_lazy("reminder audience", "members")
_SECRETARIES = _("branch secretaries")
_LEADS = _("project leads")
_DUES_3 = _("the member and the branch secretaries")
_DUES_6 = _("the branch secretaries and the party committee")
_TERM = _("the branch committee and the party committee")

# Every kind the portal sends and its timing: the one table to change.
# fmt: off
KINDS = {k.code: k for k in [
    Kind("study_session",      _("Study session tomorrow"),          _MEMBERS,     days=(-1,)),
    Kind("activity",           _("Branch activity tomorrow"),        _MEMBERS,     days=(-1,)),
    Kind("pledge_unsigned",    _("Safety pledge not yet signed"),    _MEMBERS, every=7, lasts=56),
    # No days: queued by the service that assigns the fix, at once (`reminders.queue`).
    Kind("hazard_assigned",    _("Hazard fix assigned to me"),       _MEMBERS),
    Kind("hazard_deadline",    _("Hazard fix deadline"),             _MEMBERS,     days=(-2, 0, 1)),
    Kind("hazard_escalated",   _("Overdue hazard fix in my branch"), _SECRETARIES, days=(1,)),
    Kind("compliance_due",     _("Required activity not yet held"),  _SECRETARIES, days=(-7,)),
    Kind("compliance_overdue", _("Required activity overdue"),       _SECRETARIES, days=(1,)),
    Kind("milestone_due",      _("Initiative milestone due"),        _LEADS,       days=(-3,)),
    # 发展党员: a week before and on the day a step falls due (its deadline, or the day its
    # minimum interval has passed): `branches.reminders.recruitment_due`.
    Kind("recruitment_due",    _("Recruitment step falling due"),    _SECRETARIES, days=(-7, 0)),
    # 党费: the anchor is the 1st of the month after the 3rd (6th) month in a row unpaid;
    # due ten days later, so payments made in time but recorded late are in
    # (`affairs.reminders.dues_unpaid`, the rule in `affairs.models.UNPAID_WARNINGS`).
    Kind("dues_unpaid_3", _("Dues unpaid for three months"), _DUES_3, days=(10,)),
    Kind("dues_unpaid_6", _("Dues unpaid for six months"),   _DUES_6, days=(10,)),
    # 组织关系介绍信: the day after a move out's letter ran out with no 回执 back, and a month
    # later (`affairs.reminders.transfer_letter_expired`); the 回执 settles them.
    Kind("transfer_letter_expired", _("Transfer letter expired without a receipt"),
         _DUES_6, days=(1, 30)),
    # 换届: six months and one month before a 支部委员会's term ends, in calendar months
    # (`branches.reminders.TERM_REMINDER_MONTHS`), so no day offsets here.
    Kind("committee_term", _("Branch committee term ending"), _TERM),
]}
# fmt: on

SCANS = {}  # kind code -> scan function


def register_scan(code):
    """Decorator: `fn(today)` returns the rows of kind `code` due today (see module doc)."""
    if code not in KINDS:
        raise ValueError(f"Unknown reminder kind {code!r}: add it to KINDS first.")

    def decorate(fn):
        SCANS[code] = fn
        return fn

    return decorate


def kind_label(code):
    kind = KINDS.get(code)
    return kind.label if kind else code


def anchors(code, today):
    """The anchor dates whose `code` reminders fall due `today`: {anchor: due_on}.

    For a kind with days=(-2, 0, 1) on the 10th: deadlines on the 12th, 10th and 9th.
    """
    return {today - datetime.timedelta(days=d): today for d in KINDS[code].days}


def period_due_on(code, start, today):
    """For an `every` kind: the due date of the current period counted from `start`."""
    every = KINDS[code].every
    return start + datetime.timedelta(days=every * ((today - start).days // every))


def campaign_due_on(code, start, today):
    """For an `every` kind: `period_due_on`, or None before `start` or once the campaign
    (`lasts` days from `start`) is over.

    The pledge, published on the 1st with every=7, lasts=56: due on the 1st, 8th, ... 50th
    (eight reminders at most), nothing from the 57th on.
    """
    lasts = KINDS[code].lasts
    if today < start or (lasts and today >= start + datetime.timedelta(days=lasts)):
        return None
    return period_due_on(code, start, today)


# Writing rows ----------------------------------------------------------------------


def row(kind, obj, recipient, due_on, subject, body="", url=""):
    """An unsaved reminder for `queue_many`; `recipient` is a User or a user id."""
    if kind not in KINDS:
        raise ValueError(f"Unknown reminder kind {kind!r}")
    recipient_id = getattr(recipient, "pk", recipient)
    return Reminder(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        recipient_id=recipient_id,
        due_on=due_on,
        subject=str(subject)[:200],
        body=str(body),
        url=str(url or "")[:300],
    )


def queue(kind, obj, recipient, due_on, subject, body="", url=""):
    """Write one reminder in the caller's transaction; deliver it after the commit.

    Returns (reminder, created). A second call with the same natural key changes nothing.
    """
    new = row(kind, obj, recipient, due_on, subject, body, url)
    key = {
        f: getattr(new, f)
        for f in ("kind", "content_type_id", "object_id", "recipient_id", "due_on")
    }
    defaults = {f: getattr(new, f) for f in ("subject", "body", "url")}
    reminder, created = Reminder.objects.get_or_create(**key, defaults=defaults)
    if created:
        transaction.on_commit(lambda: _publish("deliver_reminder", reminder.pk))
    return reminder, created


def queue_many(rows, *, kick=True):
    """Insert rows in bulk, skipping those whose natural key exists (one INSERT per batch)."""
    rows = list(rows)
    if rows:
        Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        if kick:
            transaction.on_commit(lambda: _publish("deliver_pending"))
    return len(rows)


def run_scans(today=None, kinds=None, *, kick=True):
    """Run every registered scan (or `kinds`) for `today`; returns {kind: rows offered}.

    Each scan runs in its own transaction so that one broken scan does not stop the others.
    The rows' texts are written in the portal's language, whoever runs the scan (a worker,
    a command, or a request in English).
    """
    today = today or timezone.localdate()
    offered = {}
    for code, scan in SCANS.items():
        if kinds is not None and code not in kinds:
            continue
        try:
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                offered[code] = queue_many(scan(today), kick=False)
        except Exception:
            logger.exception("Reminder scan %s failed for %s", code, today)
    if kick and any(offered.values()):
        transaction.on_commit(lambda: _publish("deliver_pending"))
    return offered


def _publish(task_name, *args):
    """Queue a delivery task; with the broker down, log it and leave the row pending.

    Pages must keep working while Redis is down: the periodic `deliver_pending` (or
    `manage.py send_reminders`) picks the row up later, so nothing is lost.
    """
    from . import tasks

    try:
        getattr(tasks, task_name).delay(*args)
    except Exception:
        logger.warning(
            "Could not queue %s%r; the periodic sweep will deliver it.",
            task_name,
            args,
            exc_info=True,
        )


# Delivering rows -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    state: str  # "sent", "failed", "retry", "dropped", "skipped" (claimed by someone else)
    retry_in: int = 0


def _claimable(now):
    return Q(due_on__lte=timezone.localdate(now)) & (
        Q(state=State.PENDING, not_before__lte=now)
        | Q(state=State.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def claim(reminder_id, now=None):
    """Take one row for delivery; True only for the one caller whose UPDATE changed it."""
    now = now or timezone.now()
    return bool(
        Reminder.objects.filter(_claimable(now), pk=reminder_id).update(
            state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def wanted_channels(reminder):
    """The channels `reminder` goes out by, in order: e-mail (with an address) and the chat
    channels the settings switch on (with a 工号), less those its recipient turned off for
    the kind (one query). Reads `recipient` and `recipient.member`: select them with it."""
    choice = (
        ReminderPreference.objects.filter(user_id=reminder.recipient_id, kind=reminder.kind)
        .values("email_enabled", *(c.field for c in channels.CHANNELS.values()))
        .first()
        or {}
    )
    wanted = [channels.EMAIL] if reminder.recipient.email else []
    if channels.userid(reminder):
        wanted += [c.code for c in channels.active()]
    return [code for code in wanted if choice.get(f"{code}_enabled", True)]


def _is_permanent(exc):
    """A refusal that will be repeated (SMTP 5xx, a chat API's permanent errcode)."""
    if isinstance(exc, channels.Permanent):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _email(reminder):
    link = settings.SITE_URL.rstrip("/") + (reminder.url or reverse("inbox:list"))
    footer = gettext("Turn off e-mail for this kind of reminder: %(url)s") % {
        "url": settings.SITE_URL.rstrip("/") + reverse("inbox:preferences")
    }
    body = f"{reminder.body}\n\n{link}\n\n--\n{footer}\n".lstrip()
    return EmailMessage(
        subject=f"[红领·铝航] {reminder.subject}",
        body=body,
        to=[reminder.recipient.email],
        headers={"X-Hongjun-Reminder": str(reminder.pk)},
    )


def _send(code, reminder, connection):
    if code == channels.EMAIL:
        message = _email(reminder)
        message.connection = connection or get_connection(timeout=SEND_TIMEOUT)
        message.send()
    else:
        channels.CHANNELS[code].send(reminder)


def deliver(reminder_id, connection=None):
    """Claim one row, send it by each channel wanted and not yet done, mark it; safe to
    call any number of times.

    Each channel that succeeds is written down at once (`delivered_by`), so a retry after
    one channel failed, or after a worker died, sends only by the others.
    """
    now = timezone.now()
    if not claim(reminder_id, now):
        return Outcome("skipped")
    reminder = Reminder.objects.select_related("recipient__member", "content_type").get(
        pk=reminder_id
    )
    mine = Reminder.objects.filter(pk=reminder.pk, state=State.SENDING, claimed_at=now)
    if _target(reminder) is None or not reminder.recipient.is_active:
        logger.warning(
            "Dropped reminder %s (%s, %s #%s): its record or recipient no longer exists.",
            reminder.pk,
            reminder.kind,
            reminder.content_type,
            reminder.object_id,
        )
        mine.delete()
        return Outcome("dropped")
    done = reminder.delivered_by.split()
    errors = []
    # A reminder read before it went out (its ask done, see `settle`) needs no message.
    wanted = wanted_channels(reminder) if reminder.read_at is None else []
    for code in wanted:
        if code in done:
            continue
        try:
            _send(code, reminder, connection)
        except Exception as exc:
            errors.append(exc)
            if code == channels.EMAIL and connection is not None:
                # A broken SMTP session must not fail the rest of the batch.
                with contextlib.suppress(Exception):  # the next send opens a new session
                    connection.close()
        else:
            done.append(code)
            mine.update(delivered_by=" ".join(done), emailed=channels.EMAIL in done)
    if errors:
        return _failed(reminder, mine, errors)
    mine.update(
        state=State.SENT,
        sent_at=timezone.now(),
        emailed=channels.EMAIL in done,
        delivered_by=" ".join(done),
        last_error="",
    )
    return Outcome("sent")


def _target(reminder):
    """The reminder's record, or None once deleted (or its model is gone); one query."""
    if reminder.content_type.model_class() is None:
        return None
    return reminder.target


def _failed(reminder, mine, errors):
    """Retry later, unless every failure is permanent or the attempts are used up."""
    error = "; ".join(f"{type(exc).__name__}: {exc}" for exc in errors)[:2000]
    if all(_is_permanent(exc) for exc in errors) or reminder.attempts >= MAX_ATTEMPTS:
        logger.warning("Reminder %s failed for good: %s", reminder.pk, error)
        mine.update(state=State.FAILED, last_error=error)
        return Outcome("failed")
    wait = min(BACKOFF[reminder.attempts - 1], MAX_BACKOFF)
    logger.info("Reminder %s will be retried in %s s: %s", reminder.pk, wait, error)
    mine.update(
        state=State.PENDING,
        last_error=error,
        not_before=timezone.now() + datetime.timedelta(seconds=wait),
    )
    return Outcome("retry", retry_in=wait)


def deliver_due(limit=BATCH):
    """Deliver up to `limit` claimable rows over one SMTP connection.

    Returns ({outcome: count}, more) where `more` says rows are left for another run.
    Concurrent runs see the same candidates; the claim lets each row go to one of them.
    """
    now = timezone.now()
    ids = list(
        Reminder.objects.filter(_claimable(now))
        .order_by("id")
        .values_list("pk", flat=True)[: limit + 1]
    )
    counts = {}
    connection = get_connection(timeout=SEND_TIMEOUT)
    try:
        for reminder_id in ids[:limit]:
            outcome = deliver(reminder_id, connection=connection)
            counts[outcome.state] = counts.get(outcome.state, 0) + 1
    finally:
        with contextlib.suppress(Exception):  # closing a dead session loses nothing
            connection.close()
    return counts, len(ids) > limit


def retry_failed(queryset, by):
    """Put failed rows back in the outbox (from the admin); delivered after the commit."""
    with transaction.atomic():
        failed = list(queryset.filter(state=State.FAILED).select_for_update())
        Reminder.objects.filter(pk__in=[r.pk for r in failed]).update(
            state=State.PENDING, attempts=0, not_before=timezone.now(), last_error=""
        )
        for reminder in failed:
            audit.record("reminder.retried", reminder, by, {"last_error": reminder.last_error})
        if failed:
            transaction.on_commit(lambda: _publish("deliver_pending"))
    return len(failed)


# The inbox and preferences ---------------------------------------------------------


def unread_count(user):
    """The bell's number: loaded with the request's user (hongjun.backends), else one COUNT
    on the partial index."""
    if hasattr(user, "unread_reminders"):
        return user.unread_reminders
    return Reminder.objects.filter(
        recipient=user, read_at__isnull=True, due_on__lte=timezone.localdate()
    ).count()


def unread_for(user, limit=5):
    """The newest unread reminders due by today, for the home page (one query)."""
    return list(
        Reminder.objects.filter(
            recipient=user, read_at__isnull=True, due_on__lte=timezone.localdate()
        ).order_by("-due_on", "-id")[:limit]
    )


def mark_read(reminder, by):
    access.require(reminder.recipient_id == by.pk)
    Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(read_at=timezone.now())


def settle(kind, obj, recipient):
    """What `kind` reminded `recipient` of about `obj` is done (a pledge signed): its
    reminders leave the inbox and the bell, and those not yet delivered are not e-mailed
    (the delivery sees them read). Call it in the transaction that did the thing."""
    return Reminder.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        recipient=recipient,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def mark_all_read(by):
    return Reminder.objects.filter(
        recipient=by, read_at__isnull=True, due_on__lte=timezone.localdate()
    ).update(read_at=timezone.now())


def channel_codes():
    """The channels a member chooses among: e-mail and those the settings switch on."""
    return [channels.EMAIL] + [c.code for c in channels.active()]


def preferences(user):
    """{kind: {channel: on?}} for every kind and the channels in use (one query)."""
    codes = channel_codes()
    rows = {
        row["kind"]: row
        for row in ReminderPreference.objects.filter(user=user).values(
            "kind", *(f"{code}_enabled" for code in codes)
        )
    }
    return {
        kind: {code: rows.get(kind, {}).get(f"{code}_enabled", True) for code in codes}
        for kind in KINDS
    }


def email_preferences(user):
    """{kind: e-mail on?} for every kind (one query)."""
    return {kind: chosen[channels.EMAIL] for kind, chosen in preferences(user).items()}


def save_preferences(user, chosen, by):
    """Store the channels on/off per kind: `chosen` is {kind: {channel: bool}}; audited,
    the changes as {"kind:channel": [before, after]}."""
    with transaction.atomic():
        before = preferences(user)
        changes = {
            f"{kind}:{code}": [before[kind][code], on]
            for kind, picks in chosen.items()
            if kind in KINDS
            for code, on in picks.items()
            if code in before[kind] and before[kind][code] != on
        }
        for kind, picks in chosen.items():
            if kind in KINDS:
                ReminderPreference.objects.update_or_create(
                    user=user,
                    kind=kind,
                    defaults={
                        f"{code}_enabled": on for code, on in picks.items() if code in before[kind]
                    },
                )
        if changes:
            audit.record("reminder_preferences.updated", user, by, changes)
    return changes
