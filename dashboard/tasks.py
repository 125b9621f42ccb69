"""Thin Celery tasks of the dashboard: they take ids and call `exports`."""

from celery import shared_task

from . import exports


# The name it was registered under in `hongjun.dashboard`: a job queued in Redis during a
# deploy still finds it.
@shared_task(name="hongjun.dashboard.tasks.build_company_workbook", acks_late=True)
def build_company_workbook(job_id):
    """Build the company workbook of one ExportJob (idempotent: a finished job is skipped)."""
    return exports.build_company_workbook(job_id)


@shared_task(acks_late=True)
def build_ledger_pdf(job_id):
    """Build a branch's 台账 PDF of one ExportJob (idempotent: a finished job is skipped)."""
    return exports.build_ledger_pdf(job_id)
