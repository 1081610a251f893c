"""Signed links of the general assembly: each member's own convocation link (e-mail and paper)
and the QR code the member shows at the door, which the bureau scans to sign them in.

`<member id>-<HMAC>`, salted with the assembly: a link names one member for one assembly, and
cannot be changed into another's. Views check them with `member_id_from_token`; a forged or
altered token gives None (the view answers with a French message, never a server error).
"""

from django.utils.crypto import constant_time_compare, salted_hmac

SALT_CONVOCATION = "assembly.convocation"
SALT_SIGN_IN = "assembly.sign_in"


def member_token(*, assembly, member, salt):
    value = str(member.pk)
    signature = salted_hmac(f"{salt}.{assembly.pk}", value).hexdigest()[:32]
    return f"{value}-{signature}"


def member_id_from_token(*, assembly, token, salt):
    """The member id a token names for this assembly, or None when it is forged or altered."""
    value, _sep, signature = str(token).partition("-")
    if not value.isdigit() or not signature:
        return None
    expected = salted_hmac(f"{salt}.{assembly.pk}", value).hexdigest()[:32]
    if not constant_time_compare(signature, expected):
        return None
    return int(value)
