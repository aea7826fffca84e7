"""The signatures in the admin: read-only, for petition staff only.

Seeing signatures needs "Can view signature" (give it to a petition team
group, not to researchers); deleting one (on a signer's request) needs "Can
delete signature" and uncounts it. Nobody adds or edits signatures in the
admin: a signature is what its owner typed and confirmed.

Exports, from the petition's "More" menu in the page explorer:
- for delivery: names and countries of confirmed signers (view permission);
- full, with emails: "Can export signatures with their emails".

Petition emails (the outbox, petition/tasks.py): "Can view petition email"
lists them with their status, attempts and last error, never their text;
"Can resend petition emails" resends one, or every failed one. The Petition
team group (petition/migrations/0003) has all of these.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from petition import exports, tasks
from petition.models import Email, PetitionPage, Signature

VIEW = "petition.view_signature"
EXPORT_EMAILS = "petition.export_signature_emails"


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The model's permissions, less adding and changing (even superusers)."""

    refused = ("add", "change")

    def user_has_permission(self, user, action):
        if action in self.refused:
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
    list_display = ["signer", "country", "petition", "confirmed_at", "created_at"]
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


class OutboxPolicy(ReadOnlyPolicy):
    """Emails are seen and resent, never written or deleted by hand."""

    refused = ("add", "change", "delete")


class EmailIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("signature__petition")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.user_has_permission("resend"):
            buttons.append(
                HeaderButton(
                    _("Resend all failed"),
                    url=reverse(email_viewset.get_url_name("resend_failed")),
                    icon_name="mail",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        resendable = instance.status in (Email.Status.PENDING, Email.Status.FAILED)
        if resendable and self.user_has_permission("resend"):
            url = reverse(email_viewset.get_url_name("resend"), args=[instance.pk])
            buttons.append(MenuItem(_("Resend"), url=url, icon_name="mail"))
        return buttons


class ResendView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks, POST resends one email (`pk`) or every failed one."""

    permission_required = "resend"
    template_name = "petition/admin/resend.html"
    page_title = _("Resend petition emails")
    header_icon = "mail"
    permission_policy = None
    index_url_name = None

    def emails(self):
        """What would be resent: the one email (a sent one needs nothing), or
        every failed one."""
        if "pk" in self.kwargs:
            email = get_object_or_404(Email, pk=self.kwargs["pk"])
            return Email.objects.filter(pk=email.pk).exclude(status=Email.Status.SENT)
        return Email.objects.filter(status=Email.Status.FAILED)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            count=self.emails().count(),
            index_url=reverse(self.index_url_name),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        count = tasks.resend(self.emails())
        messages.success(
            request,
            ngettext("%(count)d email resent.", "%(count)d emails resent.", count)
            % {"count": count},
        )
        return redirect(self.index_url_name)


class EmailViewSet(ModelViewSet):
    model = Email
    icon = "mail"
    menu_label = _("Petition emails")
    menu_order = 901
    add_to_admin_menu = True
    index_view_class = EmailIndexView
    list_display = [
        "__str__",
        "signature",
        "signature__petition",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = None
    form_fields = ["kind"]  # for the (unreachable) create and edit views
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return OutboxPolicy(self.model)

    def get_permissions_to_register(self):
        # For the group editor: seeing and resending is all there is to grant.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Email),
            codename__in=["view_email", "resend_email"],
        )

    def get_urlpatterns(self):
        view = ResendView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )
        return [
            *super().get_urlpatterns(),
            path("resend/failed/", view, name="resend_failed"),
            path("resend/<int:pk>/", view, name="resend"),
        ]


email_viewset = EmailViewSet("petition_emails")


@hooks.register("register_admin_viewset")
def register_email_viewset():
    return email_viewset


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
        yield ListingButton(_("Signatures"), f"{url}?petition={page.pk}", priority=70)
        yield ListingButton(
            _("Export for delivery (CSV)"),
            reverse("petition_export_delivery", args=[page.pk]),
            priority=71,
        )
    if user.has_perm(EXPORT_EMAILS):
        yield ListingButton(
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
