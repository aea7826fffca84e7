"""Fuzzy dates: a day, a month or a year, possibly approximate.

`FuzzyDate("date")` in a model body adds three concrete fields: `date` (the
earliest day it can mean, used for sorting and filtering), `date_precision`
and `date_approximate`, plus a `date_edtf` property that writes it as EDTF
(`2021-02-16`, `2021-02`, `2021`, `2021-02-16~`).
"""

import calendar
import datetime
import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


def display(day, precision, approximate=False):
    """Human form: '16 February 2021', 'February 2021', '2021', 'c. 2021'."""
    if day is None:
        return ""
    text = {
        Precision.DAY: f"{day.day} {day:%B %Y}",
        Precision.MONTH: f"{day:%B %Y}",
        Precision.YEAR: f"{day.year}",
    }[precision]
    return f"c. {text}" if approximate else text


def validate(day, precision, field_name, allow_future=False):
    """Errors for one fuzzy date, keyed by the field a researcher fixes."""
    errors = {}
    if day is None:
        return errors
    if precision in (Precision.MONTH, Precision.YEAR) and day.day != 1:
        errors[field_name] = _(
            "A date of %(precision)s precision cannot name a day: "
            "enter the first day of the %(precision)s."
        ) % {"precision": precision}
    elif precision == Precision.YEAR and day.month != 1:
        errors[field_name] = _(
            "A date of year precision cannot name a month: enter 1 January."
        )
    if not allow_future and day > timezone.localdate():
        errors[field_name] = _("This date is in the future.")
    return errors


class FuzzyDate:
    """Adds <name>, <name>_precision, <name>_approximate and <name>_edtf."""

    def __init__(self, verbose_name, blank=False, allow_future=False, help_text=""):
        self.verbose_name = verbose_name
        self.blank = blank
        self.allow_future = allow_future
        self.help_text = help_text or _(
            "For a month or a year, enter its first day and set the precision."
        )

    def contribute_to_class(self, cls, name):
        models.DateField(
            self.verbose_name,
            null=self.blank,
            blank=self.blank,
            db_index=True,
            help_text=self.help_text,
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

        def edtf(obj):
            return to_edtf(
                getattr(obj, name),
                getattr(obj, f"{name}_precision"),
                getattr(obj, f"{name}_approximate"),
            )

        def shown(obj):
            return display(
                getattr(obj, name),
                getattr(obj, f"{name}_precision"),
                getattr(obj, f"{name}_approximate"),
            )

        setattr(cls, f"{name}_edtf", property(edtf))
        setattr(cls, f"{name}_display", property(shown))
        # A new list per class, so subclasses never share their parent's.
        cls.fuzzy_dates = [*getattr(cls, "fuzzy_dates", []), (name, self.allow_future)]


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
    """The admin panel for one fuzzy date: the day, its precision, approximate."""
    from wagtail.admin.panels import FieldRowPanel

    return FieldRowPanel(
        [name, f"{name}_precision", f"{name}_approximate"], heading=heading
    )
