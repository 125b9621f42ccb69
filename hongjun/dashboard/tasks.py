"""Thin Celery tasks of the dashboard: they take ids and call `exports`."""

from celery import shared_task

from . import exports


@shared_task(acks_late=True)
def build_company_workbook(job_id):
    """Build the company workbook of one ExportJob (idempotent: a finished job is skipped)."""
    return exports.build_company_workbook(job_id)
