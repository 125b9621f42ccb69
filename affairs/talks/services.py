"""谈心谈话 changes: a talk recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from affairs.models import Talk
from hongjun import access, audit


def record_talk(branch, data, by):
    """A talk between two members of `branch`. The audit entry says who and when, never the
    gist: the log is the committee's to read, the gist is not."""
    access.require(access.can_record_talk(by, branch))
    talker, talkee = data["talker"], data["talkee"]
    if talker == talkee:
        raise ValidationError(_("A talk is between two members: choose someone else."))
    if {talker.branch_id, talkee.branch_id} != {branch.pk}:
        raise ValidationError(_("Both members must be in %(branch)s.") % {"branch": branch})
    with transaction.atomic():
        talk = Talk.objects.create(
            branch=branch,
            talker=talker,
            talkee=talkee,
            held_on=data["held_on"],
            gist=data["gist"].strip(),
            recorded_by=by,
        )
        audit.record(
            "talk.recorded",
            talk,
            by,
            {"talker": talker, "talkee": talkee, "held_on": talk.held_on},
        )
    return talk
