"""Upload limits and type checks, through the admin's own forms as an editor."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from coopsite.foundation.uploads import check_document_file

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _upload(client, url_name, name, content):
    return client.post(
        reverse(url_name),
        {
            "title": "Fichier déposé",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def _post_document(client, name, content):
    return _upload(client, "wagtaildocs:add", name, content)


def _post_image(client, name, content):
    return _upload(client, "wagtailimages:add", name, content)


def test_a_real_pdf_is_accepted(tree, editor_client):
    response = _post_document(editor_client, "compte-rendu.pdf", PDF)
    assert response.status_code == 302
    assert Document.objects.get().file.name.startswith("documents/compte-rendu")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "faux.pdf",
            b"<html><script>alert(1)</script></html>",
            "ne sont pas celles d’un fichier .pdf",
        ),
        ("faux.docx", PDF, "ne sont pas celles d’un fichier .docx"),
        ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "pas du texte brut"),
        ("binaire.csv", b"a;b\x00\x01", "pas du texte brut"),
        ("page.html", b"<html></html>", "html"),
        ("script.js", b"alert(1)", "js"),
    ],
)
def test_wrong_contents_and_extensions_are_refused_in_french(
    tree, editor_client, name, content, message
):
    response = _post_document(editor_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_documents_over_the_size_limit_are_refused(tree, editor_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1024
    response = _post_document(editor_client, "gros.pdf", PDF + b"0" * 2000)
    assert response.status_code == 200
    assert "documents ne peuvent dépasser" in response.content.decode()
    assert not Document.objects.exists()


def test_the_check_accepts_what_office_suites_write():
    for name, content in [
        ("tableau.xlsx", b"PK\x03\x04rest"),
        ("texte.odt", b"PK\x03\x04rest"),
        ("notes.txt", "Ordre du jour : budget, élections.".encode()),
        ("liste.csv", b"\xef\xbb\xbfnom;courriel\n"),
        ("lettre.rtf", b"{\\rtf1\\ansi hello}"),
    ]:
        check_document_file(SimpleUploadedFile(name, content))


def _png(size=(10, 10)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (0, 128, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def test_images_are_checked_by_their_contents(tree, editor_client):
    assert _post_image(editor_client, "photo.png", _png()).status_code == 302
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert _post_image(editor_client, "dessin.svg", svg).status_code == 200
    assert _post_image(editor_client, "faux.png", b"<html></html>").status_code == 200
    assert Image.objects.count() == 1


def test_images_over_the_size_limit_are_refused(tree, editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = _post_image(editor_client, "photo.png", _png((200, 200)))
    assert response.status_code == 200
    assert not Image.objects.exists()
