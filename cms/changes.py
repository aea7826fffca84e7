"""What changed in the published record, newest first: /api/v1/changes/.

Read from Wagtail's audit log (ModelLogEntry for records, PageLogEntry for
petitions), which the editors' publish and unpublish actions, the demo loader
(records/demo/publish.py) and the case-list import (cms/caselist/bulk.py) all
write. Each publish is "published" when the record was not public just
before, "changed" when it was; an unpublish or a delete of a public record
is "withdrawn".

What the feed shows, and never more (DESIGN §6):
- a publish only of a record that is public now, named by its current
  public slug and page; a record withdrawn since shows only its withdrawal;
- a withdrawal only of a record that was public just before, named by the
  slug it was last published under (the journalist's copy holds it), with no
  page; a draft never published, or deleted, appears nowhere;
- no title, no label, no log data, no user: what changed and when, never
  what the record says or who changed it;
- a confidential source appears nowhere (nor its withdrawal).
"""

import base64
import binascii
import datetime
import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, renderers, serializers, viewsets
from rest_framework.response import Response

from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from defenders.models import Defender, Organization
from events.models import Charge, DetentionPlace, Event, Figure, Sentence
from petition.models import PetitionPage
from records.api.pagination import MAX_PAGE_SIZE
from records.api.views import APIViewMixin, conditional, with_validators
from records.models import Place, Source

PUBLISH = ("wagtail.publish", "wagtail.publish.scheduled")
WITHDRAW = ("wagtail.unpublish", "wagtail.unpublish.scheduled", "wagtail.delete")
STATES = PUBLISH + WITHDRAW
PAGE_SIZE = 50

# type name: (model, whether it has a slug of its own, its public-now rows)
RECORD_TYPES = {
    "defender": (Defender, True, lambda: Defender.objects.live()),
    "organization": (Organization, True, lambda: Organization.objects.live()),
    "event": (Event, True, lambda: Event.objects.live()),
    # Shown with their defender (and article): public only while they are.
    "charge": (
        Charge,
        False,
        lambda: Charge.objects.live().filter(defender__live=True, article__live=True),
    ),
    "sentence": (
        Sentence,
        False,
        lambda: Sentence.objects.live().filter(defender__live=True),
    ),
    "detention_place": (DetentionPlace, True, lambda: DetentionPlace.objects.live()),
    "place": (Place, True, lambda: Place.objects.live()),
    "figure": (Figure, False, lambda: Figure.objects.live()),
    "source": (Source, False, lambda: Source.objects.live().filter(confidential=False)),
}
PETITION = "petition"
# Newest first; at one instant, petitions (pages) before records.
PAGE_RANK, RECORD_RANK = 1, 0


class ChangeSerializer(serializers.Serializer):
    """One change to the published record."""

    action = serializers.ChoiceField(
        choices=["published", "changed", "withdrawn"],
        help_text="published: public for the first time (or again after a "
        "withdrawal); changed: a public record published again with edits; "
        "withdrawn: unpublished or deleted, no longer public.",
    )
    type = serializers.ChoiceField(
        choices=[*RECORD_TYPES, PETITION], help_text="What kind of record."
    )
    id = serializers.IntegerField(help_text="The record's id: stable, never reused.")
    slug = serializers.CharField(
        allow_null=True,
        help_text="Its slug (for a withdrawn record, the one it was last "
        "published under); null for charges, sentences, figures and sources, "
        "known by id.",
    )
    url = serializers.URLField(
        allow_null=True,
        help_text="Its public page now (a charge's or sentence's: the "
        "defender's; a source's: where it is published); null when withdrawn.",
    )
    at = serializers.DateTimeField(help_text="When it happened (UTC).")


class ChangesPageSerializer(serializers.Serializer):
    next = serializers.URLField(
        allow_null=True,
        help_text="The next (older) page, or null on the last. Follow it as "
        "given: its cursor is opaque.",
    )
    results = ChangeSerializer(many=True)


def _previous(model, key):
    """The latest state entry (publish, unpublish, delete) before each
    entry of the same object: what its state was just before."""
    return model.objects.filter(
        action__in=STATES, pk__lt=OuterRef("pk"), **key
    ).order_by("-pk")


def record_entries():
    """Shown ModelLogEntry rows of the public record types, annotated with
    the previous state entry's action and revision."""
    types = ContentType.objects.get_for_models(
        *(model for model, _, _ in RECORD_TYPES.values()), for_concrete_models=False
    )
    type_ids = {name: types[model].pk for name, (model, _, _) in RECORD_TYPES.items()}
    previous = _previous(
        ModelLogEntry,
        {
            "content_type_id": OuterRef("content_type_id"),
            "object_id": OuterRef("object_id"),
        },
    )
    public_now = Q()
    for name, (_, _, public) in RECORD_TYPES.items():
        keys = public().annotate(key=Cast("pk", CharField())).order_by().values("key")
        public_now |= Q(content_type_id=type_ids[name], object_id__in=keys)
    sources = Source.objects.filter(confidential=False)
    not_confidential = ~Q(content_type_id=type_ids["source"]) | Q(
        object_id__in=sources.annotate(key=Cast("pk", CharField()))
        .order_by()
        .values("key")
    )
    entries = ModelLogEntry.objects.filter(
        content_type_id__in=type_ids.values(), action__in=STATES
    ).annotate(
        previous_action=Subquery(previous.values("action")[:1]),
        previous_revision=Subquery(previous.values("revision_id")[:1]),
    )
    shown = (Q(action__in=PUBLISH) & public_now) | (
        Q(action__in=WITHDRAW, previous_action__in=PUBLISH) & not_confidential
    )
    return entries.filter(shown), {pk: name for name, pk in type_ids.items()}


def page_entries():
    """Shown PageLogEntry rows of petitions, annotated like `record_entries`."""
    petition_type = ContentType.objects.get_for_model(PetitionPage)
    previous = _previous(PageLogEntry, {"page_id": OuterRef("page_id")})
    public_now = PetitionPage.objects.live().public().order_by().values("pk")
    entries = PageLogEntry.objects.filter(
        content_type=petition_type, action__in=STATES
    ).annotate(
        previous_action=Subquery(previous.values("action")[:1]),
        previous_revision=Subquery(previous.values("revision_id")[:1]),
    )
    return entries.filter(
        Q(action__in=PUBLISH, page_id__in=public_now)
        | Q(action__in=WITHDRAW, previous_action__in=PUBLISH)
    )


def after(cursor, rank):
    """Entries of the table ranked `rank` that come after `cursor` (the
    last entry of the previous page) in newest-first order."""
    if cursor is None:
        return Q()
    at, cursor_rank, pk = cursor
    older = Q(timestamp__lt=at)
    if rank < cursor_rank:
        return older | Q(timestamp=at)
    if rank == cursor_rank:
        return older | Q(timestamp=at, pk__lt=pk)
    return older


def encode_cursor(at, rank, pk):
    raw = json.dumps([at.isoformat(), rank, pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value):
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        at, rank, pk = json.loads(raw)
        at = datetime.datetime.fromisoformat(at)
        if at.tzinfo is None or rank not in (PAGE_RANK, RECORD_RANK):
            raise ValueError
        if not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63:
            raise ValueError
        return at, rank, pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise exceptions.ValidationError(
            {"cursor": [gettext("Not a cursor: follow the next link as given.")]}
        ) from None


def parse_since(value):
    """An ISO date (from the start of that day, UTC) or datetime (without
    an offset: UTC)."""
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise exceptions.ValidationError(
            {
                "since": [
                    gettext(
                        "Enter an ISO date or datetime: 2026-11-24 or "
                        "2026-11-24T09:00:00Z."
                    )
                ]
            }
        )
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


class ChangesViewSet(APIViewMixin, viewsets.GenericViewSet):
    """What was published, changed or withdrawn, and when: newest first.

    Poll it with `since` (the time of your last poll) to update a copy of
    the record: fetch each published or changed record's url (or its API
    object), drop each withdrawn one. A record is only in the feed while it
    is public (a charge or sentence while its defender is too); a withdrawn
    one only by its withdrawal."""

    serializer_class = ChangeSerializer
    renderer_classes = [renderers.JSONRenderer]
    pagination_class = None
    filter_backends = []

    def allowed_query_params(self):
        """Anything else is a 400 naming it, and so is a repeated one
        (APIViewMixin.initial, records.api.params)."""
        return {"since", "cursor", "page_size", "format"}

    def perform_content_negotiation(self, request, force=False):
        try:
            return super(APIViewMixin, self).perform_content_negotiation(request, force)
        except (exceptions.NotFound, Http404):
            if force:
                raise
            raise exceptions.ValidationError(
                {"format": [gettext("Enter json.")]}
            ) from None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description="Only changes at or after this moment: an ISO "
                "date (from its start, UTC) or datetime (UTC unless an offset "
                "is given). Anything else is a 400.",
                examples=[],
            ),
            OpenApiParameter(
                "cursor",
                OpenApiTypes.STR,
                description="Where the page starts: take it from `next`.",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=f"Changes per page, 1–{MAX_PAGE_SIZE} (default "
                f"{PAGE_SIZE}).",
            ),
        ],
        responses=ChangesPageSerializer,
    )
    def list(self, request, *args, **kwargs):
        params = request.query_params
        since = parse_since(params["since"]) if params.get("since") else None
        cursor = decode_cursor(params["cursor"]) if params.get("cursor") else None
        size = page_size(params.get("page_size"))
        not_modified, etag, stamp = conditional(request)
        if not_modified is not None:
            return with_validators(not_modified, etag, stamp)
        rows = self.page(since, cursor, size + 1)
        more = len(rows) > size
        rows = rows[:size]
        next_url = None
        if more:
            last = rows[-1]
            query = params.copy()
            query["cursor"] = encode_cursor(last["at"], last["rank"], last["entry"])
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        results = self.describe(rows)
        body = {"next": next_url, "results": results}
        return with_validators(Response(body), etag, stamp)

    def page(self, since, cursor, size):
        """The next `size` shown entries of both logs, merged newest first."""
        records, type_names = record_entries()
        pages = page_entries()
        fields = ["pk", "timestamp", "action", "previous_action", "previous_revision"]
        rows = []
        for entries, rank, key in (
            (records, RECORD_RANK, ["content_type_id", "object_id"]),
            (pages, PAGE_RANK, ["page_id"]),
        ):
            if since is not None:
                entries = entries.filter(timestamp__gte=since)
            entries = entries.filter(after(cursor, rank)).order_by("-timestamp", "-pk")
            for row in entries.values(*fields, *key)[:size]:
                if rank == PAGE_RANK:
                    kind, object_id = PETITION, row["page_id"]
                else:
                    kind = type_names[row["content_type_id"]]
                    object_id = int(row["object_id"])
                rows.append(
                    {
                        "entry": row["pk"],
                        "rank": rank,
                        "at": row["timestamp"],
                        "type": kind,
                        "id": object_id,
                        "withdrawn": row["action"] in WITHDRAW,
                        "first": row["previous_action"] not in PUBLISH,
                        "revision": row["previous_revision"],
                    }
                )
        rows.sort(key=lambda r: (r["at"], r["rank"], r["entry"]), reverse=True)
        return rows[:size]

    def describe(self, rows):
        """Each entry as the public sees it: slugs and pages of the records
        public now (one query per type), last published slugs of the
        withdrawn (one query)."""
        request = self.request
        wanted = {}
        for row in rows:
            if not row["withdrawn"]:
                wanted.setdefault(row["type"], set()).add(row["id"])
        found = {}
        for kind, ids in wanted.items():
            for record in public_records(kind, ids):
                found[(kind, record.pk)] = (
                    getattr(record, "slug", None)
                    if kind == PETITION or RECORD_TYPES[kind][1]
                    else None,
                    public_url(kind, record, request),
                )
        revisions = [row["revision"] for row in rows if row["withdrawn"]]
        last_slugs = dict(
            Revision.objects.filter(pk__in=[r for r in revisions if r])
            .values_list("pk", "content__slug")
            .order_by()
        )
        results = []
        for row in rows:
            kind = row["type"]
            has_slug = kind == PETITION or RECORD_TYPES[kind][1]
            if row["withdrawn"]:
                slug = last_slugs.get(row["revision"]) if has_slug else None
                action, url = "withdrawn", None
            else:
                if (kind, row["id"]) not in found:
                    continue  # withdrawn between the two queries
                slug, url = found[(kind, row["id"])]
                action = "published" if row["first"] else "changed"
            results.append(
                {
                    "action": action,
                    "type": kind,
                    "id": row["id"],
                    "slug": slug if isinstance(slug, str) else None,
                    "url": url,
                    "at": row["at"],
                }
            )
        return ChangeSerializer(results, many=True).data


def page_size(raw):
    if raw in (None, ""):
        return PAGE_SIZE
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {
                "page_size": [
                    gettext("Enter a whole number from 1 to %(max)d.")
                    % {"max": MAX_PAGE_SIZE}
                ]
            }
        )
    return int(raw)


def public_records(kind, ids):
    if kind == PETITION:
        return PetitionPage.objects.live().public().filter(pk__in=ids)
    model, _, public = RECORD_TYPES[kind]
    records = public().filter(pk__in=ids)
    if kind in ("charge", "sentence"):
        records = records.select_related("defender")
    return records


def public_url(kind, record, request):
    """The record's public page on the site the request came to."""
    if kind == PETITION:
        parts = record.get_url_parts(request)
        return request.build_absolute_uri(parts[2]) if parts else None
    if kind == "source":
        return record.url or None
    if kind == "place":  # no page of its own: the defenders held there
        return request.build_absolute_uri(
            f"{reverse('defender_list')}?city={record.slug}"
        )
    if kind in ("charge", "sentence"):
        record = record.defender
    return request.build_absolute_uri(record.get_absolute_url())
