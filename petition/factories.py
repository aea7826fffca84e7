import factory

from wagtail.models import Site

from petition.models import PetitionIndexPage, PetitionPage, Signature


def petition_index():
    """The one /petition/ index page, created under the home page (the default
    site's root) if needed."""
    index = PetitionIndexPage.objects.first()
    if index is None:
        index = PetitionIndexPage(title="Petitions", slug="petition")
        Site.objects.get(is_default_site=True).root_page.add_child(instance=index)
    return index


def make_petition(**fields):
    """A live petition at /petition/<slug>/."""
    fields.setdefault("title", "Release them")
    fields.setdefault("slug", "release-them")
    fields.setdefault("goal", 100)
    fields.setdefault("privacy_notice", "<p>We keep your name and email.</p>")
    fields.setdefault("thank_you_text", "<p>Thanks for confirming!</p>")
    fields.setdefault("confirmation_email_text", "Thanks for signing.")
    page = PetitionPage(**fields)
    petition_index().add_child(instance=page)
    return page


class SignatureFactory(factory.django.DjangoModelFactory):
    """An unconfirmed signature; confirm it with .confirm() to count it."""

    class Meta:
        model = Signature

    name = factory.Sequence(lambda n: f"Signer{n} Surname{n}")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    country = "DE"
