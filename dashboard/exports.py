"""Files of the dashboard: any table as .xlsx, the company-wide ledger of a year, and a
branch's 台账 of a year as PDF.

The last two are built in the background (`tasks.build_company_workbook`,
`tasks.build_ledger_pdf`): the task claims its ExportJob row with a conditional update,
builds the file (one sheet per branch with the branch ledger's rows, `branches.ledger`; or
the PDF of `branches.printing`), records its progress in the row as it goes, and stores the
file. The page polls the row.
"""

import datetime
import logging
import secrets
from io import BytesIO

from django.core.files.base import ContentFile
from django.db.models import Q
from django.http import FileResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from branches import ledger
from branches.models import ActivityKind, Branch
from dashboard.models import ExportJob
from hongjun import xlsx

logger = logging.getLogger(__name__)

# A job still `running` after this long lost its worker (killed mid-build): take it again.
STALE_AFTER = datetime.timedelta(minutes=30)


def table_workbook(table, caption):
    """One dashboard table (`tables.Table`) as a workbook: the rows the page shows."""
    workbook = xlsx.new_workbook()
    rows = [[cell.export for cell in row] for row in table.rows]
    if table.footer:
        rows.append([cell.export for cell in table.footer])
    xlsx.add_sheet(workbook, table.title, table.headers, rows, caption=caption)
    return workbook


# A drill-down workbook is written while the user waits: a company year is about 13,000
# activities; past this many rows the caption says the list was cut.
DRILL_DOWN_MAX_ROWS = 20_000


def activities_workbook(activities, caption):
    """The drill-down's activities (`branches.queries.activity_list` rows) as a workbook,
    the columns of the page; (workbook, rows written). One query."""
    rows = []
    for a in activities[: DRILL_DOWN_MAX_ROWS + 1]:
        rows.append(
            [
                timezone.localtime(a.starts_at).strftime("%Y-%m-%d %H:%M"),
                a.branch.name,
                str(a.get_kind_display()),
                a.party_group.name if a.party_group else "",
                a.topic,
                str(a.get_theme_display()),
                str(a.get_status_display()),
                a.present_count,
                a.attendance_count,
                pgettext("dashboard", "yes") if a.first_topic else "",
            ]
        )
    if len(rows) > DRILL_DOWN_MAX_ROWS:
        rows = rows[:DRILL_DOWN_MAX_ROWS]
        caption += " · " + pgettext("dashboard", "the first %(n)s rows") % {"n": len(rows)}
    workbook = xlsx.new_workbook()
    xlsx.add_sheet(
        workbook,
        pgettext("dashboard", "Activities"),
        [
            _("Date"),
            _("Branch"),
            pgettext("dashboard", "Kind"),
            _("Party group"),
            pgettext("dashboard", "Topic"),
            pgettext("dashboard", "Theme"),
            pgettext("dashboard", "Status"),
            pgettext("dashboard", "Present"),
            pgettext("dashboard", "Expected"),
            pgettext("dashboard", "First agenda item"),
        ],
        rows,
        caption=caption,
    )
    return workbook, len(rows)


def _claim(job_id):
    """Take the job for this worker; False when it is finished or another worker has it."""
    now = timezone.now()
    claimable = Q(state=ExportJob.State.QUEUED) | Q(
        state=ExportJob.State.RUNNING, started_at__lt=now - STALE_AFTER
    )
    return bool(
        ExportJob.objects.filter(claimable, pk=job_id).update(
            state=ExportJob.State.RUNNING, started_at=now, progress=0, error=""
        )
    )


def _progress(job_id, done, total):
    # 99 at most until the file is stored: "100 %" means it can be downloaded.
    ExportJob.objects.filter(pk=job_id).update(progress=min(99, 100 * done // max(total, 1)))


def _sheet_title(name, used):
    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in name)[:28]
    title, n = base, 2
    while title in used:
        title, n = f"{base}{n}", n + 1
    used.add(title)
    return title


def company_workbook(year, on_branch=None):
    """Every branch's held activities of `year` in one workbook: a summary, then a sheet per
    branch with the branch ledger's columns and the activity kind first.

    Three queries per branch (activities, attendance, evidence), by design: the task
    reports its progress branch by branch.
    """
    branches = list(
        Branch.objects.select_related("general_branch").order_by(
            "general_branch__order", "general_branch__name", "order", "name"
        )
    )
    workbook = xlsx.new_workbook()
    kinds = list(ActivityKind.choices)
    summary, used = [], {pgettext("dashboard", "Summary")}
    for index, branch in enumerate(branches, start=1):
        activities = ledger.activities_of_year(branch, year)
        by_kind = {}
        for activity in activities:
            by_kind[activity.kind] = by_kind.get(activity.kind, 0) + 1
        summary.append(
            [
                branch.name,
                branch.general_branch.name if branch.general_branch else "",
                *[by_kind.get(kind, 0) for kind, _label in kinds],
                len(activities),
                sum(1 for a in activities if a.first_topic),
            ]
        )
        rows = [
            [str(a.get_kind_display()), *ledger.activity_row(n, a)]
            for n, a in enumerate(activities, start=1)
        ]
        xlsx.add_sheet(
            workbook,
            _sheet_title(branch.name, used),
            [pgettext("dashboard", "Kind"), *ledger.headers()],
            rows,
            caption=pgettext("dashboard", "%(branch)s · activity ledger %(year)s")
            % {"branch": branch.name, "year": year},
        )
        if on_branch:
            on_branch(index, len(branches))
    sheet = xlsx.add_sheet(
        workbook,
        pgettext("dashboard", "Summary"),
        [
            _("Branch"),
            _("General branch"),
            *[str(label) for _kind, label in kinds],
            pgettext("dashboard", "Held"),
            pgettext("dashboard", "With first agenda item"),
        ],
        summary,
        caption=_("Company activity ledger %(year)s") % {"year": year},
    )
    workbook.move_sheet(sheet, offset=-(len(workbook.sheetnames) - 1))
    workbook.active = 0
    return workbook


def build_company_workbook(job_id):
    """The company workbook's task: claim, build with progress, store the file."""

    def make(job, on_progress):
        buffer = BytesIO()
        company_workbook(job.year, on_progress).save(buffer)
        return buffer.getvalue()

    return _build(job_id, make)


def build_ledger_pdf(job_id):
    """The branch ledger PDF's task: claim, build with progress, store the file."""
    from branches import printing

    def make(job, on_progress):
        return printing.ledger_pdf(job.branch, job.year, on_progress)

    return _build(job_id, make)


# What each kind of job stores: the file's extension, its type and the name it downloads as.
FILES = {
    ExportJob.Kind.COMPANY_WORKBOOK: (
        ".xlsx",
        xlsx.XLSX_TYPE,
        lambda job: _("Company activity ledger %(year)s.xlsx") % {"year": job.year},
    ),
    ExportJob.Kind.LEDGER_PDF: (
        ".pdf",
        "application/pdf",
        lambda job: (
            _("%(branch)s activity ledger %(year)s.pdf")
            % {"branch": job.branch.name, "year": job.year}
        ),
    ),
}


def _build(job_id, make):
    """Claim the job, `make(job, on_progress)` its bytes, store them; a failure is recorded
    on the job for its page (and the log), never raised into the worker."""
    if not _claim(job_id):
        return "skipped"
    job = ExportJob.objects.select_related("branch").get(pk=job_id)
    try:
        content = make(job, lambda done, total: _progress(job_id, done, total))
        extension = FILES[job.kind][0]
        job.file.save(f"{secrets.token_hex(16)}{extension}", ContentFile(content), save=False)
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportJob.State.DONE, progress=100, file=job.file.name, finished_at=timezone.now()
        )
        return "done"
    except Exception as error:
        logger.exception("Export job %s (%s) failed", job_id, job.kind)
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportJob.State.FAILED, error=str(error)[:1000], finished_at=timezone.now()
        )
        return "failed"


def download_name(job):
    """Reads `job.branch`: select it with the job."""
    return FILES[job.kind][2](job)


def serve(job):
    """The finished file as an attachment, with the headers of `hongjun.uploads.serve`."""
    response = FileResponse(job.file.open("rb"), content_type=FILES[job.kind][1])
    response["Content-Disposition"] = content_disposition_header(True, download_name(job))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
