"""What members do on the assembly's pages: read the convocation, give or revoke a proxy, vote
in advance, vote at the meeting (being written)."""

from django.http import Http404


def convocation(request, assembly_id, token):
    """A member's own signed convocation link (being written)."""
    raise Http404
