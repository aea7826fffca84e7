"""What a reader may read: the public text of the demo, kept free of the
researchers' working notes.

The fact sheet mixes facts with the notes of whoever compiled it: how much
to trust a source ("low: unknown publisher"), what was or was not found
("No 2026 source found", "Later fate of the others not checked"), where two
sources disagree ("CONFLICT: ..."). Those notes belong in a record's private
notes. The loader publishes a phrase of the fact sheet only through
`CaseFile.say`, which gives the public wording the reading
(`viasna-reading.yaml`, `wording:`) sets for it, and `publish.upsert` checks
every public field it writes with `check_public`: a working note that slips
through stops the load and is named, so no case file can publish one.
"""

import re

# Phrases that mark a working note, matched case-insensitively, as whole
# words where they begin or end with a letter ("(low" is not "(lower").
WORKING_NOTES = [
    "fact sheet",
    "factsheet",
    "demo data",
    "requester",
    "conflict:",
    "not checked",
    "unconfirmed",
    "verbatim",
    "stored excerpt",
    "stored copy",
    "safelinks",
    "todo",
    "(low",
    "low:",
    "; low",
    "low)",
    "confidence",
    "inferred",
    "superseded",
    "treat those",
    "no 2026 source",
    "nothing from 2026",
    "not found",
    "sources found",
    "search corpora",
    "re-check",
    "mirror domain",
    "see organisation note",
    "later fate",
    "no later information",
]


def _pattern(phrase):
    text = re.escape(phrase)
    if phrase[0].isalnum():
        text = r"(?<![\w])" + text
    if phrase[-1].isalnum():
        text += r"(?![\w])"
    return text


WORKING_NOTE = re.compile("|".join(map(_pattern, WORKING_NOTES)), re.IGNORECASE)


class WorkingNote(ValueError):
    """A working note in text about to be published."""


def working_note(text):
    """The first working-note phrase in `text`, or None."""
    found = WORKING_NOTE.search(str(text or ""))
    return found.group(0) if found else None


def check_public(text, where=""):
    """`text`, if it carries no working note; else WorkingNote, naming it."""
    phrase = working_note(text)
    if phrase:
        raise WorkingNote(
            f"{where or 'Public text'} carries a working note ({phrase!r}): "
            f"{text!r}. Give it a public wording in viasna-reading.yaml "
            "(wording:), and the note goes to the record's private notes."
        )
    return text
