"""Admin forms for events and charges: rules that read the inline panels."""

from django.utils.translation import gettext_lazy as _

from events.models import EventDefender
from events.status_updates import STATUS_AFTER
from events.timeline import ENDS, STARTS
from records.forms import RecordForm
from records.fuzzydate import Precision, display, ends_before


class EventForm(RecordForm):
    """A release cannot come before the detention it ends.

    Checked per defender named in the event, across all their other events:
    a release dated before the defender's first detention is refused; so is
    a detention that would come after a release when no earlier detention is
    recorded for that release to end. What starts and what ends a detention
    is the timeline's rule (`events.timeline.STARTS` and `ENDS`).
    """

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("type")
        day = cleaned_data.get("date")
        if kind in (*STARTS, *ENDS) and day and "date" not in self.errors:
            precision = getattr(day, "precision", "day")  # a FuzzyDay
            defenders = [
                row["defender"]
                for row in self.inline_rows("participants")
                if row.get("defender")
            ]
            for message in self.timeline_conflicts(kind, day, precision, defenders):
                self.add_error("date", message)
                break
        if "type" not in self.errors and "date" not in self.errors:
            self.check_status_updates(kind, day)
        return cleaned_data

    def check_status_updates(self, kind, day):
        """A participant's status update ("Update their status to") needs an
        event that changes a status (a detention, verdict or release) and a
        date to the month at least: it becomes their status's as-of date,
        and a bare year cannot tell which of two statuses is the newer."""
        formset = getattr(self, "formsets", {}).get("participants")
        if formset is None or not formset.is_valid():
            return
        for form in formset.forms:
            row = form.cleaned_data
            if not row or row.get("DELETE") or not row.get("new_status"):
                continue
            if kind not in STATUS_AFTER:
                form.add_error(
                    "new_status",
                    _(
                        "Only a detention, a verdict or a release updates a "
                        "person's status: leave this empty for this type of event."
                    ),
                )
            elif day and getattr(day, "precision", "day") == Precision.YEAR:
                form.add_error(
                    "new_status",
                    _(
                        "A status update needs the event's date to the month "
                        "at least (this one says only %(year)s): give a closer "
                        "date, or leave this empty and update the status by hand."
                    )
                    % {"year": day.year},
                )

    def timeline_conflicts(self, kind, day, precision, defenders):
        if not defenders:
            return
        others = (
            EventDefender.objects.filter(
                defender__in=defenders, event__type__in=(*STARTS, *ENDS)
            )
            .exclude(event_id=self.instance.pk)
            .select_related("event")
        )
        detentions, releases = {}, {}
        for involvement in others:
            event = involvement.event
            if event.date is None:
                continue
            found = detentions if event.type in STARTS else releases
            found.setdefault(involvement.defender_id, []).append(event)

        for defender in defenders:
            earlier = sorted(detentions.get(defender.pk, []), key=lambda e: e.date)
            if kind in ENDS and earlier:
                first = earlier[0]
                if ends_before(day, precision, first.date):
                    yield _(
                        "%(name)s's first recorded detention is on %(day)s: "
                        "a release cannot come before it."
                    ) % {"name": defender, "day": first.date_display}
            elif kind in STARTS and not earlier:
                for release in sorted(
                    releases.get(defender.pk, []), key=lambda e: e.date
                ):
                    if ends_before(release.date, release.date_precision, day):
                        yield _(
                            "%(name)s is recorded as released on %(release)s, "
                            "before this detention (%(day)s), and no earlier "
                            "detention is recorded for that release to end."
                        ) % {
                            "name": defender,
                            "release": release.date_display,
                            "day": display(day, precision),
                        }
                        break


class ChargeForm(RecordForm):
    """The outcome shown is the latest one the history records."""

    def clean(self):
        cleaned_data = super().clean()
        history = [
            row
            for row in self.inline_rows("changes")
            if row.get("on") and row.get("outcome")
        ]
        outcome = cleaned_data.get("outcome")
        if history and outcome and "outcome" not in self.errors:
            # The latest date wins; on one date, the one listed last.
            _position, latest = max(
                enumerate(history), key=lambda item: (item[1]["on"], item[0])
            )
            if outcome != latest["outcome"]:
                labels = dict(self.fields["outcome"].choices)
                self.add_error(
                    "outcome",
                    _(
                        "The history's latest change (%(day)s) says “%(latest)s”: "
                        "the outcome must match it, or add a newer change."
                    )
                    % {
                        "day": display(
                            latest["on"], getattr(latest["on"], "precision", "day")
                        ),
                        "latest": labels.get(latest["outcome"], latest["outcome"]),
                    },
                )
        return cleaned_data
