"""The members' calendar feed as iCalendar (RFC 5545) text, written by hand: a few fields,
escaped and folded as the RFC says, so no library is needed at run time."""

import datetime

from django.utils import timezone

from .models import Activity


def escape(text):
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not pieces else 74  # a continuation line starts with one space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


# A 三学 session records when it starts, not when it ends: calendars show it this long.
STUDY_SESSION_LENGTH = "PT1H"


def _activity_event(activity, url_for, domain):
    details = [
        activity.branch.name,
        f"{activity.get_kind_display()} · {activity.get_theme_display()}",
    ]
    if activity.host:
        details.append(str(activity.host.name))
    if activity.party_group:
        details.append(activity.party_group.name)
    return [
        "BEGIN:VEVENT",
        f"UID:activity-{activity.pk}@{domain}",
        f"DTSTAMP:{_utc(activity.updated_at)}",
        f"DTSTART:{_utc(activity.starts_at)}",
        f"DTEND:{_utc(activity.ends_at)}",
        f"SUMMARY:{escape(activity.heading)}",
        f"LOCATION:{escape(activity.place)}",
        f"DESCRIPTION:{escape(chr(10).join(details))}",
        "STATUS:" + ("TENTATIVE" if activity.status == Activity.Status.PLANNED else "CONFIRMED"),
        f"URL:{url_for(activity)}",
        "END:VEVENT",
    ]


def _study_event(session, url_for, domain):
    mode = session.get_mode_display()
    details = [session.branch.name if session.branch_id else str(mode), str(session.host.name)]
    return [
        "BEGIN:VEVENT",
        f"UID:study-{session.pk}@{domain}",
        f"DTSTAMP:{_utc(session.created_at)}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DURATION:{STUDY_SESSION_LENGTH}",
        f"SUMMARY:{escape(f'{mode}：{session.topic}')}",
        f"LOCATION:{escape(session.place)}",
        f"DESCRIPTION:{escape(chr(10).join(details))}",
        "STATUS:CONFIRMED",
        f"URL:{url_for(session)}",
        "END:VEVENT",
    ]


def feed(activities, name, url_for, domain, sessions=()):
    """The calendar text for `activities` and the 三学 `sessions`; `url_for(record)` gives
    each one's page address."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hongjun//红领·铝航 activities//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{timezone.get_current_timezone_name()}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    ]
    for activity in activities:
        lines += _activity_event(activity, url_for, domain)
    for session in sessions:
        lines += _study_event(session, url_for, domain)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
