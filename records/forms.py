"""Admin forms for records: rules that need the whole form or the chosen
action, and the one text field every fuzzy date is typed into.

Rules on one record's own fields live in the model (`validation_errors()`);
the rules here need what the model cannot see while it is being cleaned: the
inline formsets, or whether the editor asked to save a draft, submit for
review, publish, or approve in the review workflow.
"""

import datetime
import re
import uuid

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.slug import SlugInput

from records.fuzzydate import (
    FORMATS_HELP,
    FuzzyDay,
    as_typed,
    describe,
    parse_fuzzy,
)

# The buttons of Wagtail's snippet create/edit views, as they arrive in POST.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")
PUBLISH_ACTIONS = ("action-publish",)
APPROVE = "approve"

NO_SOURCE = _(
    "Cite at least one source before submitting this record for review or "
    "publishing it."
)


def source_error(model, sources):
    """Why a record of `model` citing `sources` may not go public or to
    review, or None.

    A record must cite a source. A draft one counts: publishing the record
    publishes the draft sources it cites (`records.models.Record.publish`),
    so the public never reads "No source is cited yet" under a sourced fact."""
    if not getattr(model, "requires_source", False):
        return None
    if not list(sources):
        return NO_SOURCE
    return None


def requested_action(data):
    """'publish', 'submit', 'approve' or None (a draft) from the POSTed buttons.

    This is what the editor asked for, not what Wagtail will allow: a
    researcher who posts "publish" only saves a draft, and refusing the
    unsourced record then as well does no harm.
    """
    if any(data.get(name) for name in PUBLISH_ACTIONS):
        return "publish"
    if any(data.get(name) for name in SUBMIT_ACTIONS):
        return "submit"
    if data.get("action-workflow-action") and (
        data.get("workflow-action-name") == APPROVE
    ):
        return "approve"
    return None


def goes_public_or_to_review(data):
    return requested_action(data) is not None


# The hidden field that names one create form as shown, so that the same
# form posted twice (autosave racing "Save draft") creates one record
# (`records.wagtail_hooks.RecordCreateView`).
FORM_TOKEN = "docket_form_token"  # noqa: S105 (a field name, not a secret)
FORM_TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")


class FormTokenField(forms.CharField):
    """A hidden token, new each time a form is shown; never a content change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=32, **kwargs)

    def has_changed(self, initial, data):
        return False


def form_token(data):
    """The form token a POST carries, or None."""
    token = data.get(FORM_TOKEN, "")
    return token if FORM_TOKEN_PATTERN.match(token) else None


class RecordForm(WagtailAdminModelForm):
    """The base form of every record in the admin."""

    # Not in any panel: Wagtail renders it with the form's other hidden fields.
    docket_form_token = FormTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FORM_TOKEN].initial = uuid.uuid4().hex
        slug = self.fields.get("slug")
        if slug is not None and getattr(self._meta.model, "slug_source", None):
            # Left empty, the slug is made from the name on save (Record.clean).
            slug.required = False
            slug.widget = SlugInput(attrs=slug.widget.attrs)

    def clean(self):
        cleaned_data = super().clean()
        if (
            "sources" in self.fields
            and goes_public_or_to_review(self.data)
            and "sources" not in self.errors
        ):
            error = source_error(self._meta.model, cleaned_data.get("sources") or [])
            if error:
                self.add_error("sources", error)
        return cleaned_data

    def inline_rows(self, relation):
        """Cleaned rows of an inline panel, in their order, leaving out the
        empty and the deleted ones. [] while the inline itself has errors."""
        formset = self.formsets.get(relation) if hasattr(self, "formsets") else None
        if formset is None or not formset.is_valid():
            return []
        forms = [
            form
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if formset.can_order:
            forms.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        return [form.cleaned_data for form in forms]


# --- Fuzzy dates: one text field ----------------------------------------------


def read_as(text, allow_future=True):
    """(True, "Read as: 16 February 2021 (day)") or (False, the error)."""
    try:
        day, precision, approximate = parse_fuzzy(text, allow_future=allow_future)
    except ValueError as error:
        return False, str(error)
    return True, _("Read as: %(date)s") % {
        "date": describe(day, precision, approximate)
    }


class FuzzyDateInput(forms.TextInput):
    """A text input that shows how it read the date ("Read as: …"): from the
    server when the form is shown, and live as one types
    (records/static/records/fuzzy-date.js asks `read_fuzzy_date`)."""

    template_name = "records/widgets/fuzzy_date.html"

    def __init__(self, attrs=None, allow_future=False):
        self.allow_future = allow_future
        super().__init__(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": _("e.g. 16.02.2021, 02.2021 or 2021"),
                **(attrs or {}),
            }
        )

    class Media:
        js = ["records/fuzzy-date.js"]
        css = {"all": ["records/fuzzy-date.css"]}

    def format_value(self, value):
        if isinstance(value, FuzzyDay):
            return as_typed(*value.parts)
        if isinstance(value, datetime.date):
            return as_typed(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"]
        readout_id = f"{context['widget']['attrs'].get('id') or name}-readout"
        context["widget"]["attrs"].update(
            {
                "data-fuzzy-date": "",
                "data-fuzzy-date-url": reverse("records_read_fuzzy_date"),
                "aria-describedby": readout_id,
            }
        )
        if self.allow_future:
            context["widget"]["attrs"]["data-fuzzy-date-allow-future"] = ""
        # What it was read as; a value it cannot read has its error on the
        # field already (and the script explains it as one types).
        readable, readout = read_as(text, self.allow_future) if text else (False, "")
        context["widget"].update(
            readout_id=readout_id,
            readout=readout if readable else "",
            readout_state="ok" if readable else "",
        )
        return context


class FuzzyDateBoundField(BoundField):
    """Its initial value is the instance's whole fuzzy date (day, precision,
    approximate), not only the day a model form starts from."""

    @cached_property
    def initial(self):
        from records.fuzzydate import FuzzyDayField

        value = super().initial
        instance = getattr(self.form, "instance", None)
        if instance is None or not isinstance(value, datetime.date):
            return value
        try:
            model_field = instance._meta.get_field(self.name)
        except FieldDoesNotExist:
            return value
        if isinstance(model_field, FuzzyDayField):
            fuzzy = model_field.fuzzy_value_from_object(instance)
            if fuzzy is not None and fuzzy.parts[0] == value:
                return fuzzy
        return value


def fuzzy_parts(value):
    """(day, precision, approximate) of a FuzzyDay, a date or None."""
    if isinstance(value, FuzzyDay):
        return value.parts
    if isinstance(value, datetime.date):
        return (value, "day", False)
    return value


class FuzzyDateField(forms.Field):
    """One fuzzy date typed as text (`records.fuzzydate.parse_fuzzy`).

    Cleans to a FuzzyDay (a date with `precision` and `approximate`), which
    the model field (`FuzzyDayField.save_form_data`) stores in its three
    columns. Whatever it cannot read it refuses with the reason; it never
    changes what was typed."""

    widget = FuzzyDateInput
    default_error_messages = {"invalid": FORMATS_HELP}

    def __init__(self, *, allow_future=False, help_text="", **kwargs):
        self.allow_future = allow_future
        kwargs.pop("max_length", None)
        kwargs.setdefault("widget", FuzzyDateInput(allow_future=allow_future))
        help_text = f"{help_text} {FORMATS_HELP}" if help_text else FORMATS_HELP
        super().__init__(help_text=help_text, **kwargs)

    def get_bound_field(self, form, field_name):
        return FuzzyDateBoundField(form, self, field_name)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, FuzzyDay):
            return value
        try:
            day, precision, approximate = parse_fuzzy(
                value, allow_future=self.allow_future
            )
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error
        return FuzzyDay.of(day, precision, approximate)

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return fuzzy_parts(initial) != fuzzy_parts(data)
