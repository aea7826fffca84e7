"""The Viasna petition for the demo site, from the petition's own text.

`load_petition()` is idempotent: it creates or updates /petition/viasna/ and
publishes it, featuring the live defenders that exist (Viasna members first;
nobody is invented).
"""

import html
from pathlib import Path

from django.db import transaction

from wagtail.models import Site

from defenders.models import Defender
from petition.models import PetitionDefender, PetitionIndexPage, PetitionPage
from records.demo.translations import translated

SOURCE = Path(__file__).resolve().parent / "demo" / "petition-viasna.txt"

PRIVACY_NOTICE = (
    "<p>We keep your name, email and country to count and deliver your "
    "signature, and nothing else: no IP address. Your signature counts once "
    "you confirm it from the email we send; a signature not confirmed within "
    "30 days is deleted. Your name is never published: only your first name, and "
    "only if you tick the box. The petition is delivered with names and "
    "countries, never emails. Every email has a link to withdraw your "
    "signature and delete your details.</p>"
)
THANK_YOU = (
    "<p>Thank you: your signature is confirmed and counted. Share the petition "
    "so that more people call for the release of the Viasna defenders.</p>"
)
EMAIL_TEXT = (
    "Thank you for standing with the imprisoned members of the Human Rights "
    "Center Viasna."
)


def source_text():
    return SOURCE.read_text(encoding="utf-8")


def parse(text):
    """(title, intro html, body html) from the petition's plain text."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    title, intro = paragraphs[0], paragraphs[1]
    body = []
    for para in paragraphs[2:]:
        lines = [line.strip() for line in para.splitlines() if line.strip()]
        bullets = [line.lstrip("•").strip() for line in lines if line[0] == "•"]
        if bullets:
            items = "".join(f"<li>{html.escape(b)}</li>" for b in bullets)
            body.append(f"<ul>{items}</ul>")
        elif len(lines) == 1 and lines[0].endswith(":"):
            body.append(f"<h2>{html.escape(lines[0].rstrip(':'))}</h2>")
        else:
            body.append(f"<p>{html.escape(' '.join(lines))}</p>")
    return title, f"<p>{html.escape(intro)}</p>", "".join(body)


def featured_defenders():
    live = Defender.objects.live()
    members = live.filter(memberships__organization__name__icontains="viasna")
    return list((members.distinct() if members.exists() else live).order_by("name"))


@transaction.atomic
def load_petition(tally=None, stdout=None):
    """Create or update the demo petition; publish only when something changed."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise RuntimeError("No default site: run migrations first.")
    home = site.root_page
    index = PetitionIndexPage.objects.first()
    if index is None:
        index = PetitionIndexPage(
            title="Petitions", slug="petition", **translated("page", "petition")
        )
        home.add_child(instance=index)
        index.save_revision().publish()

    title, intro, body = parse(source_text())
    wanted = {
        "title": title,
        "intro": intro,
        "body": body,
        "addressee": "The authorities of the Republic of Belarus",
        "goal": 10_000,
        "privacy_notice": PRIVACY_NOTICE,
        "thank_you_text": THANK_YOU,
        "confirmation_email_text": EMAIL_TEXT,
        **translated("page", "viasna"),
    }
    defenders = featured_defenders()
    page = PetitionPage.objects.child_of(index).filter(slug="viasna").first()
    created = page is None
    if created:
        page = PetitionPage(title=title, slug="viasna")
        index.add_child(instance=page)
    unchanged = (
        not created
        and page.live
        and not page.has_unpublished_changes
        and all(getattr(page, name) == value for name, value in wanted.items())
        and [f.defender_id for f in page.featured_defenders.all()]
        == [d.pk for d in defenders]
    )
    if tally is not None:
        tally.add(
            PetitionPage,
            "created" if created else "unchanged" if unchanged else "updated",
        )
    if unchanged:
        return page
    for name, value in wanted.items():
        setattr(page, name, value)
    page.featured_defenders = [
        PetitionDefender(defender=defender, sort_order=i)
        for i, defender in enumerate(defenders)
    ]
    page.save_revision().publish()
    if stdout is not None:
        verb = "Created" if created else "Updated"
        stdout.write(
            f"{verb} the petition {page.url} featuring {len(defenders)} defender(s)."
        )
    return page
