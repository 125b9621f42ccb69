"""The pledge's reminder scan: members who have not signed the version in force.

The pledge campaign starts on the day the version in force was published and lasts the
`lasts` days of the "pledge_unsigned" kind in `reminders.services.KINDS` (eight weeks): long
enough for shift workers and those away, short enough that the reminder does not turn into
noise. A newer version starts a new campaign. Registered from `SafetyConfig.ready`.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from branches.reminders import reachable_members
from reminders import services as reminders

from ..models import PledgeSignature
from . import queries


@reminders.register_scan("pledge_unsigned")
def pledge_unsigned(today):
    """Each active member with an account who has not signed the version in force (two
    queries: the version, the members)."""
    version = queries.current_version()
    if version is None:
        return []
    published_on = timezone.localdate(version.published_at)
    due_on = reminders.campaign_due_on("pledge_unsigned", published_on, today)
    if due_on is None:
        return []
    unsigned = (
        reachable_members()
        .filter(~Exists(PledgeSignature.objects.filter(version=version, member=OuterRef("pk"))))
        .values_list("user_id", flat=True)
    )
    subject = _("Please sign the safety pledge: %(title)s") % {"title": version.title}
    body = _(
        "You have not yet signed “%(title)s”, published on %(date)s. "
        "Reading and signing it takes a minute, on a phone too."
    ) % {"title": version.title, "date": formats.date_format(published_on, "DATE_FORMAT")}
    url = reverse("safety:sign")
    return [
        reminders.row("pledge_unsigned", version, user_id, due_on, subject, body, url)
        for user_id in unsigned
    ]
