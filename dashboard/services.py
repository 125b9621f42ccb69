"""Changes of state on the dashboard: the committee's weights and green-power figures, and
the requests for a company workbook and a branch's ledger PDF. Each checks permission, runs
in one transaction and writes its audit entry."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from dashboard.models import ExportJob, GreenPowerShare, ScoreWeight
from hongjun import access, audit

from .score import INDICATORS

logger = logging.getLogger(__name__)


def set_weights(weights, by):
    """Replace the score weights; refused unless they cover every indicator and make 100."""
    access.require(access.can_manage_dashboard(by))
    codes = {i.code for i in INDICATORS}
    if set(weights) != codes or any(not 0 <= w <= 100 for w in weights.values()):
        raise ValidationError(_("Give every indicator a weight from 0 to 100."))
    if sum(weights.values()) != 100:
        raise ValidationError(
            _("The weights add up to %(total)s %%; they must add up to exactly 100 %%.")
            % {"total": sum(weights.values())}
        )
    with transaction.atomic():
        # Lock the rows: two committee members saving at once end with one whole set.
        current = {w.indicator: w for w in ScoreWeight.objects.select_for_update()}
        for code, weight in weights.items():
            row = current.get(code)
            if row is None:
                row = ScoreWeight.objects.create(indicator=code, weight=weight)
                audit.record("score_weight.set", row, by, {"weight": [None, weight]})
            elif row.weight != weight:
                audit.record("score_weight.set", row, by, {"weight": [row.weight, weight]})
                row.weight = weight
                row.save(update_fields=["weight"])
        ScoreWeight.objects.exclude(indicator__in=codes).delete()


def save_green_power(month, percent, note, by):
    """Enter or correct one month's green-power share."""
    access.require(access.can_manage_dashboard(by))
    with transaction.atomic():
        row = GreenPowerShare.objects.select_for_update().filter(month=month).first()
        old = None if row is None else row.percent
        if row is None:
            row = GreenPowerShare(month=month)
        row.percent, row.note, row.entered_by = percent, note, by
        row.save()
        audit.record("green_power.entered", row, by, {"percent": [old, percent], "note": note})
    return row


def request_company_workbook(year, by):
    """Queue the company-wide workbook of `year`; the task starts once this commits."""
    from .tasks import build_company_workbook

    access.require(access.can_manage_dashboard(by))
    return _queue(build_company_workbook, by, year=year)


def request_ledger_pdf(branch, year, by):
    """Queue the PDF of `branch`'s 台账 of `year`; the task starts once this commits."""
    from .tasks import build_ledger_pdf

    access.require(access.can_download_ledger(by, branch))
    return _queue(build_ledger_pdf, by, year=year, kind=ExportJob.Kind.LEDGER_PDF, branch=branch)


def _queue(task, by, **fields):
    job = None
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(requested_by=by, **fields)
            details = {"year": job.year}
            if job.branch:
                details["branch"] = job.branch.name
            audit.record("export.requested", job, by, details)
            task.delay_on_commit(job.pk)
    except BrokerUnavailable:
        # The row is committed but no worker will hear of it: say so on the job's page
        # rather than leave it queued for ever.
        logger.warning("Could not queue export job %s", job.pk, exc_info=True)
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.FAILED,
            error=_("The task queue could not be reached; try again in a few minutes."),
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job


def record_drill_down_export(scope, filters, rows, by):
    """Audit a download of the records behind a dashboard number: who took which scope's
    list, filtered how, and how many rows. Recorded on the scope's branch or 党总支, or on
    the 党委 for the company (on the account itself where there is no 党委 row)."""
    from branches.models import Committee

    access.require(access.can_see_dashboard(by))
    subject = scope.branch or scope.general
    if subject is None:
        subject = Committee.objects.order_by("pk").first() or by
    audit.record(
        "export.drill_down",
        subject,
        by,
        {"scope": scope.label, "filters": filters, "rows": rows},
    )
