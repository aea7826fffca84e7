"""The signatures in the admin: read-only, for petition staff only.

Seeing signatures needs "Can view signature" (give it to a petition team
group, not to researchers); deleting one (on a signer's request) needs "Can
delete signature" and uncounts it. Nobody adds or edits signatures in the
admin: a signature is what its owner typed and confirmed.

Exports, from the petition's "More" menu in the page explorer:
- for delivery: names and countries of confirmed signers (view permission);
- full, with emails: "Can export signatures with their emails".
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import PageListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from petition import exports
from petition.models import PetitionPage, Signature

VIEW = "petition.view_signature"
EXPORT_EMAILS = "petition.export_signature_emails"


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The model's permissions, less adding and changing (even superusers)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class SignatureViewSet(ModelViewSet):
    model = Signature
    icon = "list-ul"
    menu_label = _("Signatures")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["name", "country", "petition", "confirmed_at", "created_at"]
    list_filter = ["petition"]
    search_fields = ["name"]
    search_backend_name = None  # signatures never enter the search index
    # Needed to build the (unreachable) create and edit views.
    form_fields = ["name", "country"]
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return ReadOnlyPolicy(self.model)


signature_viewset = SignatureViewSet("signatures")


@hooks.register("register_admin_viewset")
def register_signature_viewset():
    return signature_viewset


def export_delivery(request, page_id):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    petition = get_object_or_404(PetitionPage, pk=page_id)
    return exports.csv_response(
        exports.delivery_rows(petition),
        exports.export_filename(petition, "signatures"),
    )


def export_full(request, page_id):
    if not request.user.has_perm(EXPORT_EMAILS):
        raise PermissionDenied
    petition = get_object_or_404(PetitionPage, pk=page_id)
    return exports.csv_response(
        exports.full_rows(petition),
        exports.export_filename(petition, "signatures-with-emails"),
    )


@hooks.register("register_admin_urls")
def register_export_urls():
    return [
        path(
            "petition/<int:page_id>/signatures.csv",
            export_delivery,
            name="petition_export_delivery",
        ),
        path(
            "petition/<int:page_id>/signatures-with-emails.csv",
            export_full,
            name="petition_export_full",
        ),
    ]


def petition_buttons(page, user):
    if page.specific_class is not PetitionPage:
        return
    if user.has_perm(VIEW):
        url = reverse(signature_viewset.get_url_name("index"))
        yield PageListingButton(
            _("Signatures"), f"{url}?petition={page.pk}", priority=70
        )
        yield PageListingButton(
            _("Export for delivery (CSV)"),
            reverse("petition_export_delivery", args=[page.pk]),
            priority=71,
        )
    if user.has_perm(EXPORT_EMAILS):
        yield PageListingButton(
            _("Export with emails (CSV)"),
            reverse("petition_export_full", args=[page.pk]),
            priority=72,
        )


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from petition_buttons(page, user)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from petition_buttons(page, user)
