"""The branch's yearly ledger (台账) as a workbook: a summary sheet, then a sheet per activity
kind with one row per held activity, attendance and 第一议题 included."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hongjun import images, xlsx

from . import compliance
from .models import Activity, ActivityAttachment, ActivityKind, Attendance


def activities_of_year(branch, year):
    """The branch's held activities in `year` with attendance, evidence and who recorded them
    (three queries)."""
    tz = timezone.get_current_timezone()
    return list(
        Activity.objects.filter(
            branch=branch,
            status=Activity.Status.HELD,
            starts_at__gte=timezone.make_aware(datetime.datetime(year, 1, 1), tz),
            starts_at__lt=timezone.make_aware(datetime.datetime(year + 1, 1, 1), tz),
        )
        .select_related("branch", "host", "party_group", "created_by__member")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("member").order_by("member__name"),
            ),
            Prefetch("attachments", queryset=ActivityAttachment.objects.order_by("kind", "id")),
        )
        .order_by("starts_at", "id")
    )


def _names(rows, with_reason=False):
    if with_reason:
        return "、".join(f"{r.member.name}（{r.reason}）" for r in rows)
    return "、".join(r.member.name for r in rows)


def _row(number, activity, shown=()):
    """The ledger's cells for an activity; evidence in `shown` (ids of photos the sheet
    shows as pictures) is not listed again by name."""
    start = timezone.localtime(activity.starts_at)
    end = timezone.localtime(activity.ends_at)
    by_status = {s: [] for s in Attendance.Status.values}
    for row in activity.attendances.all():
        by_status[row.status].append(row)
    present = by_status[Attendance.Status.PRESENT]
    excused = by_status[Attendance.Status.EXCUSED]
    absent = by_status[Attendance.Status.ABSENT]
    return [
        number,
        start.strftime("%Y-%m-%d"),
        f"{start:%H:%M}–{end:%H:%M}",
        activity.place,
        activity.host.name if activity.host else "",
        activity.party_group.name if activity.party_group else "",
        activity.topic,
        str(activity.get_theme_display()),
        _("yes") if activity.first_topic else _("no"),
        activity.first_topic_text,
        activity.content,
        len(present) + len(excused) + len(absent),
        len(present),
        len(excused),
        len(absent),
        _names(present),
        _names(excused, with_reason=True),
        _names(absent, with_reason=True),
        "、".join(
            f"{a.get_kind_display()}:{a.original_name}"
            for a in activity.attachments.all()
            if a.pk not in shown
        ),
    ]


def thumbnails(activity):
    """The activity's photos as workbook thumbnails: {attachment id: (jpeg, (w, h))}. Reads
    each photo file (not the database); a file that is not a picture is left out."""
    found = {}
    for attachment in activity.attachments.all():
        if attachment.kind == ActivityAttachment.Kind.PHOTO:
            picture = images.downscale(attachment.file, images.THUMBNAIL, quality=70)
            if picture:
                found[attachment.pk] = picture
    return found


def activity_row(number, activity):
    """One held activity as a ledger row; the company workbook (`dashboard`) reuses it."""
    return _row(number, activity)


def headers():
    return [
        _("No."),
        _("Date"),
        _("Time"),
        pgettext("branch", "Place"),
        _("Host"),
        _("Party group"),
        pgettext("branch", "Topic"),
        pgettext("branch", "Theme"),
        pgettext("branch", "First agenda item"),
        _("Studied as the first agenda item"),
        _("Content or minutes"),
        _("Expected"),
        pgettext("branch", "Present"),
        _("Excused"),
        _("Absent"),
        _("Present members"),
        _("Excused (reason)"),
        _("Absent (reason)"),
        pgettext("branch", "Evidence"),
    ]


def build(branch, year, on=None):
    """The workbook: 汇总 (each kind: count and cadence) and a sheet per kind held or required,
    each activity's photos in its last column as thumbnails.

    Five queries whatever the number of activities or members.
    """
    activities = activities_of_year(branch, year)
    rules = {r.kind: r for r in compliance.rules()}
    by_kind = {}
    for activity in activities:
        by_kind.setdefault(activity.kind, []).append(activity)
    kinds = [k for k in ActivityKind.values if k in by_kind or k in rules]

    workbook = xlsx.new_workbook()
    summary = []
    for kind in kinds:
        rule = rules.get(kind)
        held = by_kind.get(kind, [])
        first = sum(1 for a in held if a.first_topic)
        summary.append(
            [
                str(ActivityKind(kind).label),
                str(rule.get_period_display()) if rule else "—",
                rule.minimum if rule else "—",
                len(held),
                first,
            ]
        )
    caption = pgettext("branch", "%(branch)s · activity ledger %(year)s") % {
        "branch": branch.name,
        "year": year,
    }
    xlsx.add_sheet(
        workbook,
        pgettext("branch", "Summary"),
        [
            pgettext("branch", "Kind"),
            pgettext("branch", "Required cadence"),
            _("Minimum"),
            pgettext("branch", "Held"),
            pgettext("branch", "With first agenda item"),
        ],
        summary,
        caption=caption,
    )
    for kind in kinds:
        label = str(ActivityKind(kind).label)
        rows, pictures = [], []
        for i, activity in enumerate(by_kind.get(kind, []), start=1):
            shown = thumbnails(activity)
            rows.append([*_row(i, activity, shown), ""])
            pictures.append(list(shown.values()))
        xlsx.add_sheet(
            workbook,
            _sheet_title(label),
            [*headers(), pgettext("branch", "Photos")],
            rows,
            caption=f"{branch.name} · {label} · {year}",
            pictures=pictures,
        )
    return workbook


def _sheet_title(label):
    for ch in "[]:*?/\\":
        label = label.replace(ch, " ")
    return label[:31]
