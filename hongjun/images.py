"""Uploaded photos made small for paper: the print view, the PDF ledger and the workbook's
thumbnails embed these instead of the camera's 5 MB originals.

A photo is read at reduced size where the format allows (JPEG's draft mode decodes at 1/2,
1/4 or 1/8 scale, most of the work saved), turned upright by its EXIF orientation, and
written as a baseline JPEG, which PDF embeds as it is (no re-encoding in WeasyPrint).
"""

import logging
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from . import uploads

logger = logging.getLogger(__name__)

# Long side in pixels. PRINT: 7.5 cm of an A4 page at about 170 dpi, two photos abreast (and
# 1/8 of a phone's 4000 px, which JPEG decodes fastest). THUMBNAIL: a workbook cell's
# picture, legible on screen, small enough for a year of them.
PRINT = 500
THUMBNAIL = 160


def downscale(field_file, longest=PRINT, quality=78):
    """The stored image as JPEG bytes at most `longest` px on its long side, and its size.

    Returns (bytes, (width, height)), or None for a file that is not a readable image (a
    PDF among the photos, a truncated upload, a decompression bomb past Pillow's limit):
    the caller lists it by name instead.
    """
    try:
        with field_file.open("rb") as handle:
            found = uploads.sniff(handle)
            if found is None or found[0] != "image":
                return None
            with Image.open(handle) as image:
                image.draft("RGB", _box(image.size, longest))
                image = ImageOps.exif_transpose(image)
                if image.mode not in ("RGB", "L"):
                    image = _flatten(image)
                image.thumbnail((longest, longest), Image.Resampling.BILINEAR)
                out = BytesIO()
                image.save(out, "JPEG", quality=quality, optimize=False)
                return out.getvalue(), image.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        logger.warning("Could not read the image %s", field_file.name, exc_info=True)
        return None


def _box(size, longest):
    """The target box with the picture's own proportions: JPEG's draft mode picks its scale
    from the box, and a square box would keep a 4000×3000 photo at 1/4 instead of 1/8."""
    width, height = size
    if width >= height:
        return longest, max(1, longest * height // max(width, 1))
    return max(1, longest * width // max(height, 1)), longest


def _flatten(image):
    """RGBA, palette and CMYK images on a white page (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        page = Image.new("RGB", image.size, "white")
        page.paste(image, mask=image.getchannel("A"))
        return page
    return image.convert("RGB")
