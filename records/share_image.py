"""Share cards: the 1200×630 PNG a link preview shows (og:image).

The apps say what a card says (`events.share`, `petition.share`), as a list
of `Line`s built only from what the public page shows; this module only
draws them. Pillow is what Wagtail's images already use.
"""

import functools
import hashlib
import io
from pathlib import Path
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import get_language

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FOOTER_SIZE = 40
# The site's colours (static/css/docket.css).
INK, MUTED, ACCENT, PAPER = "#1b1b1f", "#55565c", "#9b1c1c", "#ffffff"
RULE = "#d9d9de"
# DejaVu Sans covers Latin and Cyrillic; without it Pillow's own font.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SITE_NAME = "Docket"
# Link previews fetch a card once and keep it; a browser revalidates by ETag.
MAX_AGE = 3600


class Line(NamedTuple):
    """One paragraph of a card, wrapped to at most `max_lines` lines."""

    text: str
    size: int = 40
    bold: bool = False
    color: str = INK
    max_lines: int = 2
    space_before: int = 0


@functools.cache
def font_path(bold=False):
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return str(path) if path.exists() else None


@functools.cache
def font(size, bold=False):
    path = font_path(bold)
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def wrap(text, face, width, max_lines):
    """`text` in lines no wider than `width`; past `max_lines`, the last one
    ends with an ellipsis. A word wider than a line is cut."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while face.getlength(word) > width:  # a very long word: cut it
            cut = len(word)
            while cut > 1 and face.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and face.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


def render(lines):
    """The card as PNG bytes: `lines` from the top, the site's name below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 16), fill=ACCENT)
    width = WIDTH - 2 * MARGIN
    footer_y = HEIGHT - 48 - FOOTER_SIZE
    bottom = footer_y - 32  # text never runs into the footer
    y = MARGIN
    for line in lines:
        if not line.text:
            continue
        face = font(line.size, line.bold)
        y += line.space_before
        for text in wrap(line.text, face, width, line.max_lines):
            if y + line.size > bottom:
                break
            draw.text((MARGIN, y), text, font=face, fill=line.color)
            y += round(line.size * 1.25)
    draw.line(
        (MARGIN, footer_y - 20, WIDTH - MARGIN, footer_y - 20), fill=RULE, width=2
    )
    draw.text((MARGIN, footer_y), SITE_NAME, font=font(FOOTER_SIZE, True), fill=ACCENT)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def etag(*parts):
    """An ETag from what the card shows: the record's state, and the day and
    language its text is written for (days held count up daily)."""
    seed = ":".join(str(p) for p in (*parts, timezone.localdate(), get_language()))
    return quote_etag(hashlib.sha256(seed.encode()).hexdigest()[:32])


def png_response(request, tag, lines):
    """A public, cacheable PNG of the card `lines()` draws, with ETag `tag`.
    A request that already has it gets a 304, and nothing is drawn."""
    response = get_conditional_response(request, etag=tag)
    if response is None:
        response = HttpResponse(render(lines()), content_type="image/png")
    response["ETag"] = tag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
