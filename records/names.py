"""Every spelling of a name: the variants stored for search, and the keys a
query is compared with.

A Belarusian name reaches readers in Belarusian and Russian Cyrillic and in
a dozen Latin spellings. From each Cyrillic spelling a record has, this
module writes the romanisations people use: the Russian ones through iuliia
and cyrtranslit, and the Belarusian ones, which no library has, through
`BELARUSIAN` below. Everything, stored and typed, is then folded
(`fold`): case, diacritics, ё/е, і/и, ў/у, apostrophes and hyphens aside.

`search_names` is what a record stores: its folded words, the words of its
generated variants marked with "~", and a consonant skeleton of each word
marked with "#" (`skeleton`), which catches the spellings nobody listed:
Bialiatski, Byalyatski, Bialacki, Бяляцкі and Беляцкий all give "bltk".
`records.models.NamedQuerySet.named_like` matches and ranks on it.
"""

import functools
import re
import typing
import unicodedata

import cyrtranslit
import iuliia
from anyascii import anyascii

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
BELARUSIAN_ONLY = set("іўІЎ")
RUSSIAN_ONLY = set("иъщИЪЩ")

VOWELS = set("аеёиоуыэюяіў")
IOTATED = {"е", "ё", "ю", "я"}
# And BGN/PCGN's middle dot, which parts letters (St·efanovich), not words.
APOSTROPHES = "'’ʼ`ʹ′·"

# The Belarusian romanisations (and, for the letters Russian has, the
# Polish- and German-style ones of Russian names): letter -> spelling.
# A tuple is (at the start of a word or after a vowel, after a consonant).
# "ʹ" after a consonant softens it (`SOFT`). For Łacinka and the Polish
# style, л is "l" before a soft vowel or ь and "ł" elsewhere (`hard_l`).
COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "з": "z", "і": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "ы": "y", "э": "e", "ґ": "g", "и": "i",
    "ъ": "",
}  # fmt: skip
# Belarus's national system (2007; the UN's since 2013): Homieĺ. Łacinka
# has the same letters, and writes л as "ł" or "l" (`HARD_L`).
NATIONAL = {
    **COMMON, "г": "h", "ж": "ž", "й": "j", "ў": "ŭ", "х": "ch",
    "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ь": "ʹ",
    "е": ("je", "ie"), "ё": ("jo", "io"), "ю": ("ju", "iu"), "я": ("ja", "ia"),
}  # fmt: skip
BELARUSIAN = {
    "national": NATIONAL,
    # Belarusian passports and most English-language reporting: Bialiatski.
    "passport": {
        **COMMON, "г": "h", "ж": "zh", "й": "i", "ў": "u", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
        "е": ("ye", "ie"), "ё": ("yo", "io"), "ю": ("yu", "iu"), "я": ("ya", "ia"),
    },
    # BGN/PCGN (1979) for Belarusian: Byalyatski, Homyel'.
    "bgn_pcgn": {
        **COMMON, "г": "h", "ж": "zh", "й": "y", "ў": "w", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
        "е": "ye", "ё": "yo", "ю": "yu", "я": "ya",
    },
    # Łacinka, the Belarusian Latin alphabet: Bialacki, Łabkovič.
    "lacinka": NATIONAL,
    # Polish spelling, as Polish media write Belarusian names: Wiasna, Czapiuk.
    "polish": {
        **COMMON, "в": "w", "г": "h", "ж": "ż", "й": "j", "ў": "u", "х": "ch",
        "ц": "c", "ч": "cz", "ш": "sz", "щ": "szcz", "ь": "ʹ",
        "е": ("je", "ie"), "ё": ("jo", "io"), "ю": ("ju", "iu"), "я": ("ja", "ia"),
    },
    # German spelling: Wjasna, Bjaljazki.
    "german": {
        **COMMON, "в": "w", "г": "h", "ж": "sch", "з": "s", "й": "j", "ў": "u",
        "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ь": "",
        "е": ("je", "e"), "ё": ("jo", "jo"), "ю": ("ju", "ju"), "я": ("ja", "ja"),
    },
}  # fmt: skip
# The Belarusian schemes that mark a soft л as "l" and a hard one as "ł".
HARD_L = {"lacinka", "polish"}
SOFTENERS = set("ьеёюяі")
SOFT = {"l": "ĺ", "n": "ń", "s": "ś", "z": "ź", "c": "ć"}
# The Russian romanisations iuliia has (Wikipedia's English, BGN/PCGN,
# passports (ICAO), ISO 9, the old Soviet passport, Library of Congress,
# the scholarly one).
RUSSIAN = [
    iuliia.WIKIPEDIA,
    iuliia.BGN_PCGN,
    iuliia.ICAO_DOC_9303,
    iuliia.GOST_779,
    iuliia.MVD_310,
    iuliia.ALA_LC,
    iuliia.SCIENTIFIC,
]

# Word endings of Belarusian and Russian declension, longest first: a
# declined query (Беляцкого, Бяляцкага, Лабковіча) is also looked up by
# its stem.
ENDINGS = sorted(
    {
        "ого", "его", "ому", "ему", "ими", "ыми", "ами", "ями", "ага", "яга",
        "аму", "яму", "ым", "ім", "им", "ом", "ем", "ам", "ям", "ой", "ей",
        "ай", "яй", "ую", "юю", "ах", "ях", "ых", "іх", "их", "а", "я",
        "у", "ю", "ы", "і", "и", "е",
    },
    key=len,
    reverse=True,
)  # fmt: skip
STEM_MIN = 4
# A query word shorter than this matches only whole words, not prefixes.
PREFIX_MIN = 4
# The least `name_rank` a query word earns as a whole word of some spelling.
WHOLE_WORD = 55
# A query word this long may have a typo (PostgreSQL only).
FUZZY_MIN = 5
# A skeleton shorter than this says too little to match on.
SKELETON_MIN = 3


# Before diacritics come off: č is "ch" as in English, not "c".
FOLDED = [
    ("ё", "е"), ("і", "и"), ("ў", "у"), ("ł", "l"), ("ß", "ss"),
    ("č", "ch"), ("š", "sh"), ("ž", "zh"), ("ż", "zh"),
]  # fmt: skip


def fold(text):
    """Lowercase words of `text` with no diacritics, ё/е, і/и and ў/у alike,
    no apostrophes; hyphens and punctuation split words. Cyrillic stays
    Cyrillic."""
    text = unicodedata.normalize("NFC", text or "").lower()
    for old, new in FOLDED:
        text = text.replace(old, new)
    text = re.sub(f"[{APOSTROPHES}ьъ]", "", text)
    # Diacritics off Latin letters only: й and ё are letters of their own.
    text = "".join(
        char
        if char.isascii() or CYRILLIC.match(char)
        else unicodedata.normalize("NFKD", char)
        for char in text
    )
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def words(text):
    return fold(text).split()


def language_of(text):
    """Which Cyrillic `text` is written in: "be", "ru", or "" when its
    letters do not say (then both are tried)."""
    letters = set(text)
    if letters & BELARUSIAN_ONLY:
        return "be"
    if letters & RUSSIAN_ONLY:
        return "ru"
    return ""


def belarusian(text, scheme):
    """`text` romanised by one of the `BELARUSIAN` schemes."""
    table = BELARUSIAN[scheme]
    out = []
    previous = ""
    for index, char in enumerate(text):
        lower = char.lower()
        following = text[index + 1 : index + 2].lower()
        if lower not in table:
            out.append("" if char in APOSTROPHES else char)
            previous = ""
            continue
        spelling = table[lower]
        if isinstance(spelling, tuple):
            after_consonant = previous not in ("",) and previous not in VOWELS | {
                "ь",
                "ъ",
                "й",
            }
            spelling = spelling[after_consonant]
            if scheme in HARD_L and after_consonant and previous == "л":
                spelling = spelling[1:]  # "la", not "lia": the l is soft
        elif lower == "л" and scheme in HARD_L and following not in SOFTENERS:
            spelling = "ł"
        elif lower == "ь" and spelling == "ʹ":
            last = out[-1] if out else ""
            # дзь is "dź": the д wrote its "d" already.
            soft = SOFT.get(last.lower(), "")
            if scheme in HARD_L and last.lower() == "l":
                soft = ""  # its "l" against a hard "ł" says it already
            if soft:
                out[-1] = soft.upper() if last.isupper() else soft
            spelling = ""
        elif lower == "і" and scheme in HARD_L and previous == "л":
            spelling = "i"
        if char.isupper() and spelling:
            spelling = spelling[0].upper() + spelling[1:]
        out.append(spelling)
        previous = lower if CYRILLIC.match(char) else ""
    return "".join(out)


def romanisations(text):
    """Every romanisation of a Cyrillic `text`, by each scheme that fits its
    language (read from the whole text), word by word."""
    if not CYRILLIC.search(text or ""):
        return []
    language = language_of(text)
    per_word = [word_romanisations(word, language) for word in text.split()]
    return [" ".join(spellings) for spellings in zip(*per_word, strict=True)]


@functools.lru_cache(maxsize=100_000)
def word_romanisations(word, language):
    """One word's romanisations, a fixed number for a `language`: names
    share their words (Алесь, Аляксандр), so each is worked out once."""
    found = []
    if language != "ru":
        found += [belarusian(word, scheme) for scheme in BELARUSIAN]
        found.append(cyrtranslit.to_latin(word, "by"))
        # Russian-style romanisations of a Belarusian name (Byalyatski).
        as_russian = word.replace("і", "и").replace("І", "И")
        as_russian = as_russian.replace("ў", "у").replace("Ў", "У")
    else:
        as_russian = word
    if language != "be":
        # Russian г is g in these styles, capital or not (Grigorij).
        as_g = word.replace("г", "ґ").replace("Г", "Ґ")
        found += [belarusian(as_g, s) for s in ("polish", "german")]
        found.append(cyrtranslit.to_latin(word, "ru"))
    # iuliia leaves ё Cyrillic where a scheme spells it ë (Solovʹёv).
    found += [
        schema.translate(as_russian).replace("ё", "ë").replace("Ё", "Ë")
        for schema in RUSSIAN
    ]
    found.append(anyascii(word))
    return tuple(found)


# Digits stand for the sounds several letters spell (lowercase only: SQLite's
# LIKE ignores the case of ASCII letters).
SKELETON_RULES = [
    # German tsch is ч, not t + ш (Labkowitsch).
    (r"shch|szcz|schtsch|(?<!t)sch|sz|sh|ş", "8"),
    (r"tsch|tch|cz|ch", "4"),
    (r"zh|rz|ż|ž", "3"),
    (r"kh|g", "h"),
    # Belarusian ц and дз where Russian has т and д (Сцяфановіч, Стефанович).
    (r"ts|tz|c", "t"),
    (r"dz", "d"),
    (r"w", "v"),
    (r"q", "k"),
    (r"x", "ks"),
    (r"[aeiouyj]", ""),
]


def skeleton(word):
    """The consonants of a folded word, as most spellings agree on them:
    sh/sz/š are one, ch/cz/č, zh/ż/ž, ts/c/t, dz/d, g/h, w/v; vowels and j
    dropped; a repeated letter once."""
    text = anyascii(word).lower()
    for pattern, new in SKELETON_RULES:
        text = re.sub(pattern, new, text)
    text = re.sub(r"[^a-z0-9]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def stem(word):
    """A declined Cyrillic word without its ending (беляцкого -> беляцк);
    None when it has no ending to take off or would become too short."""
    if not CYRILLIC.match(word):
        return None
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= STEM_MIN:
            return word[: -len(ending)]
    return None


def spellings(*texts):
    """The names in `texts`: fields and "one per line" fields; a name
    written with a note in brackets (Алесь Бяляцкі (Алесь Віктаравіч
    Бяляцкі)) counts the bracketed name too."""
    found = []
    for text in texts:
        for line in (text or "").splitlines():
            for name in line.split("/"):
                # Dzmitry (Zmitser) Salauyou: Dzmitry Salauyou and Zmitser.
                outside = re.sub(r"\([^()]*\)", " ", name)
                for part in [outside, *re.findall(r"\(([^()]*)\)", name)]:
                    if part.strip():
                        found.append(" ".join(part.split()))
    return found


def search_names(*texts):
    """What a record stores for name search, from its name fields: its own
    words, its variants' words ("~"), and their skeletons ("#"), each once,
    space-separated with a space at each end."""
    names = spellings(*texts)
    own = dict.fromkeys(word for name in names for word in words(name))
    variants = dict.fromkeys(
        word
        for name in names
        for variant in romanisations(name)
        for word in words(variant)
        if word not in own
    )
    skeletons = dict.fromkeys(
        skeleton(word)
        for word in [*own, *variants]
        if len(skeleton(word)) >= SKELETON_MIN
    )
    tokens = [*own, *(f"~{w}" for w in variants), *(f"#{s}" for s in skeletons)]
    return f" {' '.join(tokens)} " if tokens else ""


def name_keys(*texts):
    """Whole-name keys of the names in `texts` and of their romanisations,
    word order aside: two spellings of one person share a key."""
    keys = set()
    for name in spellings(*texts):
        for variant in [name, *romanisations(name)]:
            key = " ".join(sorted(words(variant)))
            if key:
                keys.add(key)
    return keys


class QueryWord(typing.NamedTuple):
    """A folded query word and what else it is matched by."""

    word: str
    stem: str | None  # a declined Cyrillic word's stem
    bones: str | None  # its skeleton, when long enough to say something
    latin: tuple = ()  # a Cyrillic word's romanisations


def query_words(text):
    """The folded words of a query, each a `QueryWord`."""
    found = []
    for word in words(text):
        bones = skeleton(word)
        latin = ()
        if CYRILLIC.match(word):
            latin = tuple(
                dict.fromkeys(
                    spelled
                    for variant in word_romanisations(word, language_of(word))
                    for spelled in words(variant)
                    if spelled != word
                )
            )
        found.append(
            QueryWord(
                word,
                stem(word),
                bones
                if len(word) >= PREFIX_MIN and len(bones) >= SKELETON_MIN
                else None,
                latin,
            )
        )
    return found
