"""The site's URLs plus the benchmark's reference view (bench/perf.py)."""

from django.http import HttpResponse
from django.urls import path

from coopsite import urls as site_urls

MINIMAL_PAGE = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Référence</title>'
    "</head><body><p>Une page fixe, sans base de données ni gabarit.</p></body></html>"
)


def minimal(request):
    return HttpResponse(MINIMAL_PAGE)


urlpatterns = [path("bench/minimal/", minimal), *site_urls.urlpatterns]
