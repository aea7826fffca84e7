"""The defender form's whole case: what the events app records of a person
(events, charges, sentences), each with its publication state and a link to
its own form, and links that open the Event form for their next detention,
verdict or release. It lives here because defenders/ cannot import events/;
the viewsets in events/wagtail_hooks.py use it."""

from django.contrib.admin.utils import quote
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel
from wagtail.models import WorkflowState

from defenders.models import Defender
from events.models import Charge, Event, EventDefender, Sentence
from records.wagtail_hooks import RecordCreateView, publication_status

# The events a researcher adds from the defender's form, and the role the
# person has in each (what the Event form's "People involved" row starts with).
ADD_EVENTS = [
    (Event.Type.DETENTION, EventDefender.Role.DETAINED),
    (Event.Type.VERDICT, EventDefender.Role.SENTENCED),
    (Event.Type.RELEASE, EventDefender.Role.RELEASED),
]


def with_states(queryset, through=""):
    """Records with their active workflow states, as `publication_status`
    reads them: one query for all, not one per row."""
    return queryset.prefetch_related(
        Prefetch(
            f"{through}workflow_states",
            queryset=WorkflowState.objects.active(),
            to_attr="_current_workflow_states",
        )
    )


def edit_url(record):
    viewset = type(record).snippet_viewset
    return reverse(viewset.get_url_name("edit"), args=[quote(record.pk)])


def row(record, **fields):
    return {
        "url": edit_url(record),
        "status": publication_status(record),
        "live": record.live,
        **fields,
    }


def whole_case(defender):
    """{"events": [...], "charges": [...], "sentences": [...]}: rows of
    dicts, in the order the case happened."""
    involvements = with_states(
        EventDefender.objects.filter(defender=defender)
        .select_related("event")
        .order_by("event__date", "event__pk"),
        through="event__",
    )
    charges = with_states(
        Charge.objects.filter(defender=defender)
        .select_related("article", "case")
        .order_by("brought_on", "pk")
    )
    sentences = with_states(
        Sentence.objects.filter(defender=defender)
        .select_related("case")
        .order_by("verdict_date", "pk")
    )
    return {
        "events": [
            row(
                involvement.event,
                date=involvement.event.date_display,
                type=involvement.event.get_type_display(),
                title=involvement.event.title,
                role=involvement.get_role_display(),
            )
            for involvement in involvements
        ],
        "charges": [
            row(
                charge,
                article=charge.article.label,
                outcome=charge.get_outcome_display(),
                case=charge.case,
            )
            for charge in charges
        ],
        "sentences": [
            row(
                sentence,
                date=sentence.verdict_date_display,
                term=sentence.term_display,
                regime=sentence.get_regime_display(),
                case=sentence.case,
            )
            for sentence in sentences
        ],
    }


def add_event_links(defender):
    """(label, url) of the Event create form for this person's next event,
    its type and the person's row filled in (EventCreateView)."""
    url = reverse(Event.snippet_viewset.get_url_name("add"))
    return [
        (
            _("Add %(type)s") % {"type": kind.label},
            f"{url}?{urlencode({'type': kind.value, 'defender': defender.pk})}",
        )
        for kind, _role in ADD_EVENTS
    ]


class WholeCasePanel(Panel):
    """The person's events, charges and sentences, read-only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/whole_case_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            defender = self.instance
            context["recorded"] = bool(defender and defender.pk)
            if context["recorded"]:
                context.update(whole_case(defender))
                if self.request.user.has_perm("events.add_event"):
                    context["add_links"] = add_event_links(defender)
            return context


class EventCreateView(RecordCreateView):
    """The Event create form, opened from a defender's form with
    ?type=detention&defender=<pk>: that type, and that person in the first
    "People involved" row with the role the type gives them."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        if self.request.method != "GET":
            return instance
        roles = dict(ADD_EVENTS)
        kind = self.request.GET.get("type")
        pk = self.request.GET.get("defender", "")
        defender = Defender.objects.filter(pk=pk).first() if pk.isdigit() else None
        if kind not in roles and defender is None:
            return instance
        instance = instance or Event()
        if kind in roles:
            instance.type = kind
        if defender is not None:
            role = roles.get(kind, EventDefender.Role.OTHER)
            instance.participants = [EventDefender(defender=defender, role=role)]
        return instance
