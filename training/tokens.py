"""Signed links of the training app: the page after registering and the cancel link in e-mails.

`<id>-<issued>-<HMAC>`: letters, digits and hyphens, as Wagtail's page URLs allow; `issued`
(the time of signing, base 62) lets a link expire. Views check them; e-mails make them.
"""

import time

from django.core.signing import b62_decode, b62_encode
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Registration

SALT_DONE = "training.registration.done"
SALT_CANCEL = "training.registration.cancel"


class LinkExpired(Exception):
    pass


def registration_token(obj, salt, issued=None):
    """`<id>-<issued>-<HMAC>`: letters, digits and hyphens, as Wagtail's page URLs allow.
    `issued` (the time of signing, base 62) lets the link expire. `obj` is a registration
    (cancel links) or a session (the page after registering, `SALT_DONE`)."""
    issued = b62_encode(int(time.time() if issued is None else issued))
    value = f"{obj.pk}-{issued}"
    return f"{value}-{salted_hmac(salt, value).hexdigest()}"


def registration_from_token(token, salt, max_age):
    """The registration a signed link names; 404 for a forged link, `LinkExpired` for one
    older than `max_age` seconds."""
    pk = pk_from_token(token, salt, max_age)
    return get_object_or_404(
        Registration.objects.select_related("session__course", "member"), pk=pk
    )


def pk_from_token(token, salt, max_age):
    parts = token.split("-")
    if len(parts) != 3 or not parts[0].isdigit():
        raise Http404
    pk, issued, signature = parts
    expected = salted_hmac(salt, f"{pk}-{issued}").hexdigest()
    if not constant_time_compare(signature, expected):
        raise Http404
    if time.time() - b62_decode(issued) > max_age:
        raise LinkExpired
    return pk
