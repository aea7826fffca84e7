"""The name-search queries of `make bench` (bench/run.py), one per kind,
chosen from the synthetic defenders of the bench database.

`choose()` runs inside Django (`manage.py shell`): bench/run.py calls it
through `sample_name_queries`. Each query is taken from a live defender, so
each kind asks for names the data holds, spelled as a reader would.
"""

from records import names

# The word every synthetic defender's English name starts with.
COMMON_WORD = "Synthetic"


def choose():
    """{kind: query} for each kind of bench/run.py `NAME_KINDS`."""
    from defenders.models import Defender

    defenders = Defender.objects.live().order_by("pk")
    unindexed = defenders.filter(search_names="").count()
    if unindexed:
        raise SystemExit(f"{unindexed} live defenders have no search_names")
    people = list(
        defenders.values("name", "name_be", "name_ru", "other_names")[500:600]
    )
    person = people[0]
    surname = names.words(person["name"])[-1]  # the passport spelling
    return {
        "exact": person["name_be"],
        "variant": variant(person),
        "prefix": surname[:5],
        "typo": typo(surname, defenders),
        "declined": declined(people),
        "common": COMMON_WORD,
    }


def variant(person):
    """A romanisation of the defender's Belarusian name that shares no
    folded word with the names stored: found through its "~" variants."""
    own = {word for text in person.values() for word in names.words(text)}
    for spelling in names.romanisations(person["name_be"]):
        if not own & set(names.words(spelling)):
            return spelling
    raise SystemExit(f"no romanisation of {person['name_be']} differs from its names")


def typo(word, defenders):
    """`word` with one letter changed: the one nearest its middle whose
    change name search still finds (pg_trgm misses some: a changed letter
    costs up to three of a word's trigrams), else the middle one."""
    middle = len(word) // 2
    positions = sorted(range(len(word)), key=lambda i: abs(i - middle))
    typos = [word[:i] + ("x" if word[i] != "x" else "q") + word[i + 1 :]
             for i in positions]  # fmt: skip
    for spelling in typos:
        if defenders.named_like(spelling).exists():
            return spelling
    return typos[0]


def declined(people):
    """The genitive of a Cyrillic surname (Лабковіча, Бялецкага): the
    surname with "а" after a consonant, or "ага" in place of a final і/ы."""
    for person in people:
        surname = person["name_be"].split()[-1]
        if surname[-1] in "іы":
            return surname[:-1] + "ага"
        if surname[-1] not in names.VOWELS:
            return surname + "а"
    raise SystemExit("no sampled surname to decline")
