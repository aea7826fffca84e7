"""A change to a charge, sentence or event moves its defenders' `updated_at`.

A defender's answer shows their charges, sentences and the days counted
from their events, so `updated_since` must find the defender when one of
those changes. One UPDATE per save, without signals of its own (the save
that triggered it already bumped the public version). Bulk loading
(`generate_synthetic`) sends no signals; fixtures (`raw`) are left alone."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from defenders.models import Defender
from events.models import Charge, Event, EventDefender, Sentence
from records.cache import BOOKKEEPING_FIELDS


def touched(kwargs):
    """False for a fixture load or a save of editorial bookkeeping only (a
    draft revision): the public record did not change."""
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (
        update_fields and set(update_fields) <= BOOKKEEPING_FIELDS
    ):
        return False
    return True


def touch_defender(sender, instance, **kwargs):
    if touched(kwargs) and instance.defender_id:
        Defender.objects.filter(pk=instance.defender_id).update(
            updated_at=timezone.now()
        )


def touch_participants(sender, instance, **kwargs):
    if touched(kwargs):
        Defender.objects.filter(involvements__event_id=instance.pk).update(
            updated_at=timezone.now()
        )


def connect():
    """Called from EventsConfig.ready()."""
    # EventDefender: a person added to or removed from an event.
    for model in (Charge, Sentence, EventDefender):
        for signal in (post_save, post_delete):
            signal.connect(touch_defender, sender=model, weak=False)
    # The event's own fields (its date moves the days counted); on delete its
    # EventDefender rows go too, each touching its defender.
    post_save.connect(touch_participants, sender=Event, weak=False)
