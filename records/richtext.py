"""Rich text, sanitised as it is rendered, on the public pages and in the API.

What the Wagtail editor stores is output as it is stored, but rich text can
also arrive by an import, a migration or the shell, with nothing to stop a
`<script>`, an `onerror=` or a `javascript:` link; the CSP is the last line,
not the only one. Every rendering (the `richtext_html` filter of
`records_richtext`, `RichTextHTMLField` in the API) goes through `render`:
Wagtail expands its internal links and images first, then nh3 (the Rust
html5ever-based ammonia sanitiser) keeps only the markup the editor produces.
"""

import nh3

from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

# What Draftail's features produce once expanded (bold/italic as b/i or
# strong/em, h2-h4, lists, links, hr, code, sub/sup, strikethrough,
# blockquote, and Wagtail's image embeds as <img>). Embeds are not kept: the
# CSP would refuse a third-party frame anyway.
TAGS = {
    "p",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "br",
    "hr",
    "code",
    "sub",
    "sup",
    "s",
    "img",
}
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "class"},
}
# Relative URLs (internal links, documents, images) are kept as well.
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise(html):
    """Only the allowed tags and attributes; script and style with their
    content gone, comments gone, URLs only of the allowed schemes."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel=None,
    )


def render(value):
    """Stored rich text as safe HTML: links expanded, then sanitised."""
    return mark_safe(sanitise(expand_db_html(str(value or ""))))  # noqa: S308
