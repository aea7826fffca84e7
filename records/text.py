"""Names and titles: refuse the characters that hide or reorder text.

A name of only zero-width spaces looks empty and still publishes; a
right-to-left override (U+202E) makes a name read as something else. Neither
belongs in a name or a title in any of the site's languages, so model
validation (Record.clean, `plain_text_fields`) and the petition form refuse
them. Ordinary letters in any script, apostrophes, hyphens and spaces pass.
"""

import unicodedata

from django.utils.translation import gettext as _

# Blank-looking letters and symbols (Unicode categories Lo/So, not Cf).
FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
# Line breaks and tabs are allowed only in the "one per line" fields.
LINE_BREAKS = {"\n", "\r", "\t"}


def is_hidden(char, multiline=False):
    """A format (Cf: zero-width, bidi controls, BOM, soft hyphen...),
    control, private-use, unassigned or line/paragraph-separator character."""
    if multiline and char in LINE_BREAKS:
        return False
    return char in FILLERS or unicodedata.category(char) in {
        "Cf",
        "Cc",
        "Co",
        "Cn",
        "Cs",
        "Zl",
        "Zp",
    }


def hidden_characters_error(value, multiline=False):
    """A message for the field, or None when the text is fine."""
    if not value:
        return None
    hidden = sorted({c for c in value if is_hidden(c, multiline)})
    if hidden:
        codes = ", ".join(f"U+{ord(c):04X}" for c in hidden)
        return _(
            "Remove the invisible or text-direction control characters (%(codes)s)."
        ) % {"codes": codes}
    if not any(not c.isspace() for c in value):
        return _("Enter visible text, not only spaces.")
    return None


def hidden_characters_errors(instance, fields, multiline_fields=()):
    """{field: message} for the named fields of a model instance."""
    errors = {}
    for name in fields:
        message = hidden_characters_error(
            getattr(instance, name, ""), multiline=name in multiline_fields
        )
        if message:
            errors[name] = message
    return errors
