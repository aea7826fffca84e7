"""Build a large synthetic dataset for benchmarks and load tests.

Every row is marked synthetic (English names and slugs start with "Synthetic"
/ "synthetic-", all cite one source titled "SYNTHETIC DATA") and the command
refuses to run on a database that holds the real case file, so the two never
mix. Rows are written with bulk_create; run `manage.py update_index` after.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from defenders.models import Defender, Membership, Organization
from events.models import Article, Charge, Event, EventDefender, Sentence
from records.models import Place, Source
from records.names import belarusian, search_names

# Made-up Belarusian names, so that name search meets Cyrillic and its
# romanisations: 20 first names and 20 x 10 surnames.
FIRST_NAMES = (
    "Алесь Валянцін Уладзімір Марфа Леанід Таццяна Наста Андрэй Міхаіл Ганна "
    "Павел Вольга Сяргей Ірына Дзмітрый Юлія Мікалай Святлана Віктар Алена"
).split()
ROOTS = (
    "Бял Лабк Рабк Судал Лас Лойк Чап Стэф Кавал Мельн Шаўц Крав Гарб Дзям Жук "
    "Зайц Сакал Мароз Пятр Цімаш"
).split()
ENDINGS = "ецкі овіч ова енка юк ёнак чык аў ская ін".split()

PREFIX = "synthetic-"
START = datetime.date(2020, 8, 9)
DAYS = (datetime.date(2025, 12, 1) - START).days
BATCH = 5000


def day(rng):
    return START + datetime.timedelta(days=rng.randrange(DAYS))


def synthetic_name(i):
    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    surname = ROOTS[i // 20 % len(ROOTS)] + ENDINGS[i // 400 % len(ENDINGS)]
    name_be = f"{first} {surname}"
    name_ru = name_be.replace("і", "и").replace("ў", "в").replace("э", "е")
    name = f"Synthetic {belarusian(name_be, 'passport')}"
    return {
        "name": name,
        "name_be": name_be,
        "name_ru": name_ru,
        "search_names": search_names(name, name_be, name_ru),
    }


class Command(BaseCommand):
    help = "Generate a synthetic dataset (never mixed with the real case file)."

    def add_arguments(self, parser):
        parser.add_argument("--defenders", type=int, default=1000)
        parser.add_argument("--events", type=int, default=10000)
        parser.add_argument("--signatures", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, defenders, events, signatures, seed, **options):
        real = Defender.objects.exclude(slug__startswith=PREFIX)
        if real.exists():
            raise CommandError(
                "This database holds real case records; synthetic data is "
                "generated only into a database of its own."
            )
        if Defender.objects.exists():
            raise CommandError(
                "Synthetic data is already here; use a fresh database to regenerate."
            )
        rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
        with transaction.atomic():
            people = self.make_records(rng, defenders, events)
            if signatures:
                self.make_signatures(rng, signatures, people)
        self.stdout.write(
            f"Synthetic: {defenders} defenders, {events} events, "
            f"{signatures} signatures. Run `manage.py update_index` next."
        )

    def make_records(self, rng, n_defenders, n_events):
        source = Source.objects.create(
            title="SYNTHETIC DATA — generated for load tests, not real",
            publisher="Docket generate_synthetic",
            live=True,
        )
        places = Place.objects.bulk_create(
            Place(
                name=f"Synthetic City {i}",
                search_names=search_names(f"Synthetic City {i}"),
                slug=f"{PREFIX}city-{i}",
                kind="city",
                latitude=52 + i / 10,
                longitude=24 + i / 10,
                live=True,
            )
            for i in range(40)
        )
        organizations = Organization.objects.bulk_create(
            Organization(
                name=f"Synthetic Organization {i}",
                search_names=search_names(f"Synthetic Organization {i}"),
                slug=f"{PREFIX}organization-{i}",
                kind="ngo",
                live=True,
                closed_on=day(rng) if i % 3 == 0 else None,
            )
            for i in range(200)
        )
        articles = Article.objects.bulk_create(
            Article(
                code="Synthetic Code",
                number=str(300 + i),
                part=str(part),
                slug=f"{PREFIX}{300 + i}-{part}",
                title=f"Synthetic article {300 + i} part {part}",
                live=True,
            )
            for i in range(20)
            for part in (1, 2)
        )
        statuses = [choice for choice, _label in Defender.Status.choices]
        defenders = Defender.objects.bulk_create(
            (
                Defender(
                    **synthetic_name(i),
                    slug=f"{PREFIX}defender-{i:05d}",
                    status=rng.choice(statuses),
                    status_as_of=datetime.date(2025, 12, 1),
                    status_as_of_precision="month",
                    birth_year=rng.randrange(1950, 2000),
                    role="Synthetic volunteer",
                    live=rng.random() > 0.02,
                    private_notes="synthetic private note",
                )
                for i in range(n_defenders)
            ),
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            (
                Membership(defender=d, organization=rng.choice(organizations))
                for d in defenders
            ),
            batch_size=BATCH,
        )
        Charge.objects.bulk_create(
            (
                Charge(
                    defender=d,
                    article=rng.choice(articles),
                    brought_on=day(rng),
                    outcome=rng.choice(["pending", "convicted", "dropped"]),
                    live=True,
                )
                for d in defenders
                for _ in range(rng.randrange(1, 4))
            ),
            batch_size=BATCH,
        )
        Sentence.objects.bulk_create(
            (
                Sentence(
                    defender=d,
                    verdict_date=day(rng),
                    term_months=rng.randrange(6, 180),
                    live=True,
                )
                for d in defenders
                if rng.random() < 0.6
            ),
            batch_size=BATCH,
        )
        types = [choice for choice, _label in Event.Type.choices]
        event_rows = Event.objects.bulk_create(
            (
                Event(
                    type=rng.choice(types),
                    title=f"Synthetic event {i:06d}",
                    slug=f"{PREFIX}event-{i:06d}",
                    date=day(rng),
                    description="Synthetic description for load tests.",
                    live=rng.random() > 0.02,
                )
                for i in range(n_events)
            ),
            batch_size=BATCH,
        )
        EventDefender.objects.bulk_create(
            (
                EventDefender(
                    event=e,
                    defender=rng.choice(defenders),
                    role=EventDefender.Role.DETAINED
                    if e.type == Event.Type.DETENTION
                    else EventDefender.Role.OTHER,
                )
                for e in event_rows
                for _ in range(rng.randrange(1, 3))
            ),
            batch_size=BATCH,
        )
        self.bulk_link(Event.places.through, "event", event_rows, "place", places, rng)
        self.bulk_link(
            Event.sources.through, "event", event_rows, "source", [source], rng
        )
        self.bulk_link(
            Defender.sources.through, "defender", defenders, "source", [source], rng
        )
        return defenders

    def bulk_link(self, through, left, rows, right, targets, rng):
        through.objects.bulk_create(
            (through(**{left: row, right: rng.choice(targets)}) for row in rows),
            batch_size=BATCH,
        )

    def make_signatures(self, rng, n, defenders):
        """A synthetic petition with n signatures, most of them confirmed."""
        from django.utils import timezone

        from cms.models import HomePage
        from petition.models import PetitionIndexPage, PetitionPage, Signature

        home = HomePage.objects.get()
        index = PetitionIndexPage.objects.first()
        if index is None:
            index = home.add_child(
                instance=PetitionIndexPage(title="Petitions", slug="petition")
            )
        petition = index.add_child(
            instance=PetitionPage(
                title="Synthetic petition (load tests, not real)",
                slug=f"{PREFIX}petition",
                goal=100_000,
            )
        )
        now = timezone.now()
        signatures = Signature.objects.bulk_create(
            (
                Signature(
                    petition=petition,
                    name=f"Synthetic Signer {i}",
                    email=f"signer-{i}@synthetic.invalid",
                    country="LT",
                    show_first_name=rng.random() < 0.3,
                    confirmed_at=now if rng.random() < 0.8 else None,
                )
                for i in range(n)
            ),
            batch_size=BATCH,
        )
        petition.save_revision().publish()
        # The count is written only as confirming does: an update, not a save.
        PetitionPage.objects.filter(pk=petition.pk).update(
            signature_count=sum(1 for s in signatures if s.confirmed_at)
        )
