"""Admin forms for events and charges: rules that read the inline panels."""

from django.utils.translation import gettext_lazy as _

from events.models import EventDefender
from events.timeline import ENDS, STARTS
from records.forms import RecordForm
from records.fuzzydate import display, ends_before


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
        return cleaned_data

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
