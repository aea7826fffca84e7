"""A petition's share card: /petition/<slug>/share.png, its page's og:image.

The title, whom it is addressed to, the confirmed signatures and the goal:
what the page shows above its form. No signer is ever read into it.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from petition.models import PetitionPage
from records.public import grouped
from records.share_image import ACCENT, MUTED, Line, etag, png_response

CARD_FIELDS = (
    "id",
    "title",
    "slug",
    "addressee",
    "goal",
    "signature_count",
    "last_published_at",
)


def petition_card_lines(petition):
    count, goal = petition.signature_count, petition.goal
    addressee = (
        _("To: %(addressee)s") % {"addressee": petition.addressee}
        if petition.addressee
        else ""
    )
    return [
        Line(petition.title, size=60, bold=True, max_lines=3),
        Line(addressee, size=34, color=MUTED, max_lines=1, space_before=8),
        Line(
            ngettext(
                "%(count)s confirmed signature",
                "%(count)s confirmed signatures",
                count,
            )
            % {"count": grouped(count)},
            size=56,
            bold=True,
            color=ACCENT,
            max_lines=1,
            space_before=32,
        ),
        Line(
            ngettext(
                "of a goal of %(shown)s signature",
                "of a goal of %(shown)s signatures",
                goal,
            )
            % {"shown": grouped(goal)},
            size=36,
            color=MUTED,
            max_lines=1,
        ),
    ]


def petition_share_image(request, slug):
    """The card of a live, public petition (404 for a draft, a page behind a
    password or login, or an unknown slug)."""
    petition = (
        PetitionPage.objects.live().public().filter(slug=slug).only(*CARD_FIELDS)
    ).first()
    if petition is None:
        raise Http404
    # The count changes with each confirmation, without a page save.
    tag = etag(
        "petition", petition.pk, petition.last_published_at, petition.signature_count
    )
    return png_response(request, tag, lambda: petition_card_lines(petition))
