"""One spreadsheet cell as a value, or a ValueError saying what is wrong.

A cell arrives as the file holds it: text from a CSV, and from an XLSX also
numbers and date cells (`read.py` gives a date cell as a FuzzyDay, its
precision taken from the cell's number format). Empty cells never reach a
reader (`parse.py` skips them).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from defenders.models import Defender
from events.models import MAX_SENTENCE_MONTHS, Sentence
from records.fuzzydate import FuzzyDay, parse_fuzzy


def normal(text):
    """How names, labels and headers are compared: case-, whitespace- and
    ё/е-insensitive."""
    return " ".join(str(text).split()).casefold().replace("ё", "е")


def text(value):
    """Text as typed; a number cell as its digits (12, not 12.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        raise ValueError(_("Expected text, found a date cell."))
    return str(value).strip()


def one_line(value):
    return " ".join(text(value).split())


def listed(value, separators=r"[;\n]"):
    """'A; B' -> ('A', 'B'), empty parts left out."""
    return tuple(
        part
        for part in (one_line(p) for p in re.split(separators, text(value)))
        if part
    )


def slug(value):
    value = text(value)
    if slugify(value) != value:
        raise ValueError(
            _("“%(value)s” is not a slug: lower-case letters, digits and hyphens.")
            % {"value": value}
        )
    return value


def birth_year(value):
    if isinstance(value, datetime.date):
        raise ValueError(_("Write the birth year only, never a full birth date."))
    value = text(value)
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(
            _("“%(value)s” is not a year: write the birth year only (e.g. 1962).")
            % {"value": value}
        )
    year = int(value)
    if not 1900 <= year <= timezone.localdate().year:
        raise ValueError(_("%(year)s is not a possible birth year.") % {"year": year})
    return year


def fuzzy_date(value):
    """(day, precision, approximate), never in the future."""
    if isinstance(value, FuzzyDay):
        day, precision, approximate = value.parts
        parse_fuzzy(day, allow_future=False)
        return day, str(precision), approximate
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    day, precision, approximate = parse_fuzzy(value, allow_future=False)
    return day, str(precision), approximate


# Status: its value, its English label, or one of these Belarusian and
# Russian words (both genders).
STATUS_WORDS = {
    Defender.Status.DETAINED: "затрыманы, затрыманая, пад вартай, "
    "задержан, задержана, под стражей",
    Defender.Status.IMPRISONED: "зняволены, зняволеная, у зняволенні, "
    "в заключении, заключен, заключена",
    Defender.Status.HOUSE_ARREST: "хатні арышт, пад хатнім арыштам, "
    "домашний арест, под домашним арестом",
    Defender.Status.RESTRICTED_FREEDOM: "абмежаванне волі, хімія, "
    "ограничение свободы, химия",
    Defender.Status.RELEASED: "вызвалены, вызваленая, на волі, "
    "освобожден, освобождена, на свободе",
    Defender.Status.IN_EXILE: "у эміграцыі, у выгнанні, в эмиграции, в изгнании",
    Defender.Status.CONVICTED_IN_ABSENTIA: "асуджаны завочна, асуджаная завочна, "
    "осужден заочно, осуждена заочно",
    Defender.Status.DECEASED: "памёр, памерла, загінуў, загінула, "
    "умер, умерла, погиб, погибла",
}
STATUSES = {
    normal(word): status
    for status, words in STATUS_WORDS.items()
    for word in [status.value, status.label, *words.split(", ")]
}


def status(value):
    found = STATUSES.get(normal(text(value)))
    if found is None:
        raise ValueError(
            _("“%(value)s” is not a status. Use one of: %(statuses)s.")
            % {
                "value": text(value),
                "statuses": ", ".join(s.value for s in Defender.Status),
            }
        )
    return str(found)


# Sentence terms: "120" (months), "10 years", "3 years 6 months", "10 гадоў",
# "3 года 6 месяцев".
YEAR_WORDS = set("year years yr yrs y год года лет г гады гадоў".split())
MONTH_WORDS = set(
    "month months mo mos m месяц месяца месяцев мес месяцы месяцаў".split()
)
TERM_PART = re.compile(r"(\d+)\s*([^\W\d_]+)\.?")
JOINERS = re.compile(r"(?:,|\band\b|\bи\b|\bі\b)")


def sentence_months(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    words = normal(text(value))
    if re.fullmatch(r"\d+", words):
        months = int(words)
    else:
        months, rest = 0, JOINERS.sub(" ", words)
        for number, unit in TERM_PART.findall(rest):
            if unit in YEAR_WORDS:
                months += int(number) * 12
            elif unit in MONTH_WORDS:
                months += int(number)
            else:
                months = None
                break
        if months is not None and TERM_PART.sub("", rest).strip():
            months = None
        if not months:
            raise ValueError(
                _(
                    "“%(value)s” is not a term: write months (120) or years and "
                    "months (10 years, 3 years 6 months, 3 года 6 месяцев)."
                )
                % {"value": text(value)}
            )
    if not 1 <= months <= MAX_SENTENCE_MONTHS:
        raise ValueError(
            _("A term runs from 1 month to 50 years; this one is %(months)s months.")
            % {"months": months}
        )
    return months


# A penal regime as written: a word of one regime's name, in any language.
REGIME_STEMS = {
    Sentence.Regime.GENERAL: ("general", "общ", "агульн"),
    Sentence.Regime.REINFORCED: ("reinforced", "enhanced", "усилен", "узмоцнен"),
    Sentence.Regime.STRICT: ("strict", "строг"),
    Sentence.Regime.SPECIAL: ("special", "особ", "асабл"),
    Sentence.Regime.PRISON: ("prison", "тюр", "турм"),
}


def regime(value):
    """(regime, note): the one regime the text names, else "not confirmed"
    with the text kept as the regime note."""
    written = one_line(value)
    words = normal(written)
    named = [
        regime
        for regime, stems in REGIME_STEMS.items()
        if any(stem in words for stem in stems)
    ]
    if len(named) == 1:
        return str(named[0]), None
    return str(Sentence.Regime.UNKNOWN), written


ARTICLE_PREFIX = re.compile(
    r"^(?:ст|стат|статья|арт|артыкул|art|article)\.?\s*", re.IGNORECASE
)
# "342-2" and "361-1-1" are slugs as they are; "342 part 2", "342 ч. 2" too.
ARTICLE_PART = re.compile(
    r"^(\d+(?:-\d+)*)(?:\s*(?:part|ч|частка|часть)\.?\s*(\d+))?$", re.IGNORECASE
)


def articles(value):
    """'342-2; 411' or 'ст. 342 ч. 2, 411' -> ('342-2', '411'): article slugs
    (number-part; the case file's articles say which they are)."""
    slugs = []
    for written in listed(value, r"[;,\n]"):
        match = ARTICLE_PART.match(ARTICLE_PREFIX.sub("", written))
        if not match:
            raise ValueError(
                _("“%(value)s” is not an article: write number-part, e.g. 342-2.")
                % {"value": written}
            )
        number, part = match.groups()
        slugs.append(f"{number}-{part}" if part else number)
    return tuple(dict.fromkeys(slugs))


URL = URLValidator(schemes=["http", "https"])


def urls(value):
    """URLs separated by ';' or spaces."""
    found = []
    for url in re.split(r"[;\s]+", text(value)):
        if not url:
            continue
        try:
            URL(url)
        except ValidationError:
            raise ValueError(
                _("“%(value)s” is not a web address (https://…).") % {"value": url}
            ) from None
        found.append(url)
    return tuple(dict.fromkeys(found))
