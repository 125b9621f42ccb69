"""Uploaded files: checked by content (not by name), stored under random names, served as
attachments through a scoped view.

Use `validate_upload` as a form field validator, `RandomName("activities")` as a FileField's
`upload_to`, and `serve(field_file)` from a view that has already checked access.
"""

import io
import os
import secrets

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A page shows evidence photos this many pixels on the longer side, not the phone's 10 MB.
THUMBNAIL_PX = 480
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}

# Magic numbers of the types the portal accepts, and the type each is served with.
SIGNATURES = [
    (b"\xff\xd8\xff", "image", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image", "image/png", ".png"),
    (b"GIF87a", "image", "image/gif", ".gif"),
    (b"GIF89a", "image", "image/gif", ".gif"),
    (b"%PDF-", "pdf", "application/pdf", ".pdf"),
]


def sniff(file):
    """(kind, content type, extension) of an uploaded file by its first bytes, or None."""
    pos = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(pos)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "image/webp", ".webp"
    for magic, kind, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return kind, content_type, ext
    return None


def validate_upload(file, kinds=("image", "pdf"), max_bytes=MAX_UPLOAD_BYTES):
    """Refuse files over `max_bytes` or whose content is not one of `kinds`."""
    if file is None:
        return
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    found = sniff(file)
    if found is None or found[0] not in kinds:
        if tuple(kinds) == ("image",):
            message = _("The file is not an image (JPEG, PNG, GIF or WebP).")
        else:
            message = _("The file is neither an image (JPEG, PNG, GIF or WebP) nor a PDF.")
        raise ValidationError(message, code="bad_type")


def validate_image(file):
    validate_upload(file, kinds=("image",))


@deconstructible
class RandomName:
    """`upload_to` for a FileField: a random name under `<prefix>/<year>/<month>/`."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        ext = os.path.splitext(filename)[1].lower()
        if ext not in {".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf"}:
            ext = ""
        now = timezone.now()
        return f"{self.prefix}/{now:%Y/%m}/{secrets.token_hex(16)}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


def serve(field_file, download_name=None):
    """Serve a stored file as an attachment with the type its content shows."""
    handle = field_file.open("rb")
    found = sniff(handle)
    content_type = found[1] if found else "application/octet-stream"
    name = download_name or os.path.basename(field_file.name)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def is_image(field_file):
    """Whether a stored file is a photo, by the extension its random name kept (the upload
    was checked by content when it came in); no query, no file read."""
    return bool(field_file) and os.path.splitext(field_file.name)[1].lower() in IMAGE_EXTENSIONS


def thumbnail(field_file, px=THUMBNAIL_PX):
    """A JPEG of the stored image at most `px` on its longer side, turned upright by its EXIF
    orientation; None when the file is not an image Pillow can read."""
    from PIL import Image, ImageOps

    with field_file.open("rb") as handle:
        found = sniff(handle)
        if found is None or found[0] != "image":
            return None
        try:
            with Image.open(handle) as image:
                image.draft("RGB", (px, px))  # a JPEG decodes at a fraction of its size
                picture = ImageOps.exif_transpose(image)
                picture.thumbnail((px, px))
                if picture.mode not in ("RGB", "L"):
                    picture = picture.convert("RGBA")
                    flat = Image.new("RGB", picture.size, "white")
                    flat.paste(picture, mask=picture.getchannel("A"))
                    picture = flat
                out = io.BytesIO()
                picture.save(out, "JPEG", quality=80)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return None
    return out.getvalue()


def serve_for(request, field_file, download_name=None):
    """The file as `serve` sends it or, with `?size=thumb`, its thumbnail shown inline (an
    <img> on the record's page). The caller has checked access, as for `serve`."""
    if request.GET.get("size") != "thumb":
        return serve(field_file, download_name)
    data = thumbnail(field_file)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
