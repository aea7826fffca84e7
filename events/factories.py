import datetime

import factory

from django.utils.text import slugify

from defenders.factories import DefenderFactory
from events.models import (
    Article,
    Charge,
    CriminalCase,
    DetentionPlace,
    Event,
    EventDefender,
    Figure,
    Sentence,
)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        django_get_or_create = ("slug",)

    number = "342"
    part = "1"
    slug = factory.LazyAttribute(
        lambda o: f"{o.number}-{o.part}" if o.part else o.number
    )
    title = "Organisation of actions grossly violating public order"
    live = True


class DetentionPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DetentionPlace

    name = factory.Sequence(lambda n: f"Penal colony No. {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = DetentionPlace.Kind.COLONY
    postal_address = "Example street 1, 000000 Example"
    live = True


class CriminalCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriminalCase

    title = factory.Sequence(lambda n: f"Case {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    live = True


class EventFactory(factory.django.DjangoModelFactory):
    """A live event. `defenders=[d, ...]` names them with a role fitting the type."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    type = Event.Type.DETENTION
    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    date = datetime.date(2021, 7, 14)
    live = True

    @factory.post_generation
    def defenders(self, create, extracted, **kwargs):
        role = {
            Event.Type.DETENTION: EventDefender.Role.DETAINED,
            Event.Type.RELEASE: EventDefender.Role.RELEASED,
            Event.Type.TRANSFER: EventDefender.Role.TRANSFERRED,
            Event.Type.VERDICT: EventDefender.Role.SENTENCED,
        }.get(self.type, EventDefender.Role.OTHER)
        for defender in extracted or []:
            EventDefender.objects.create(event=self, defender=defender, role=role)

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if create and extracted:
            self.places.set(extracted)
            self.save()  # a ParentalManyToManyField is written on save

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)
            self.save()


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charge

    defender = factory.SubFactory(DefenderFactory)
    article = factory.SubFactory(ArticleFactory)
    brought_on = datetime.date(2021, 7, 17)
    outcome = Charge.Outcome.PENDING
    live = True


class SentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentence

    defender = factory.SubFactory(DefenderFactory)
    verdict_date = datetime.date(2023, 3, 3)
    term_months = 120
    live = True


class FigureFactory(factory.django.DjangoModelFactory):
    """A live national figure. `sources=[s, ...]` cites them."""

    class Meta:
        model = Figure
        skip_postgeneration_save = True

    metric = Figure.Metric.POLITICAL_PRISONERS
    value = 1000
    as_of = datetime.date(2025, 12, 15)
    live = True

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)
            self.save()
