"""records/names.py: folding, the Belarusian romanisations, skeletons, stems
and whole-name keys that name search is built on. No database."""

import pytest

from records.names import (
    BELARUSIAN,
    belarusian,
    fold,
    name_keys,
    query_words,
    romanisations,
    search_names,
    skeleton,
    stem,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ALES Bialiatski", "ales bialiatski"),
        ("Čapiuk", "chapiuk"),
        ("Łabkovič", "labkovich"),
        ("Homieĺ", "homiel"),
        ("Mahilioŭ", "mahiliou"),
        ("Aleś Bialacki", "ales bialacki"),
        ("Salaŭjoŭ", "salaujou"),
        ("Żółw", "zholw"),
        ("Straße", "strasse"),
        ("Соловьёв", "соловев"),
        ("Ласіца", "ласица"),
        ("Салаўёў", "салауеу"),
        ("Ales' Bjaljacki", "ales bjaljacki"),
        ("Д’Артаньян", "дартанян"),
        ("Homyelʹ", "homyel"),
        ("Viasna-96", "viasna 96"),
        ("Human Rights Center “Viasna”", "human rights center viasna"),
        ("  Nasta   Loika ", "nasta loika"),
        ("St·efanovich", "stefanovich"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_keeps_cyrillic_cyrillic():
    """й is a letter of its own, not и with a breve."""
    assert fold("Андрэй") == "андрэй"
    assert fold("Бяляцкі") == fold("БЯЛЯЦКИ") == "бяляцки"


@pytest.mark.parametrize(
    ("cyrillic", "scheme", "latin"),
    [
        ("Гомель", "national", "Homieĺ"),
        ("Бяляцкі", "national", "Bialiacki"),
        ("Магілёў", "national", "Mahilioŭ"),
        ("Лабковіч", "national", "Labkovič"),
        ("Дзьмітры", "national", "Dźmitry"),
        ("Зьміцер", "national", "Źmicier"),
        ("Алесь", "national", "Alieś"),
        ("Бяляцкі", "passport", "Bialiatski"),
        ("Гомель", "passport", "Homiel"),
        ("Чапюк", "passport", "Chapiuk"),
        ("Сцяфановіч", "passport", "Stsiafanovich"),
        ("Салаўёў", "passport", "Salauyou"),
        ("Бяляцкі", "bgn_pcgn", "Byalyatski"),
        ("Гомель", "bgn_pcgn", "Homyel"),
        ("Вясна", "bgn_pcgn", "Vyasna"),
        ("Чапюк", "bgn_pcgn", "Chapyuk"),
        ("Бяляцкі", "lacinka", "Bialacki"),
        ("Лабковіч", "lacinka", "Łabkovič"),
        ("Салаўёў", "lacinka", "Sałaŭjoŭ"),
        ("Лявон", "lacinka", "Lavon"),
        ("Васіль", "lacinka", "Vasil"),
        ("Вясна", "polish", "Wiasna"),
        ("Чапюк", "polish", "Czapiuk"),
        ("Лабковіч", "polish", "Łabkowicz"),
        ("Шчыт", "polish", "Szczyt"),
        ("Вясна", "german", "Wjasna"),
        ("Бяляцкі", "german", "Bjaljazki"),
        ("Чапюк", "german", "Tschapjuk"),
    ],
)
def test_belarusian_schemes(cyrillic, scheme, latin):
    assert belarusian(cyrillic, scheme) == latin


def test_every_scheme_spells_every_letter():
    alphabet = "абвгґдеёжзійклмнопрстуўфхцчшщъыьэюя"
    for scheme, table in BELARUSIAN.items():
        assert set(alphabet) <= set(table), scheme


def test_romanisations_of_a_russian_name_are_russian_ones():
    found = {fold(spelling) for spelling in romanisations("Беляцкий")}
    assert {"belyatsky", "beliatskii", "beljackij"} <= found
    # и and щ say Russian: no Belarusian scheme turns г into h.
    assert not any(word.startswith("h") for word in map(fold, romanisations("Гиря")))


def test_romanisations_are_latin():
    """No scheme leaves a Cyrillic letter behind (iuliia's ё) or splits a
    word (BGN/PCGN's St·efanovich)."""
    for name in ["Дмитрий Соловьёв", "Салаўёў", "Стэфановіч", "Брэст", "Магілёў"]:
        for spelling in romanisations(name):
            folded = fold(spelling)
            assert folded.isascii(), (name, spelling)
            assert len(folded.split()) == len(name.split()), (name, spelling)


def test_no_romanisations_of_latin_text():
    assert romanisations("Ales Bialiatski") == []
    assert romanisations("") == []


@pytest.mark.parametrize(
    "spellings",
    [
        ["Bialiatski", "Byalyatski", "Bialacki", "Belyatsky", "Beliatski"],
        ["Bjaljacki", "Бяляцкі", "Беляцкий", "Bialatski"],
        ["Stefanovich", "Stsiafanovich", "Сцяфановіч", "Stefanowicz", "Stefanovič"],
        ["Stefanowitsch", "Стэфановіч", "Стефанович"],
        ["Chapiuk", "Chapyuk", "Czapiuk", "Čapiuk", "Tschapjuk", "Чапюк"],
        ["Labkovich", "Łabkovič", "Labkowicz", "Labkowitsch", "Лабковіч"],
        ["Homieĺ", "Homiel", "Homel", "Gomel", "Гомель", "Homyel"],
        ["Viasna", "Vyasna", "Wiasna", "Wjasna", "Вясна", "Весна"],
        ["Shklou", "Szklou", "Schklou", "Шклоў"],
        ["Rabkova", "Rabkowa", "Рабкова"],
    ],
)
def test_skeleton_is_shared_by_spellings_of_a_name(spellings):
    assert len({skeleton(fold(spelling)) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Bialiatski", "Labkovich"),
        ("Chapiuk", "Rabkova"),
        ("Homiel", "Minsk"),
        ("Mahiliou", "Homiel"),
        ("Shklou", "Sklou"),
        ("Chapiuk", "Kapiuk"),
        ("Zhuk", "Zuk"),
        ("Stefanovich", "Stefanovsky"),
    ],
)
def test_skeleton_tells_names_apart(one, other):
    assert skeleton(fold(one)) != skeleton(fold(other))


def test_german_z_for_ts_is_a_skeleton_of_its_own():
    """German z is ц (Bjaljazki), elsewhere з: only the stored variant finds it."""
    assert skeleton(fold("Bjaljazki")) != skeleton(fold("Bialiatski"))
    assert "~bjaljazki" in search_names("Бяляцкі")


def test_skeleton_keeps_consonants_once():
    assert skeleton("bialiatski") == "bltk"
    assert skeleton("tatstsiana") == "tn"
    assert skeleton("szczyt") == skeleton("shchyt") == skeleton("schtschyt") == "8t"


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("Беляцкого", "беляцк"),
        ("Бяляцкага", "бяляцк"),
        ("Лабковіча", "лабкович"),
        ("Рабковай", "рабков"),
        ("Салаўёва", "салауев"),
        ("Гомеля", "гомел"),
        ("Вясны", "вясн"),
        ("Вясне", "вясн"),
        # Nothing to take off, too short, or not Cyrillic.
        ("Мінск", None),
        ("Лоў", None),
        ("Ласу", None),
        ("Bialiatskogo", None),
    ],
)
def test_stem(word, stemmed):
    assert stem(fold(word)) == stemmed


def test_name_keys_ignore_word_order():
    assert name_keys("Ales Bialiatski") == name_keys("Bialiatski Ales")
    assert name_keys("Алесь Бяляцкі") & name_keys("Bialiatski Ales")
    assert name_keys("Алесь Бяляцкі") & name_keys("Ales Bialacki")
    assert not name_keys("Ales Bialiatski") & name_keys("Ales Labkovich")


def test_name_keys_of_a_bracketed_name_count_it_too():
    keys = name_keys("Dzmitry (Zmitser) Salauyou")
    assert {"dzmitry salauyou", "zmitser"} <= keys
    # Not "dzmitry" alone, which any Dzmitry would share.
    assert "dzmitry" not in keys
    assert name_keys("Viasna / Human rights in Belarus") == {
        "viasna",
        "belarus human in rights",
    }


def test_search_names_marks_own_words_variants_and_skeletons():
    stored = search_names("Ales Bialiatski", "Алесь Бяляцкі")
    tokens = stored.split()
    assert stored.startswith(" ") and stored.endswith(" ")
    assert {"ales", "bialiatski", "алес", "бяляцки"} <= set(tokens)
    assert {"~byalyatski", "~bialacki", "~bjaljazki", "#bltk"} <= set(tokens)
    # Each once; an own word is not repeated as a variant.
    assert len(tokens) == len(set(tokens))
    assert "~bialiatski" not in tokens
    assert search_names("", None) == ""


def test_query_words_say_how_each_word_matches():
    bia, bialiat, declined = query_words("Bia Bialiat Беляцкого")
    assert bia == ("bia", None, None, ())
    assert bialiat == ("bialiat", None, "blt", ())
    assert declined[:3] == ("беляцкого", "беляцк", "bltkh")
    # A Cyrillic word is matched by its romanisations too.
    assert {"belyatskogo", "beliatskogo"} <= set(declined.latin)
