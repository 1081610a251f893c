"""Checks on uploaded documents: a size limit, and contents that match the file's extension.

Wagtail already refuses extensions outside `WAGTAILDOCS_EXTENSIONS` and keeps only the base name
of an uploaded file (a name with "../" never reaches the storage); images are checked by Willow,
which reads their contents, within `WAGTAILIMAGES_MAX_UPLOAD_SIZE`. A document named `.pdf` is
served with the PDF content type, so its contents must be a PDF, not an HTML page or a script
renamed to look harmless: `DocumentForm` reads the first bytes of every upload.
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

ZIP = (b"PK\x03\x04",)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "odp": ZIP,
    "zip": ZIP,
    "rtf": (b"{\\rtf",),
}
TEXT_EXTENSIONS = {"txt", "csv"}
# What a browser could take for a page or a script, whatever the extension says.
MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def check_document_file(upload):
    """Raise a French ValidationError when `upload` is too large or its contents do not match
    its extension; return nothing otherwise."""
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            _("This file weighs %(size)s: documents may weigh at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    expected = SIGNATURES.get(extension)
    if expected is not None and not head.startswith(expected):
        raise ValidationError(
            _("The contents of this file are not those of a .%(extension)s file.")
            % {"extension": extension},
            code="wrong_contents",
        )
    if extension in TEXT_EXTENSIONS:
        lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if b"\x00" in head or lowered.startswith(MARKUP):
            raise ValidationError(
                _("This file is not plain text: it cannot be uploaded as .%(extension)s.")
                % {"extension": extension},
                code="wrong_contents",
            )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE), with `check_document_file`."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_document_file(upload)
        return upload
