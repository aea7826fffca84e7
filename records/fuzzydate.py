"""Fuzzy dates: a day, a month or a year, possibly approximate.

`FuzzyDate("date")` in a model body adds three concrete fields: `date` (the
earliest day it can mean, used for sorting and filtering), `date_precision`
and `date_approximate`, plus a `date_edtf` property that writes it as EDTF
(`2021-02-16`, `2021-02`, `2021`, `2021-02-16~`).

Researchers type a fuzzy date as one piece of text (`parse_fuzzy`): a day
(16.02.2021, 2021-02-16), a month (02.2021, 2021-02) or a year (2021), with
"~" after it or "c." before it when approximate. The precision is what they
typed; nothing they did not type is ever filled in.
"""

import calendar
import datetime
import re

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


EDTF_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(~)?$")


def to_edtf(day, precision, approximate=False):
    if day is None:
        return None
    text = {
        Precision.DAY: day.isoformat(),
        Precision.MONTH: f"{day.year:04d}-{day.month:02d}",
        Precision.YEAR: f"{day.year:04d}",
    }[precision]
    return text + ("~" if approximate else "")


def parse_edtf(text):
    """'2021-02' -> (date(2021, 2, 1), 'month', False). Raises ValueError."""
    match = EDTF_PATTERN.match(str(text).strip())
    if not match:
        raise ValueError(f"not an EDTF date (YYYY, YYYY-MM or YYYY-MM-DD[~]): {text}")
    year, month, day, tilde = match.groups()
    if day:
        precision = Precision.DAY
    elif month:
        precision = Precision.MONTH
    else:
        precision = Precision.YEAR
    earliest = datetime.date(int(year), int(month or 1), int(day or 1))
    return earliest, precision, bool(tilde)


class FuzzyDay(datetime.date):
    """A day that knows how precisely it is known: what a fuzzy date form
    field gives back. It is a date (the earliest day it can mean), so rules
    that compare days keep working; `precision` and `approximate` ride along.
    """

    def __new__(cls, year, month=1, day=1, precision=Precision.DAY, approximate=False):
        self = super().__new__(cls, year, month, day)
        self.precision = Precision(precision)
        self.approximate = bool(approximate)
        return self

    def __reduce__(self):
        return (
            type(self),
            (self.year, self.month, self.day, str(self.precision), self.approximate),
        )

    def __repr__(self):
        return f"FuzzyDay({self.isoformat()}, {self.precision}, {self.approximate})"

    @classmethod
    def of(cls, day, precision=Precision.DAY, approximate=False):
        return cls(day.year, day.month, day.day, precision, approximate)

    @property
    def parts(self):
        """(day, precision, approximate), the day a plain date."""
        return (
            datetime.date(self.year, self.month, self.day),
            self.precision,
            self.approximate,
        )


EARLIEST_YEAR = 1800
APPROXIMATE_BEFORE = re.compile(r"^c\.\s*", re.IGNORECASE)
APPROXIMATE_AFTER = re.compile(r"\s*~$")
# (pattern, precision, the order of its numbers)
FUZZY_FORMATS = [
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), Precision.DAY, "dmy"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), Precision.DAY, "ymd"),
    (re.compile(r"^(\d{1,2})\.(\d{4})$"), Precision.MONTH, "my"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), Precision.MONTH, "ym"),
    (re.compile(r"^(\d{4})$"), Precision.YEAR, "y"),
]
FORMATS_HELP = _(
    "Write a day as 16.02.2021 or 2021-02-16, a month as 02.2021 or 2021-02, "
    "a year as 2021; add “~” after it or “c.” before it when approximate."
)


def parse_fuzzy(value, *, allow_future=True, today=None):
    """What a researcher typed, or a spreadsheet cell, as a fuzzy date:
    (earliest day, precision, approximate).

        '16.02.2021'  -> (date(2021, 2, 16), 'day', False)
        '2021-02'     -> (date(2021, 2, 1), 'month', False)
        'c. 2021'     -> (date(2021, 1, 1), 'year', True)
        date(2021, 2, 16), a datetime, or 2021 (a number) are read too.

    Accepts DD.MM.YYYY, D.M.YYYY, YYYY-MM-DD, MM.YYYY, YYYY-MM and YYYY, with
    "~" after or "c." before for approximate, and nothing else: an impossible
    day (2021-02-30) is refused, never moved to another. With
    allow_future=False, a date whose earliest day is after `today` (the local
    date by default) is refused. Raises ValueError with a message for the
    person who typed it.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        day, precision, approximate = (
            datetime.date(value.year, value.month, value.day),
            Precision.DAY,
            False,
        )
    elif isinstance(value, int) and not isinstance(value, bool):
        day, precision, approximate = _read_text(str(value))
    elif isinstance(value, str):
        day, precision, approximate = _read_text(value)
    else:
        raise ValueError(_("Not a date: %(value)r.") % {"value": value})
    if not allow_future:
        today = today or timezone.localdate()
        if day > today:
            raise ValueError(
                _("This date is in the future: %(read)s comes after today, %(today)s.")
                % {
                    "read": display(day, precision, approximate),
                    "today": display(today, Precision.DAY),
                }
            )
    return day, precision, approximate


def _read_text(value):
    text = " ".join(value.split())
    if not text:
        raise ValueError(_("Enter a date. %(help)s") % {"help": FORMATS_HELP})
    approximate = False
    for marker in (APPROXIMATE_BEFORE, APPROXIMATE_AFTER):
        if marker.search(text):
            text, approximate = marker.sub("", text), True
    for pattern, precision, order in FUZZY_FORMATS:
        match = pattern.match(text)
        if match:
            numbers = dict(zip(order, (int(n) for n in match.groups()), strict=True))
            return _checked(numbers, precision), precision, approximate
    raise ValueError(
        _("“%(value)s” is not a date Docket can read. %(help)s")
        % {"value": value.strip(), "help": FORMATS_HELP}
    )


def _checked(numbers, precision):
    year, month, day = numbers["y"], numbers.get("m", 1), numbers.get("d", 1)
    if year < EARLIEST_YEAR:
        raise ValueError(
            _("%(year)s is too early: check the year (4 digits, from %(earliest)s).")
            % {"year": year, "earliest": EARLIEST_YEAR}
        )
    if not 1 <= month <= 12:
        raise ValueError(
            _("There is no month %(month)s: months run from 1 to 12.")
            % {"month": month}
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(
            _("%(month)s has no day %(day)s: it has %(last)s days.")
            % {
                "month": display(datetime.date(year, month, 1), Precision.MONTH),
                "day": day,
                "last": last,
            }
        )
    return datetime.date(year, month, day)


def as_typed(day, precision=Precision.DAY, approximate=False):
    """The text `parse_fuzzy` reads back as this date: '16.02.2021',
    '02.2021', '2021', 'c. 2021'. What the admin's date field shows."""
    if day is None:
        return ""
    text = {
        Precision.DAY: f"{day.day:02d}.{day.month:02d}.{day.year:04d}",
        Precision.MONTH: f"{day.month:02d}.{day.year:04d}",
        Precision.YEAR: f"{day.year:04d}",
    }[precision or Precision.DAY]
    return f"c. {text}" if approximate else text


def describe(day, precision=Precision.DAY, approximate=False):
    """How a date was read: '16 February 2021 (day)', 'c. 2021 (year,
    approximate)'."""
    precision = Precision(precision or Precision.DAY)
    detail = precision.label
    if approximate:
        detail = _("%(precision)s, approximate") % {"precision": detail}
    return f"{display(day, precision, approximate)} ({detail})"


def latest_day(day, precision):
    """The last day a fuzzy date can mean."""
    if precision == Precision.YEAR:
        return datetime.date(day.year, 12, 31)
    if precision == Precision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def ends_before(day, precision, other_day):
    """True when a fuzzy date certainly ends before `other_day` begins.

    "2021" is not before 17 July 2021: the year may mean a later day. Only
    the last day the date can mean is compared, so a rule built on this never
    refuses a date that could be right.
    """
    if day is None or other_day is None:
        return False
    return latest_day(day, precision or Precision.DAY) < other_day


# A month alone, and a month after "in", take their own case in Belarusian
# and Russian (люты 2021, у лютым 2021), so each is a sentence of its own.
MONTH_YEAR = [
    pgettext_lazy("month and year", "January %(year)s"),
    pgettext_lazy("month and year", "February %(year)s"),
    pgettext_lazy("month and year", "March %(year)s"),
    pgettext_lazy("month and year", "April %(year)s"),
    pgettext_lazy("month and year", "May %(year)s"),
    pgettext_lazy("month and year", "June %(year)s"),
    pgettext_lazy("month and year", "July %(year)s"),
    pgettext_lazy("month and year", "August %(year)s"),
    pgettext_lazy("month and year", "September %(year)s"),
    pgettext_lazy("month and year", "October %(year)s"),
    pgettext_lazy("month and year", "November %(year)s"),
    pgettext_lazy("month and year", "December %(year)s"),
]
IN_MONTH_YEAR = [
    pgettext_lazy("in a month", "in January %(year)s"),
    pgettext_lazy("in a month", "in February %(year)s"),
    pgettext_lazy("in a month", "in March %(year)s"),
    pgettext_lazy("in a month", "in April %(year)s"),
    pgettext_lazy("in a month", "in May %(year)s"),
    pgettext_lazy("in a month", "in June %(year)s"),
    pgettext_lazy("in a month", "in July %(year)s"),
    pgettext_lazy("in a month", "in August %(year)s"),
    pgettext_lazy("in a month", "in September %(year)s"),
    pgettext_lazy("in a month", "in October %(year)s"),
    pgettext_lazy("in a month", "in November %(year)s"),
    pgettext_lazy("in a month", "in December %(year)s"),
]


def display(day, precision, approximate=False):
    """Human form in the active language: '16 February 2021', 'February
    2021', '2021', 'c. 2021' (16 лютага 2021, люты 2021)."""
    if day is None:
        return ""
    if approximate and precision == Precision.MONTH:
        # "c." governs the genitive too: каля лютага 2021.
        return display_from(day, precision, approximate)
    if precision == Precision.DAY:
        text = date_format(day, "DATE_FORMAT")
    elif precision == Precision.MONTH:
        text = MONTH_YEAR[day.month - 1] % {"year": day.year}
    else:
        text = str(day.year)
    return _("c. %(date)s") % {"date": text} if approximate else text


def display_from(day, precision, approximate=False):
    """The date after "since" or "from": a month takes the genitive in
    Belarusian and Russian (з лютага 2021, с февраля 2021)."""
    if day is None:
        return ""
    if precision != Precision.MONTH:
        return display(day, precision, approximate)
    text = date_format(day, "E Y")
    return _("c. %(date)s") % {"date": text} if approximate else text


def when(day, precision, approximate=False):
    """The date as a phrase after a verb: 'on 16 February 2021', 'in February
    2021', 'in 2021', 'around February 2021' ("on February 2021" is wrong)."""
    if day is None:
        return ""
    if approximate:
        return _("around %(date)s") % {"date": display_from(day, precision)}
    if precision == Precision.DAY:
        return _("on %(date)s") % {"date": display(day, precision)}
    if precision == Precision.MONTH:
        return IN_MONTH_YEAR[day.month - 1] % {"year": day.year}
    return _("in %(year)s") % {"year": day.year}


def validate(day, precision, field_name, allow_future=False):
    """Errors for one fuzzy date, keyed by the field a researcher fixes."""
    errors = {}
    if day is None:
        return errors
    if precision in (Precision.MONTH, Precision.YEAR) and day.day != 1:
        errors[field_name] = _(
            "A date of %(precision)s precision cannot name a day: "
            "enter the first day of the %(precision)s."
        ) % {"precision": Precision(precision).label}
    elif precision == Precision.YEAR and day.month != 1:
        errors[field_name] = _(
            "A date of year precision cannot name a month: enter 1 January."
        )
    if not allow_future and day > timezone.localdate():
        errors[field_name] = _("This date is in the future.")
    return errors


class FuzzyDayField(models.DateField):
    """The day column of a fuzzy date. A DateField to the database and to
    migrations (it deconstructs as one); to forms, one text field
    (`records.forms.FuzzyDateField`) that sets the day, the precision and
    approximate together (`save_form_data`)."""

    def __init__(self, *args, allow_future=False, form_help_text="", **kwargs):
        self.allow_future = allow_future
        self.form_help_text = form_help_text
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs

    def save_form_data(self, instance, data):
        if isinstance(data, FuzzyDay):
            day, precision, approximate = data.parts
            setattr(instance, self.name, day)
            setattr(instance, f"{self.name}_precision", precision)
            setattr(instance, f"{self.name}_approximate", approximate)
        else:
            super().save_form_data(instance, data)
            if data is None:
                setattr(instance, f"{self.name}_precision", Precision.DAY)
                setattr(instance, f"{self.name}_approximate", False)

    def fuzzy_value_from_object(self, obj):
        """The object's fuzzy date as a FuzzyDay, or None."""
        day = getattr(obj, self.name)
        if day is None:
            return None
        return FuzzyDay.of(
            day,
            getattr(obj, f"{self.name}_precision") or Precision.DAY,
            getattr(obj, f"{self.name}_approximate"),
        )

    def formfield(self, **kwargs):
        from records.forms import FuzzyDateField

        # Wagtail's admin passes its date picker widget for every DateField:
        # a fuzzy date is typed as text instead.
        kwargs.pop("widget", None)
        return super().formfield(
            **{
                "form_class": FuzzyDateField,
                "allow_future": self.allow_future,
                "help_text": self.form_help_text,
                **kwargs,
            }
        )


class FuzzyDate:
    """Adds <name>, <name>_precision, <name>_approximate and <name>_edtf."""

    def __init__(self, verbose_name, blank=False, allow_future=False, help_text=""):
        self.verbose_name = verbose_name
        self.blank = blank
        self.allow_future = allow_future
        # The column's help text, as its migrations have it; the admin's
        # form shows `form_help_text` (what to type) instead.
        self.help_text = help_text or _(
            "For a month or a year, enter its first day and set the precision."
        )
        self.form_help_text = help_text

    def contribute_to_class(self, cls, name):
        FuzzyDayField(
            self.verbose_name,
            null=self.blank,
            blank=self.blank,
            db_index=True,
            help_text=self.help_text,
            allow_future=self.allow_future,
            form_help_text=self.form_help_text,
        ).contribute_to_class(cls, name)
        models.CharField(
            _("precision"),
            max_length=5,
            choices=Precision.choices,
            default=Precision.DAY,
        ).contribute_to_class(cls, f"{name}_precision")
        models.BooleanField(_("approximate"), default=False).contribute_to_class(
            cls, f"{name}_approximate"
        )

        def written(form):
            """A property writing this date with `form(day, precision, approx)`."""

            def read(obj):
                return form(
                    getattr(obj, name),
                    getattr(obj, f"{name}_precision"),
                    getattr(obj, f"{name}_approximate"),
                )

            return property(read)

        setattr(cls, f"{name}_edtf", written(to_edtf))
        setattr(cls, f"{name}_display", written(display))
        setattr(cls, f"{name}_when", written(when))
        # A new list per class, so subclasses never share their parent's.
        cls.fuzzy_dates = [*getattr(cls, "fuzzy_dates", []), (name, self.allow_future)]


def fuzzy_parts(record, name):
    """(day, precision, approximate) of a record's fuzzy date `name`, or None
    when it has no day."""
    day = getattr(record, name)
    if day is None:
        return None
    return (
        day,
        getattr(record, f"{name}_precision"),
        getattr(record, f"{name}_approximate"),
    )


def set_fuzzy(record, name, parts):
    """Set a record's fuzzy date `name` from (day, precision, approximate)."""
    day, precision, approximate = parts
    setattr(record, name, day)
    setattr(record, f"{name}_precision", precision)
    setattr(record, f"{name}_approximate", approximate)


def clean_fuzzy_dates(obj):
    errors = {}
    for name, allow_future in getattr(obj, "fuzzy_dates", []):
        errors.update(
            validate(
                getattr(obj, name),
                getattr(obj, f"{name}_precision"),
                name,
                allow_future,
            )
        )
    return errors


def fuzzy_date_panel(name, heading):
    """The admin panel for one fuzzy date: one text field, read by
    `parse_fuzzy`, that sets the day, its precision and approximate."""
    from wagtail.admin.panels import FieldPanel

    return FieldPanel(name, heading=heading)
