import datetime

import factory

from django.utils.text import slugify

from defenders.models import Defender, Membership, Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organization.Kind.HUMAN_RIGHTS
    live = True


class DefenderFactory(factory.django.DjangoModelFactory):
    """A live defender. Pass sources=[...] to cite sources."""

    class Meta:
        model = Defender
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Defender {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    status = Defender.Status.IMPRISONED
    status_as_of = datetime.date(2025, 12, 1)
    status_as_of_precision = "month"
    live = True

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    defender = factory.SubFactory(DefenderFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "member"
