"""The case-list columns (DESIGN §8): their names in English, Belarusian and
Russian, whether a file must have them, how a cell is read, and what the
template says of each."""

import dataclasses
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from cms.caselist import cells


@dataclasses.dataclass(frozen=True)
class Column:
    key: str  # the English header, and the name used everywhere else
    be: str
    ru: str
    read: Callable
    description: str
    example: str = ""
    required: bool = False

    @property
    def headers(self):
        return (self.key, self.be, self.ru)


COLUMNS = [
    Column(
        "name",
        "імя",
        "имя",
        cells.one_line,
        _("Name in the Latin transliteration shown on the site."),
        "Ales Testovich",
        required=True,
    ),
    Column(
        "name_be",
        "імя па-беларуску",
        "имя по-белорусски",
        cells.one_line,
        _("Name in Belarusian Cyrillic."),
        "Алесь Тэставіч",
    ),
    Column(
        "name_ru",
        "імя па-руску",
        "имя по-русски",
        cells.one_line,
        _("Name in Russian Cyrillic."),
        "Алесь Тестович",
    ),
    Column(
        "other_names",
        "іншыя напісанні",
        "другие написания",
        cells.listed,
        _("Other spellings, separated by “;”."),
        "Aleś Testovič; Ales Testovich",
    ),
    Column(
        "slug",
        "slug",
        "slug",
        cells.slug,
        _("The record's slug (its address on the site); matched first when given."),
        "ales-testovich",
    ),
    Column(
        "birth_year",
        "год нараджэння",
        "год рождения",
        cells.birth_year,
        _("A year, never a full birth date."),
        "1975",
    ),
    Column(
        "organization",
        "арганізацыя",
        "организация",
        cells.one_line,
        _("Organization slug or name, as in the case file."),
        "viasna",
    ),
    Column(
        "role",
        "роля",
        "роль",
        cells.one_line,
        _("Role in that organization (without one: the person's role)."),
        "volunteer",
    ),
    Column(
        "status",
        "статус",
        "статус",
        cells.status,
        _(
            "detained, imprisoned, house_arrest, restricted_freedom, released, "
            "in_exile, convicted_in_absentia or deceased (or its Belarusian or "
            "Russian label)."
        ),
        "imprisoned",
        required=True,
    ),
    Column(
        "status_as_of",
        "статус на дату",
        "статус на дату",
        cells.fuzzy_date,
        _("When the status was last confirmed: a date."),
        "12.2025",
        required=True,
    ),
    Column(
        "detained_on",
        "дата затрымання",
        "дата задержания",
        cells.fuzzy_date,
        _("Date of the (latest) detention."),
        "14.07.2021",
    ),
    Column(
        "detention_city",
        "горад затрымання",
        "город задержания",
        cells.one_line,
        _("Where the detention happened: a place name in any spelling."),
        "Minsk",
    ),
    Column(
        "articles",
        "артыкулы",
        "статьи",
        cells.articles,
        _("Criminal code articles charged, number-part, separated by “;”."),
        "342-1; 411",
    ),
    Column(
        "verdict_on",
        "дата прысуду",
        "дата приговора",
        cells.fuzzy_date,
        _("Date of the verdict."),
        "03.03.2023",
    ),
    Column(
        "court",
        "суд",
        "суд",
        cells.one_line,
        _("The court that passed the verdict."),
        "Leninsky District Court, Minsk",
    ),
    Column(
        "sentence",
        "тэрмін",
        "срок",
        cells.sentence_months,
        _(
            "The term: months (120) or text (10 years, 3 years 6 months, "
            "10 гадоў, 3 года 6 месяцев)."
        ),
        "3 years 6 months",
    ),
    Column(
        "regime",
        "рэжым",
        "режим",
        cells.regime,
        _("Penal regime as written (general, reinforced, strict, special, prison)."),
        "reinforced",
    ),
    Column(
        "detention_place",
        "месца ўтрымання",
        "место содержания",
        cells.one_line,
        _("The colony, prison or centre, by its name in the case file."),
        "Penal colony No. 1",
    ),
    Column(
        "letter_address",
        "адрас для лістоў",
        "адрес для писем",
        cells.text,
        _("Postal address for letters (empty: the detention place's)."),
        "",
    ),
    Column(
        "released_on",
        "дата вызвалення",
        "дата освобождения",
        cells.fuzzy_date,
        _("Date of release from that detention."),
        "",
    ),
    Column(
        "sources",
        "крыніцы",
        "источники",
        cells.urls,
        _("Web addresses of the sources, separated by “;” or spaces."),
        "https://example.org/report/1",
        required=True,
    ),
    Column(
        "private_notes",
        "прыватныя нататкі",
        "личные заметки",
        cells.text,
        _("Working notes for the team: never public."),
        "",
    ),
]
BY_KEY = {column.key: column for column in COLUMNS}
BY_HEADER = {
    cells.normal(header.replace("_", " ")): column
    for column in COLUMNS
    for header in column.headers
}


def column_named(header):
    """The column a header names in any of the three languages, or None."""
    return BY_HEADER.get(cells.normal(str(header).replace("_", " ")))
