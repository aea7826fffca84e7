"""Case file → Import in the admin: upload a case list, preview every row,
confirm; and the batches in review, each one task for an editor.

The uploaded file waits in the database (`CaseListUpload`) between the
preview and the confirmation. Confirming checks that the file is the one
previewed (its SHA-256) and that the plan still says what the preview said
(the case file may have changed meanwhile); only then is anything written.
"""

import datetime
import hashlib

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.caselist import export
from cms.caselist.plan import plan_file
from cms.caselist.read import FileError, max_bytes
from cms.caselist.write import write
from cms.models import CaseListImport, CaseListUpload
from defenders.models import Defender

# Uploads never confirmed are dropped after this long.
UPLOAD_LIFETIME = datetime.timedelta(days=1)
KINDS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Case list"),
        help_text=_("An XLSX workbook (its first sheet) or a CSV file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s; a case list can be at most %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(max_bytes()),
                }
            )
        return upload


class ConfirmForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CaseListView(PermissionCheckedMixin, WagtailAdminTemplateMixin, View):
    permission_policy = None
    permission_required = "add"
    index_url_name = None
    add_url_name = None
    edit_url_name = None
    preview_url_name = None
    download_url_name = None
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Imports")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            downloads=[
                (label, reverse(self.download_url_name, args=[what, kind]))
                for what, label_of in (
                    ("template", _("Template (%(kind)s)")),
                    ("export", _("The case list now (%(kind)s)")),
                )
                for kind in KINDS
                for label in [label_of % {"kind": kind.upper()}]
            ],
            **kwargs,
        )


class UploadView(CaseListView):
    page_title = _("Import a case list")
    template_name = "cms/caselist/upload.html"

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=UploadForm()))

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        CaseListUpload.objects.filter(
            uploaded_at__lt=timezone.now() - UPLOAD_LIFETIME
        ).delete()
        data = form.cleaned_data["file"].read()
        upload = CaseListUpload.objects.create(
            user=request.user,
            name=form.cleaned_data["file"].name[:255],
            content=data,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        return redirect(reverse(self.preview_url_name, args=[upload.pk]))


class PreviewView(CaseListView):
    page_title = _("Check the import")
    template_name = "cms/caselist/preview.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.upload = get_object_or_404(
            CaseListUpload, pk=kwargs["pk"], user=request.user
        )

    def get_page_subtitle(self):
        return self.upload.name

    def plan(self):
        data = bytes(self.upload.content)
        try:
            return plan_file(data), None
        except FileError as error:
            return None, str(error)

    def preview(self, plan, error, **kwargs):
        context = {"upload": self.upload, "plan": plan, "file_error": error}
        if plan is not None:
            context["form"] = ConfirmForm(
                initial={"sha256": self.upload.sha256, "digest": plan.digest()}
            )
        return self.render_to_response(self.get_context_data(**context, **kwargs))

    def get(self, request, pk):
        return self.preview(*self.plan())

    def post(self, request, pk):
        form = ConfirmForm(request.POST)
        content = bytes(self.upload.content)
        if (
            not form.is_valid()
            or form.cleaned_data["sha256"] != self.upload.sha256
            or hashlib.sha256(content).hexdigest() != self.upload.sha256
        ):
            messages.error(request, _("This is not the file you previewed."))
            return redirect(reverse(self.add_url_name))
        plan, error = self.plan()
        if plan is None or plan.has_errors:
            return self.preview(plan, error)
        if plan.digest() != form.cleaned_data["digest"]:
            messages.warning(
                request,
                _(
                    "The case file changed since this preview: check the "
                    "rows again before confirming."
                ),
            )
            return self.preview(plan, error)
        with transaction.atomic():
            # Of two confirmations at once, the first takes the file and
            # the second finds it gone.
            taken, _kinds = CaseListUpload.objects.filter(pk=self.upload.pk).delete()
            if not taken:
                messages.info(request, _("This file has been imported already."))
                return redirect(reverse(self.index_url_name))
            batch = write(
                plan,
                name=self.upload.name,
                sha256=self.upload.sha256,
                user=request.user,
            )
        if batch is None:
            messages.info(request, _("Every row is unchanged: nothing to import."))
            return redirect(reverse(self.index_url_name))
        messages.success(
            request,
            _("%(file)s: %(summary)s. The drafts are in review as one batch.")
            % {"file": batch.title, "summary": plan.summary()},
        )
        return redirect(reverse(self.edit_url_name, args=[batch.pk]))


class DownloadView(CaseListView):
    permission_required = "view"

    def get(self, request, what, kind):
        if what not in ("template", "export") or kind not in KINDS:
            raise Http404
        data = export.template(kind) if what == "template" else export.export(kind)
        response = HttpResponse(data, content_type=KINDS[kind])
        name = "case-list-template" if what == "template" else "case-list"
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        return response


class ImportRowsPanel(Panel):
    """The rows an import wrote, with their changes, for the editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/caselist/rows_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            edit = "wagtailsnippets_defenders_defender:edit"
            context["rows"] = [
                {**row, "url": reverse(edit, args=[row["defender"]])}
                for row in self.instance.rows
            ]
            context["records"] = self.instance.records.count()
            return context


class CaseListImportViewSet(SnippetViewSet):
    model = CaseListImport
    icon = "upload"
    menu_label = _("Import")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = [
        "title",
        Column("imported_by", label=_("Imported by")),
        "imported_at",
        "new_count",
        "updated_count",
    ]
    panels = [
        FieldPanel("title", read_only=True),
        ImportRowsPanel(heading=_("Rows")),
    ]

    @property
    def permission_policy(self):
        # Importing is adding and changing defenders (and their records);
        # approving an import is publishing them.
        return ModelPermissionPolicy(Defender)

    def case_list_view(self, view_class):
        return self.construct_view(
            view_class,
            index_url_name=self.get_url_name("list"),
            add_url_name=self.get_url_name("add"),
            edit_url_name=self.get_url_name("edit"),
            preview_url_name=self.get_url_name("check"),
            download_url_name=self.get_url_name("download"),
        )

    @property
    def add_view(self):
        return self.case_list_view(UploadView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "check/<uuid:pk>/",
                self.case_list_view(PreviewView),
                name="check",
            ),
            path(
                "download/<slug:what>.<slug:kind>",
                self.case_list_view(DownloadView),
                name="download",
            ),
        ]
