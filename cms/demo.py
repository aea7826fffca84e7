"""The demo's About page and letters guide.

The guide's advice comes from prisoner-support organizations, each cited
where its advice is given; it names no person and gives no address, so it
cannot go stale the way a fact about a person does.
"""

from django.db import transaction

from wagtail.models import Site

from cms.models import HomePage, StandardPage
from records.demo.translations import translated

LIBERECO = "https://www.libereco.org/en/schweiz/briefe-an-politische-gefangene"
LIBERECO_CARDS = (
    "https://www.lphr.org/en/postkarten-aktion-politische-gefangene-belarus/"
)
LIBERECO_FORMER = (
    "https://libereco.org/en/deutschland/blog/"
    "letters-of-hope-what-former-prisoners-want-you-to-know"
)
PEN = "https://pen-centre.by/en/2021/07/31/political-prisoners-birthdays.html"
STRANA = (
    "https://en.stranafund.org/blog/solidarnost/"
    "davlenie-na-politzakluchennih-cherez-lishenie-ih-korrespondencii-"
    "pochemu-nuzhno-prodolzat-pisat"
)
ABC = (
    "https://lib.edist.ro/library/anarchist-black-cross-belarus-how-does-one-"
    "write-letters-to-prisoners-in-belarus-so-that-they-r"
)


def link(url, text):
    return f'<a href="{url}">{text}</a>'


LETTERS = {
    "title": "How to write to a prisoner",
    "slug": "letters",
    "intro": (
        "A letter tells a person held for their work that they are not "
        "forgotten, and tells the prison that someone outside is watching. "
        "Here is how to give it the best chance of arriving."
    ),
    "body": "".join(
        [
            "<h2>Before you write</h2>",
            "<p>Every letter to a political prisoner in Belarus passes through "
            "the prison's censor, and many never arrive. Write anyway: former "
            "prisoners say that the letters which get through, and even "
            "hearing that letters came, help them through isolation "
            f"({link(LIBERECO, 'Libereco')}; "
            f"{link(LIBERECO_FORMER, 'former prisoners, via Libereco')}).</p>",
            "<h2>The address</h2>",
            "<p>Write everything but the country in Cyrillic, exactly as the "
            "person's profile or their detention place's page gives it: the "
            "person's full name, the institution, the street, the postcode and "
            "town, and last, in Latin letters, REPUBLIC OF BELARUS "
            f"({link(LIBERECO_CARDS, 'Libereco')}). Check the profile just "
            "before you send: people are moved between prisons, and the "
            "address changes with them.</p>",
            "<p>On the envelope, line by line:</p>",
            "<ol>",
            "<li>the person's full name, in Cyrillic;</li>",
            "<li>the institution: for a penal colony, ИК № and its number;</li>",
            "<li>the street and house number;</li>",
            "<li>the postcode and town;</li>",
            "<li>REPUBLIC OF BELARUS.</li>",
            "</ol>",
            "<h2>Which languages get through</h2>",
            "<p>Write in Russian or Belarusian. Letters in other languages are "
            "usually not handed over "
            f"({link(LIBERECO, 'Libereco')}; "
            f"{link(PEN, 'Belarusian PEN')}). If you speak neither, short, "
            "simple sentences put through a translation tool are enough; a "
            "drawing or a postcard needs no words.</p>",
            "<h2>What not to write</h2>",
            "<ul>",
            "<li>No politics: no political statements or allusions, and no "
            "words such as “freedom” or “fight”; the censor holds such letters "
            f"back ({link(LIBERECO, 'Libereco')}).</li>",
            "<li>Nothing that could cause trouble for you, the prisoner or "
            "their family: no other people's names, no details of the case "
            f"({link(ABC, 'ABC Belarus')}).</li>",
            "<li>Write about everyday things instead: books, films, your town, "
            "travel, the seasons. Wishing someone good health and strength is "
            f"fine ({link(LIBERECO, 'Libereco')}).</li>",
            "</ul>",
            "<h2>When only relatives may write</h2>",
            "<p>Political prisoners are often handed letters only from "
            "relatives, or only from people they have named in a written "
            "request to the prison administration; letters written during a "
            "transfer between prisons may stay behind "
            f"({link(STRANA, 'A Country to Live In foundation')}). Someone "
            "held incommunicado may receive nothing at all. If you are not a "
            "relative, your letter may not reach them: write anyway, and use "
            "the ways below, which do not depend on the prison.</p>",
            "<h2>When no address is known</h2>",
            "<p>Some profiles say “No address for letters is known”. The person "
            "may be in transit between prisons or held incommunicado, or no "
            "source confirms an address yet. Do not guess one from another "
            "person's profile. Instead:</p>",
            "<ul>",
            "<li>sign the petition for their release;</li>",
            "<li>write your letter and keep it: support groups collect letters "
            "and hand them over after release "
            f"({link(LIBERECO_FORMER, 'DissidentBY, via Libereco')});</li>",
            "<li>come back later: an address appears on the profile as soon "
            "as a source confirms it.</li>",
            "</ul>",
        ]
    ),
    "role": StandardPage.Role.LETTERS,
}

ABOUT = {
    "title": "About Docket",
    "slug": "about",
    "intro": (
        "Docket keeps the case files of human rights defenders detained for "
        "their work. Its first case file is the Belarusian human rights "
        "centre Viasna, whose members have been imprisoned since 2020–2021 "
        "for helping victims of political repression."
    ),
    "body": "".join(
        [
            "<h2>How facts are sourced</h2>",
            "<p>Every fact on a profile, an event or an organization page "
            "(a detention, a raid, a charge, a verdict, a transfer, a release, "
            "a closure) cites at least one source: a human rights "
            "organization, a court report, a news outlet. The sources are "
            "listed beside the fact. A source that could endanger someone is "
            "kept in the record but shown only as “source withheld for "
            "safety”.</p>",
            "<h2>How facts are reviewed</h2>",
            "<p>A researcher enters or imports each change as a draft, with "
            "its source. An editor reviews it and publishes it; nothing "
            "reaches this site unreviewed, and every earlier version of a "
            "record is kept.</p>",
            "<h2>What “as of” means</h2>",
            "<p>A status (held, released, in exile) is true on the day a "
            "source confirms it, and may have changed since. Every status "
            "says the day it is known as of. Days in detention are counted "
            "from the recorded detentions and releases, never typed in; when "
            "the status is older than today they are counted to that day and "
            "said as “at least”.</p>",
            "<h2>When sources disagree</h2>",
            "<p>Each figure is shown with its own source, side by side. The "
            "petition says 53 organizations were ordered closed on 22 July "
            "2021; other sources say more than 40, 43, 47 or 51. The record "
            "keeps them all.</p>",
        ]
    ),
    "role": StandardPage.Role.ABOUT,
}


HOME = {
    "title": "The Viasna case file",
    "intro": (
        "<p>Docket keeps the case files of human rights defenders detained "
        "for their work. This is the case file of Viasna, the Belarusian "
        "human rights centre whose members have been imprisoned since "
        "2020–2021 for helping victims of political repression: who is held, "
        "since when, for what, and where to write to them.</p>"
    ),
}


@transaction.atomic
def load_pages(tally=None):
    """Set the home page's title and intro; create or update the About page
    and the letters guide. Publish only what changed."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    wanted = {**HOME, **translated("page", home.slug)}
    if isinstance(home, HomePage) and any(
        getattr(home, name) != value for name, value in wanted.items()
    ):
        for name, value in wanted.items():
            setattr(home, name, value)
        home.save_revision().publish()
    for wanted in (ABOUT, LETTERS):
        wanted = {**wanted, **translated("page", wanted["slug"])}
        page = StandardPage.objects.filter(role=wanted["role"]).first()
        created = page is None
        if created:
            page = StandardPage(**wanted)
            home.add_child(instance=page)
        unchanged = (
            not created
            and page.live
            and not page.has_unpublished_changes
            and all(getattr(page, name) == value for name, value in wanted.items())
        )
        if tally is not None:
            outcome = "created" if created else "unchanged" if unchanged else "updated"
            tally.add(StandardPage, outcome)
        if unchanged:
            continue
        for name, value in wanted.items():
            setattr(page, name, value)
        page.save_revision().publish()
