"""The 三学 study reminder scan: tomorrow's sessions, to each invitee. Registered from
`SafetyConfig.ready`."""

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from branches.reminders import day_range
from reminders import services as reminders

from ..models import StudyAttendance


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


@reminders.register_scan("study_session")
def study_sessions_tomorrow(today):
    """Each invitee of a study session that starts tomorrow (one query: the invitations
    with their sessions and hosts). Invitees are the session's attendance rows, fixed when
    it was scheduled; those who left or have no account are skipped."""
    due = reminders.anchors("study_session", today)
    window = Q()
    for anchor in due:
        start, end = day_range(anchor)
        window |= Q(session__starts_at__gte=start, session__starts_at__lt=end)
    invitations = (
        StudyAttendance.objects.filter(
            window,
            member__is_active=True,
            member__user__isnull=False,
            member__user__is_active=True,
        )
        .select_related("session__host", "member")
        .order_by("session_id", "member_id")
    )
    rows, texts = [], {}
    for invitation in invitations:
        session = invitation.session
        if session.pk not in texts:
            starts = timezone.localtime(session.starts_at)
            values = {
                "mode": session.get_mode_display(),
                "topic": session.topic,
                "what": f"{session.get_mode_display()}：{session.topic}",
                "host": session.host.name,
                "date": _day(starts.date()),
                "time": formats.time_format(starts.time(), "TIME_FORMAT"),
                "place": session.place,
            }
            texts[session.pk] = (
                due[starts.date()],
                pgettext("study", "Tomorrow at %(time)s: %(what)s") % values,
                _(
                    "%(mode)s hosted by %(host)s on %(date)s at %(time)s in %(place)s.\n"
                    "Topic: %(topic)s"
                )
                % values,
            )
        due_on, subject, body = texts[session.pk]
        rows.append(
            reminders.row(
                "study_session",
                session,
                invitation.member.user_id,
                due_on,
                subject=subject,
                body=body,
                url=session.get_absolute_url(),
            )
        )
    return rows
