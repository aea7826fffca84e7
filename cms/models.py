import uuid
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, WorkflowMixin
from wagtail.permission_policies import ModelPermissionPolicy

from cms.charts import held_by_month, home_charts
from cms.stats import home_figures
from cms.updates import latest_changes
from defenders.models import Defender
from petition.models import PetitionPage
from records.languages import translated_panel
from records.models import TranslatedTitle
from records.public import per_public_version


class HomePage(TranslatedTitle, Page):
    """The site's front page: headline figures, latest updates, petition call."""

    intro = RichTextField(_("intro"), blank=True)

    content_panels = [
        *Page.content_panels,
        *TranslatedTitle.title_panels,
        translated_panel("intro"),
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        # Both read every live defender's timeline or sum over every record:
        # computed once per published version, not on every request.
        figures = per_public_version(request, "home-figures", home_figures)
        held = per_public_version(request, "home-held", held_by_month)
        national = [row["figure"] for row in figures["national"]]
        return {
            **super().get_context(request, *args, **kwargs),
            "figures": figures,
            "charts": home_charts(figures=national, held=held),
            "changes": latest_changes(limit=8),
            "petition": PetitionPage.objects.live()
            .public()
            .order_by("-first_published_at", "-pk")
            .first(),
        }


class StandardPage(TranslatedTitle, Page):
    """A page of text the editors keep: the About page, the letters guide.

    `role` marks the page the site links to for a purpose (the letters
    guide from every profile, About from the footer), so renaming its slug
    never breaks a link."""

    class Role(models.TextChoices):
        ABOUT = "about", _("About and methodology")
        LETTERS = "letters", _("Letters guide")

    intro = models.TextField(_("intro"), blank=True)
    body = RichTextField(_("body"), blank=True)
    role = models.CharField(
        _("role on the site"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("The page the site links to for this purpose; one page per role."),
    )

    content_panels = [
        *Page.content_panels,
        *TranslatedTitle.title_panels,
        translated_panel("intro"),
        translated_panel("body"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("role")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=~models.Q(role=""),
                name="one_page_per_role",
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contact_email"] = settings.CONTACT_EMAIL
        return context


class CaseListImport(WorkflowMixin, DraftStateMixin, RevisionMixin, models.Model):
    """A case-list file brought into the case file (cms/caselist/): one review
    task for every record it wrote as a draft.

    Approving it (which publishes it) publishes the latest version of each
    of those records, all in one transaction; sending it back leaves them
    drafts. `rows` keeps what the researcher confirmed, row by row, for the
    editor to review."""

    title = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    new_count = models.PositiveIntegerField(_("new"), default=0, editable=False)
    updated_count = models.PositiveIntegerField(_("updated"), default=0, editable=False)
    rows = models.JSONField(_("rows"), default=list, editable=False)

    class Meta:
        verbose_name = _("case-list import")
        verbose_name_plural = _("case-list imports")
        ordering = ["-imported_at"]

    def __str__(self):
        return self.title

    @classmethod
    def get_default_workflow(cls):
        """The workflow the records it writes are reviewed in."""
        return Defender.get_default_workflow()

    def publish(self, revision, user=None, skip_permission_checks=False, **kwargs):
        """Approved: publish it and every record it wrote. Those who may
        publish defenders may publish an import (it has no permissions of
        its own); each record's publication checks its own."""
        from cms.caselist.write import publish

        policy = ModelPermissionPolicy(Defender)
        if user and not skip_permission_checks:
            if not policy.user_has_permission(user, "publish"):
                raise PermissionDenied
        with transaction.atomic():
            published = super().publish(
                revision, user=user, skip_permission_checks=True, **kwargs
            )
            publish(self, user)
        return published

    def drafts(self):
        """The records this import wrote, in the order it wrote them (sources
        first, then each person's)."""
        keys = list(
            self.records.values_list(
                "revision__base_content_type_id", "revision__object_id"
            )
        )
        by_type = defaultdict(list)
        for type_id, object_id in keys:
            by_type[type_id].append(object_id)
        found = {}
        for type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            # What their names are made of (a charge's defender and article).
            records = model._default_manager.select_related()
            for record in records.filter(pk__in=ids):
                found[(type_id, str(record.pk))] = record
        return [found[key] for key in keys if key in found]


class ImportedRecord(models.Model):
    """A record a case-list import wrote: the revision it saved."""

    batch = models.ForeignKey(
        CaseListImport, on_delete=models.CASCADE, related_name="records"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    created = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.batch}: {self.revision.object_str}"


class CaseListUpload(models.Model):
    """A case-list file between its preview and its confirmation, kept in
    the database so that any app server can confirm it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case-list upload")
        verbose_name_plural = _("case-list uploads")

    def __str__(self):
        return self.name


class DatasetBuild(models.Model):
    """One build of the whole published record as open data (cms/dataset/):
    a Frictionless Data Package zip and the same tables as one SQLite file.

    Made by `manage.py build_dataset`, never in a request. Its files stay
    in storage under datasets/<version>/, so an old version a journalist
    cited can still be downloaded."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    built_at = models.DateTimeField(_("built at"))
    # [{"name", "path" (in storage), "format", "sha256", "bytes"}]
    files = models.JSONField(_("files"), default=list)
    # [{"name", "rows"}], in the package's order.
    tables = models.JSONField(_("tables"), default=list)
    # {"previous": version or None, "tables": {name: {"added", "removed",
    # "changed"}}}; the keys themselves are in the zip's changelog.json.
    changelog = models.JSONField(_("changelog"), default=dict)

    class Meta:
        verbose_name = _("dataset build")
        verbose_name_plural = _("dataset builds")
        ordering = ["-built_at", "-pk"]

    def __str__(self):
        return self.version

    @property
    def total_bytes(self):
        return sum(item["bytes"] for item in self.files)
