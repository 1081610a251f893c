"""The site's URLs plus an app's view installed later, that no page links to and that leaks a
partner's contact to whoever asks, for tests/site/test_privacy_resolver.py."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from coopsite.urls import urlpatterns as site_urlpatterns
from partnerships.models import Organisation


def organisation_card(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    return HttpResponse(f"{organisation.name} — {organisation.contact_email}")


def lookup(request, riddle):
    return HttpResponse(riddle)


urlpatterns = [
    path("essai/fiche-partenaire/<int:organisation_id>/", organisation_card),
    path("essai/devinette/<str:riddle>/", lookup),
    *site_urlpatterns,
]
