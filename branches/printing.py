"""The branch's records on paper: an activity's 会议记录 (the print view) and the year's 台账
as a PDF (WeasyPrint): a cover, a contents page, then a section per activity kind with its
list and each activity's 会议记录, photos embedded at print size.

Both print the same include (`templates/print/includes/minutes.html`) from the same
`Minutes` records, so the page a secretary prints and the inspector's PDF never differ.
"""

import dataclasses
import logging
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from hongjun import images

from . import compliance, ledger
from .models import ActivityAttachment, ActivityKind, Attendance, Role

PRINT_CSS = "css/print.css"
PHOTO_THREADS = 2

# WeasyPrint logs every step of every page at INFO: thousands of lines a ledger.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclasses.dataclass
class Photo:
    attachment: ActivityAttachment
    src: str
    width: int = 0
    height: int = 0


@dataclasses.dataclass
class Minutes:
    """One activity's 会议记录: what the print view and each page of the PDF show."""

    activity: object
    present: list
    excused: list
    absent: list
    recorder: str
    secretary: str
    photos: list
    other_evidence: list

    @property
    def expected(self):
        return len(self.present) + len(self.excused) + len(self.absent)

    @property
    def missing(self):
        """The excused and the absent, each with their reason: 缺席人员及原因."""
        return self.excused + self.absent


def member_name(user):
    """The name of the member behind a user account, or "" (a staff account has none).

    Reads `user.member`: select it with the user, or this runs a query.
    """
    if user is None:
        return ""
    try:
        return user.member.name
    except AttributeError:
        return ""
    except user._meta.model.member.RelatedObjectDoesNotExist:
        return ""


def secretary_of(branch):
    """The branch secretary's name ("" while the office is vacant). One query."""
    role = (
        Role.objects.filter(branch=branch, kind=Role.Kind.SECRETARY)
        .select_related("member")
        .first()
    )
    return role.member.name if role else ""


def minutes(activity, secretary, photo_src):
    """The 会议记录 of an activity fetched with its attendance, attachments and recorder
    (`ledger.activities_of_year`, `queries.activity_detail`); no query of its own.

    `photo_src(attachment)` says where a photo's picture comes from: a URL for the browser,
    an address the PDF's fetcher answers from memory.
    """
    groups = {status: [] for status in Attendance.Status.values}
    for row in activity.attendances.all():
        groups[row.status].append(row)
    photos, other = [], []
    for attachment in activity.attachments.all():
        if attachment.kind == ActivityAttachment.Kind.PHOTO:
            found = photo_src(attachment)
            if found:
                photos.append(Photo(attachment, *found))
                continue
        other.append(attachment)
    return Minutes(
        activity=activity,
        present=groups[Attendance.Status.PRESENT],
        excused=groups[Attendance.Status.EXCUSED],
        absent=groups[Attendance.Status.ABSENT],
        recorder=member_name(activity.created_by),
        secretary=secretary,
        photos=photos,
        other_evidence=other,
    )


def print_css():
    """The print stylesheet's text: the browser links it, WeasyPrint is handed it."""
    with open(finders.find(PRINT_CSS), encoding="utf-8") as handle:
        return handle.read()


# The year's 台账 as a PDF --------------------------------------------------------------


def _fetcher(photos):
    """WeasyPrint's only source of images: the photos prepared in memory, nothing else.

    A topic or a minutes text cannot make the build read a file or call the network: the
    templates escape it, and any address but a prepared `photo:<id>` is refused here.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PhotoFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in photos:
                raise ValueError(f"Not a photo of this ledger: {url[:80]}")
            return URLFetcherResponse(url, photos[url], headers={"Content-Type": "image/jpeg"})

    return PhotoFetcher()


def _photo_key(attachment):
    return f"photo:{attachment.pk}"


def prepare_photos(activities, on_photo=None):
    """Every photo of `activities` at print size, read once: {"photo:<id>": (jpeg, (w, h))}.

    A file that is not a readable image is left out (the ledger lists it by name).
    """
    found = {}
    attachments = [
        a
        for activity in activities
        for a in activity.attachments.all()
        if a.kind == ActivityAttachment.Kind.PHOTO
    ]
    # Decoding and encoding release the GIL: two threads keep two cores busy.
    with ThreadPoolExecutor(PHOTO_THREADS) as pool:
        pictures = pool.map(lambda a: images.downscale(a.file, images.PRINT), attachments)
        for done, (attachment, picture) in enumerate(
            zip(attachments, pictures, strict=True), start=1
        ):
            if picture:
                found[_photo_key(attachment)] = picture
            if on_photo:
                on_photo(done, len(attachments))
    return found


@dataclasses.dataclass
class Section:
    kind: str
    label: str
    rule: object
    minutes: list
    first_page: int = 0


def _render(template, context, css, fetcher, first_page):
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    page_css = CSS(string=f"@page :first {{ counter-reset: page {first_page} }}")
    return HTML(string=html, url_fetcher=fetcher).render(stylesheets=[css, page_css])


def ledger_pdf(branch, year, on_progress=None):
    """The branch's 台账 of `year` as PDF bytes.

    Photos are read and made small first (the slow part on a year of camera pictures),
    then each kind's section is laid out on its own, so progress moves section by section
    and the contents page can name the page each section starts on. `on_progress(done,
    total)` is called as it goes (photos count one, an activity's 会议记录 one).
    """
    from weasyprint import CSS

    activities = ledger.activities_of_year(branch, year)
    rules = {r.kind: r for r in compliance.rules()}
    secretary = secretary_of(branch)
    photo = ActivityAttachment.Kind.PHOTO
    photo_count = sum(1 for a in activities for f in a.attachments.all() if f.kind == photo)
    total = photo_count + len(activities) + 1

    def photos_done(done, _all):
        if on_progress:
            on_progress(done, total)

    prepared = prepare_photos(activities, photos_done)
    fetcher = _fetcher({url: data for url, (data, _size) in prepared.items()})

    def photo_src(attachment):
        found = prepared.get(_photo_key(attachment))
        return (_photo_key(attachment), *found[1]) if found else None

    by_kind = {}
    for activity in activities:
        by_kind.setdefault(activity.kind, []).append(activity)
    sections = [
        Section(
            kind=kind,
            label=str(ActivityKind(kind).label),
            rule=rules.get(kind),
            minutes=[minutes(a, secretary, photo_src) for a in by_kind.get(kind, [])],
        )
        for kind in ActivityKind.values
        if kind in by_kind or kind in rules
    ]
    css = CSS(string=print_css())
    generated = timezone.localtime()
    common = {"branch": branch, "year": year, "generated": generated}

    def front(numbered):
        return _render(
            "print/ledger_front.html",
            {**common, "sections": sections, "numbered": numbered, "total": len(activities)},
            css,
            fetcher,
            1,
        )

    # The front matter's length first (numbers not known yet), then the sections after it.
    next_page = len(front(numbered=False).pages) + 1
    documents = []
    done = photo_count
    for section in sections:
        section.first_page = next_page
        document = _render(
            "print/ledger_section.html", {**common, "section": section}, css, fetcher, next_page
        )
        documents.append(document)
        next_page += len(document.pages)
        done += len(section.minutes)
        if on_progress:
            on_progress(done, total)
    cover = front(numbered=True)
    pages = [page for document in (cover, *documents) for page in document.pages]
    out = BytesIO()
    cover.copy(pages).write_pdf(out)
    return out.getvalue()
