"""How the site writes a count."""

import pytest

from cms.templatetags.numbers import number, plural_count


@pytest.mark.parametrize(
    ("value", "written"),
    [(10000, "10,000"), (72.0, "72"), (61.5, "61.5"), (1613, "1,613"), (None, "")],
)
def test_counts_are_written_with_separators_and_no_empty_decimals(value, written):
    assert number(value) == written


def test_a_fraction_reads_as_many():
    assert plural_count(61.5) == 2 and plural_count(1.0) == 1
