"""Admin forms for records: rules that need the whole form or the chosen action.

Rules on one record's own fields live in the model (`validation_errors()`);
the rules here need what the model cannot see while it is being cleaned: the
inline formsets, or whether the editor asked to save a draft, submit for
review, publish, or approve in the review workflow.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

# The buttons of Wagtail's snippet create/edit views, as they arrive in POST.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")
PUBLISH_ACTIONS = ("action-publish",)
APPROVE = "approve"

NO_SOURCE = _(
    "Cite at least one source before submitting this record for review or "
    "publishing it."
)


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


class RecordForm(WagtailAdminModelForm):
    """The base form of every record in the admin."""

    def clean(self):
        cleaned_data = super().clean()
        if (
            getattr(self._meta.model, "requires_source", False)
            and "sources" in self.fields
            and goes_public_or_to_review(self.data)
            and "sources" not in self.errors
            and not cleaned_data.get("sources")
        ):
            self.add_error("sources", NO_SOURCE)
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
