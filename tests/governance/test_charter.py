"""The charter's versions are its published revisions; members compare any two."""

import pytest

from governance.charter import diff_paragraphs, stream_to_paragraphs
from tests.governance.conftest import build_charter

pytestmark = pytest.mark.django_db


def test_diff_marks_added_removed_and_changed_words():
    rows = diff_paragraphs(
        ["Nous coopérons.", "Nous partageons nos comptes.", "Une voix par personne."],
        ["Nous coopérons.", "Une voix par personne dans chaque collège.", "Formations ouvertes."],
    )
    assert [row.kind for row in rows] == ["same", "removed", "changed", "added"]
    assert rows[1].html == "<del>Nous partageons nos comptes.</del>"
    assert rows[2].html == "Une voix par personne<ins> dans chaque collège</ins>."
    assert rows[3].html == "<ins>Formations ouvertes.</ins>"


def test_diff_escapes_the_text():
    rows = diff_paragraphs(["<b>a</b>"], ["<script>x</script>"])
    assert "<script>" not in "".join(row.html for row in rows)


def test_stream_to_paragraphs_reads_headings_paragraphs_and_lists():
    raw = [
        {"type": "heading", "value": {"text": "Valeurs", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Un.</p><ul><li>Deux</li><li>Trois</li></ul>"},
        {"type": "quote", "value": {"text": "Citation", "attribution": ""}},
    ]
    assert stream_to_paragraphs(raw) == ["Valeurs", "Un.", "Deux", "Trois", "Citation"]


@pytest.fixture
def charter(governance):
    return build_charter(governance)


def test_members_read_the_version_in_force_and_the_list_of_versions(charter, member_client):
    html = member_client.get(charter.url).content.decode()
    assert "Les formations sont ouvertes." in html
    assert "Brouillon non adopté" not in html
    assert "Version 3 en vigueur depuis" in html
    for number in (1, 2, 3):
        assert f"Adoption de la charte v{number}" in html


def test_an_earlier_version_can_be_read(charter, member_client):
    html = member_client.get(charter.url + "versions/1/").content.decode()
    assert "Nous partageons nos comptes." in html
    assert "plus en vigueur" in html
    assert member_client.get(charter.url + "versions/9/").status_code == 404


def test_members_compare_two_versions(charter, member_client):
    response = member_client.get(charter.url + "comparer/", {"de": 1, "a": 3})
    html = response.content.decode()
    assert "Changements de la version 1 à la version 3" in html
    assert "Nous coopérons<ins> entre structures</ins>." in html
    assert "<del>Nous partageons nos comptes.</del>" in html
    assert "<ins>Les formations sont ouvertes.</ins>" in html
    assert member_client.get(charter.url + "comparer/", {"de": "x"}).status_code == 404


def test_anonymous_cannot_read_the_charter_or_its_diff(charter, anonymous_client):
    for url in [charter.url, charter.url + "versions/1/", charter.url + "comparer/?de=1&a=2"]:
        assert anonymous_client.get(url).status_code == 302
