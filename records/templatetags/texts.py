"""Texts in the reader's language: `{% text defender "biography" as bio %}`
gives a `records.languages.Text` (value, language, fallback); a fallback is
marked `lang="en"` and noted with `{% fallback_note bio %}`."""

from django import template
from django.utils.html import format_html

from records import languages

register = template.Library()


@register.simple_tag
def text(obj, field):
    return languages.text_in(obj, field)


@register.inclusion_tag("includes/fallback_note.html")
def fallback_note(text):
    return {"text": text}


@register.simple_tag
def lang_attr(text):
    """` lang="en"` on the element holding a text shown in English on a page
    in another language, so that it is read out in English."""
    return format_html(' lang="{}"', text.language) if text.fallback else ""


@register.simple_tag
def lang_of(obj, field):
    """`lang_attr` for one field of `obj`: `<p{% lang_of charge "note" %}>`."""
    return lang_attr(languages.text_in(obj, field))
