"""Slugs made from a record's name: the one answer for the admin (the form
fills an empty slug on save) and the case-list import.

A slug is ASCII: a Cyrillic name is transliterated ("Алесь" gives "ales")
with anyascii, as Wagtail does, rather than dropped as Django's slugify does.
"""

from anyascii import anyascii

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import TitleFieldPanel

NO_SLUG = _("Enter a slug: the name has no letters or digits to make one from.")


def slug_from(text, max_length=200):
    """A slug of `text`: "Ales Bialiatski" gives "ales-bialiatski", "Алесь
    Бяляцкі" gives "ales-byalyatski"; "" when it has no letters or digits."""
    return slugify(anyascii(text or ""))[:max_length].strip("-")


def free_slug(slug, taken, max_length=200):
    """`slug`, or the first of slug-2, slug-3… that is not in `taken`."""
    base, number = slug, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
    return slug


def fill_slug(record):
    """Give a record with an empty slug one from its name (`slug_source`),
    unique among its kind. A message for the slug field if it cannot."""
    if not record.slug_source or record.slug:
        return None
    max_length = type(record)._meta.get_field("slug").max_length
    slug = slug_from(record.slug_text(), max_length)
    if not slug:
        return NO_SLUG
    taken = set(
        type(record)
        ._default_manager.filter(slug__startswith=slug)
        .exclude(pk=record.pk)
        .values_list("slug", flat=True)
    )
    record.slug = free_slug(slug, taken, max_length)
    return None


def slug_source_panel(name, **kwargs):
    """The name's field, filling the slug as one types while the record is
    not live (Wagtail's own title-to-slug sync; the slug uses SlugInput)."""
    return TitleFieldPanel(name, placeholder=False, classname="", **kwargs)
