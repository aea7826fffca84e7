"""The dataset builds, to download: the /data/ page and /api/v1/datasets/.

Both only read `DatasetBuild` rows; nothing here builds (`manage.py
build_dataset` does)."""

from django.core.files.storage import default_storage
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, renderers, serializers, viewsets
from rest_framework.response import Response

from cms.dataset.build import citation, page_url
from cms.models import DatasetBuild
from records.api.pagination import Pagination
from records.api.views import APIViewMixin, conditional, with_validators

FORMATS = {
    "zip": _("Frictionless Data Package (zip: datapackage.json and one CSV per table)"),
    "sqlite": _("SQLite database (the same tables)"),
}


def download_url(item, request=None):
    url = default_storage.url(item["path"])
    return request.build_absolute_uri(url) if request else url


def changelog_rows(build):
    """[{name, added, removed, changed}] of the tables that changed."""
    return [
        {"name": name, **counts}
        for name, counts in build.changelog.get("tables", {}).items()
        if any(counts.values())
    ]


def data_page(request):
    """Every build, newest first, with its files, checksums, changes and
    citation."""
    today = timezone.localdate()
    builds = [
        {
            "build": build,
            "files": [
                {**item, "url": download_url(item), "label": FORMATS[item["format"]]}
                for item in build.files
            ],
            "rows": sum(table["rows"] for table in build.tables),
            "changes": changelog_rows(build),
            "citation": citation(build, today),
        }
        for build in DatasetBuild.objects.all()
    ]
    return render(request, "cms/data.html", {"builds": builds})


# --- API ----------------------------------------------------------------------


class DatasetFileSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="The file's name.")
    format = serializers.ChoiceField(
        choices=list(FORMATS),
        read_only=True,
        help_text="zip: a Frictionless Data Package (datapackage.json and one "
        "CSV per table); sqlite: the same tables as one SQLite database.",
    )
    bytes = serializers.IntegerField(read_only=True, help_text="Its size.")
    sha256 = serializers.CharField(
        read_only=True, help_text="Its SHA-256 checksum (hex), to check a download."
    )
    url = serializers.SerializerMethodField(help_text="Where to download it.")

    def get_url(self, item) -> str:
        return download_url(item, self.context.get("request"))


class TableCountSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="The table (its CSV).")
    rows = serializers.IntegerField(read_only=True)


class TableChangeSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="The table (its CSV).")
    added = serializers.IntegerField(read_only=True)
    removed = serializers.IntegerField(read_only=True)
    changed = serializers.IntegerField(read_only=True)


class ChangelogSerializer(serializers.Serializer):
    previous = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The version compared with; null for the first build.",
    )
    tables = serializers.SerializerMethodField(
        help_text="Rows added, removed and changed in each table, by primary "
        "key (the zip's changelog.json lists the keys)."
    )

    @extend_schema_field(TableChangeSerializer(many=True))
    def get_tables(self, changelog):
        return [
            {"name": name, **counts}
            for name, counts in changelog.get("tables", {}).items()
        ]


class CitationSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    version = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)
    accessed = serializers.DateField(read_only=True, help_text="Today.")
    text = serializers.CharField(read_only=True, help_text="The citation as text.")


class DatasetBuildSerializer(serializers.ModelSerializer):
    """One build of the whole published record, to download and cite."""

    version = serializers.CharField(
        read_only=True,
        help_text="The day it was built (YYYY-MM-DD), with .2, .3… for a "
        "second or third build that day.",
    )
    url = serializers.SerializerMethodField(help_text="The build on the /data/ page.")
    files = DatasetFileSerializer(many=True, read_only=True)
    tables = TableCountSerializer(many=True, read_only=True)
    changelog = ChangelogSerializer(read_only=True)
    citation = serializers.SerializerMethodField()

    class Meta:
        model = DatasetBuild
        fields = [
            "version",
            "url",
            "built_at",
            "files",
            "tables",
            "changelog",
            "citation",
        ]

    def get_url(self, build) -> str:
        request = self.context.get("request")
        path = f"/data/#dataset-{build.version}"
        return request.build_absolute_uri(path) if request else page_url(build.version)

    @extend_schema_field(CitationSerializer)
    def get_citation(self, build):
        found = citation(build)
        request = self.context.get("request")
        if request is not None:
            found["url"] = self.get_url(build)
            found["text"] = found["text"].replace(page_url(build.version), found["url"])
        return found


@extend_schema_view(
    list=extend_schema(
        summary="Dataset builds",
        description="Every build of the whole published record, newest "
        "first: a Frictionless Data Package zip and a SQLite file each, with "
        "their size, SHA-256 checksum, row counts, what changed since the "
        "previous build and a suggested citation. Old builds stay "
        "downloadable.",
    ),
    retrieve=extend_schema(summary="One dataset build, by version"),
)
class DatasetBuildViewSet(
    APIViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DatasetBuildSerializer
    renderer_classes = [renderers.JSONRenderer]
    pagination_class = Pagination
    filter_backends = []
    lookup_field = "version"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}(\.\d+)?"

    def get_queryset(self):
        return DatasetBuild.objects.all()

    def list(self, request, *args, **kwargs):
        # A build bumps the public version, so the ETag follows the builds.
        not_modified, etag, stamp = conditional(request)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        return with_validators(super().list(request, *args, **kwargs), etag, stamp)

    def retrieve(self, request, *args, **kwargs):
        build = self.get_object()  # an unknown version is a 404, never a 304
        not_modified, etag, stamp = conditional(request)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        response = Response(self.get_serializer(build).data)
        return with_validators(response, etag, stamp)
