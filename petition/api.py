"""API: petitions (`/api/v1/petitions/`): title, goal, confirmed signatures.

A signer never appears here: the answer is built from PetitionPage fields
only, and signatures are read solely as the page's confirmed count.
"""

from django.db.models import Prefetch, Sum
from rest_framework import serializers

from petition.models import PetitionDefender, PetitionPage
from records.api.fields import is_public
from records.api.filters import RecordFilterSet
from records.api.views import RecordViewSet


class PetitionSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(
        read_only=True,
        help_text="The petition's stable identifier: the last part of its url.",
    )
    url = serializers.SerializerMethodField(
        help_text="The petition's public page, where it is signed."
    )
    title = serializers.CharField(read_only=True, help_text="The petition's title.")
    updated_at = serializers.DateTimeField(source="last_published_at", read_only=True)
    signature_count = serializers.IntegerField(
        read_only=True, help_text="Confirmed signatures only."
    )
    is_open = serializers.BooleanField(read_only=True)
    defenders = serializers.SerializerMethodField()

    class Meta:
        model = PetitionPage
        fields = [
            "slug",
            "url",
            "updated_at",
            "title",
            "addressee",
            "goal",
            "deadline",
            "signature_count",
            "is_open",
            "defenders",
        ]

    def get_url(self, page) -> str:
        """On the site the request came to, as every other record's url:
        not the Wagtail Site record's hostname, which may be a default."""
        request = self.context.get("request")
        if request is None:
            return page.get_full_url()
        _site_id, _root_url, path = page.get_url_parts(request) or (None, "", None)
        return request.build_absolute_uri(path) if path else page.get_full_url()

    def get_defenders(self, page) -> list[str]:
        """Slugs of the published defenders the petition features."""
        return [
            row.defender.slug
            for row in page.featured_defenders.all()
            if is_public(row.defender)
        ]


class PetitionFilterSet(RecordFilterSet):
    updated_field = "last_published_at"  # the answer's updated_at


class PetitionViewSet(RecordViewSet):
    """Published petitions with their goal and confirmed signature count."""

    model = PetitionPage
    serializer_class = PetitionSerializer
    filterset_class = PetitionFilterSet

    def public_queryset(self):
        return (
            PetitionPage.objects.live()
            .public()
            .order_by("-first_published_at")
            .prefetch_related(
                Prefetch(
                    "featured_defenders",
                    queryset=PetitionDefender.objects.filter(
                        defender__live=True
                    ).select_related("defender"),
                )
            )
        )

    def etag_seed(self):
        # Confirming a signature changes the count, not the public version.
        total = self.get_queryset().order_by().aggregate(n=Sum("signature_count"))
        return str(total["n"])
