"""A defender's share card: /defenders/<slug>/share.png, the profile's og:image.

It says what the top of the profile says, from the same functions: the
name, the status and its as-of date, and the days held as `held_statement`
writes them. Nothing else of the record is read into it.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from defenders.models import Defender
from events.timeline import Timeline, held_statement, load_timelines
from records.cache import public_version
from records.share_image import ACCENT, MUTED, Line, etag, png_response

# The fields the card shows (and those the days held are counted from).
CARD_FIELDS = (
    "pk",
    "slug",
    "name",
    "name_be",
    "status",
    "status_as_of",
    "status_as_of_precision",
    "status_as_of_approximate",
    "updated_at",
)


def defender_card_lines(defender, today=None):
    """What the card says, top to bottom: public fields only."""
    held = held_statement(defender, today, Timeline.of(defender))
    status = capfirst(defender.get_status_display())
    if defender.status_as_of:
        status = _("%(status)s, as of %(day)s") % {
            "status": status,
            "day": defender.status_as_of_display,
        }
    return [
        Line(defender.local_name, size=68, bold=True),
        Line(defender.name_be, size=44, color=MUTED, max_lines=1),
        Line(status, size=38, space_before=28),
        Line(
            _("Held for %(held)s") % {"held": held} if held else "",
            size=44,
            bold=True,
            color=ACCENT,
            max_lines=3,
            space_before=16,
        ),
    ]


def defender_share_image(request, slug):
    """The card of a live defender (404 for a draft or an unknown slug)."""
    defender = get_object_or_404(Defender.objects.live().only(*CARD_FIELDS), slug=slug)
    # The public version moves with any published change, an event's too:
    # the days held are counted from events.
    tag = etag("defender", defender.pk, defender.updated_at, public_version(request))

    def lines():
        load_timelines([defender])
        return defender_card_lines(defender, timezone.localdate())

    return png_response(request, tag, lines)
