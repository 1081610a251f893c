"""The site's URLs plus views that fail, for tests/site/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from coopsite.urls import urlpatterns as site_urlpatterns


def refuse(request, rest=""):
    raise PermissionDenied("the reason stays on the server")


def bad(request):
    raise SuspiciousOperation("the reason stays on the server")


def crash(request):
    raise RuntimeError("the reason stays on the server")


urlpatterns = [
    path("essai/refus/<path:rest>", refuse),
    path("essai/mauvaise-requete/", bad),
    path("essai/panne/", crash),
    *site_urlpatterns,
]
