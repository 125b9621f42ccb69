"""Photos for the demo company's activities (development tool, imported by `devtools` only
through `demo_activities`): a drawn picture of the meeting, a red banner with the activity's
kind over the rows of a meeting room, so the printed 会议记录 and the 台账 show pictures.

Only the demo account's branch gets them (two for a meeting held in the last four months),
which keeps `seed_demo` quick.
"""

import random
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from .models import ActivityAttachment

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
CAPTIONS = ["会议现场", "党员交流发言"]


def add(activity, rng):
    """Two photos of `activity`, named as a phone names them."""
    for n, caption in enumerate(CAPTIONS, start=1):
        content = _picture(str(activity.get_kind_display()), caption, rng)
        name = f"IMG_{activity.starts_at:%Y%m%d}_{n:02d}.jpg"
        ActivityAttachment.objects.create(
            activity=activity,
            kind=ActivityAttachment.Kind.PHOTO,
            file=ContentFile(content, name=name),
            original_name=f"{caption}.jpg",
            size=len(content),
        )


def _picture(title, caption, rng: random.Random):
    image = Image.new("RGB", (1200, 900), (226, 222, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1200, 330), fill=(236, 233, 226))  # the wall
    draw.rectangle((120, 60, 1080, 190), fill=(200, 16, 46))  # the banner
    font = ImageFont.truetype(str(FONT), 64) if FONT.exists() else None
    if font:
        draw.text((600, 125), title, fill=(255, 230, 160), font=font, anchor="mm")
        small = ImageFont.truetype(str(FONT), 28)
        draw.text((1170, 870), caption, fill=(90, 90, 90), font=small, anchor="rs")
    for row in range(3):  # rows of people at tables
        y = 420 + row * 150
        draw.rectangle((80, y + 70, 1120, y + 95), fill=(150, 110, 70))
        for seat in range(8):
            x = 130 + seat * 125 + rng.randint(-10, 10)
            shirt = rng.choice([(40, 60, 110), (70, 70, 80), (230, 230, 235), (30, 90, 60)])
            draw.ellipse((x, y, x + 50, y + 50), fill=(60, 45, 35))
            draw.rectangle((x - 12, y + 48, x + 62, y + 90), fill=shirt)
    out = BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()
