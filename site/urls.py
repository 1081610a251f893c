from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from coopsite.foundation import accounts, admin_privacy, health, page_cache
from coopsite.sitewide import views
from coopsite.sitewide.sitemaps import MultilingualSitemap

urlpatterns = [
    # Wagtail's audit log (*Rapports › Historique du site*) is for the administrators only: these
    # two routes take Wagtail's own URLs (and names) ahead of the admin's, with a superuser check.
    path(
        "admin/reports/site-history/",
        require_admin_access(accounts.SiteHistoryView.as_view()),
    ),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(accounts.SiteHistoryView.as_view(results_only=True)),
    ),
    # Wagtail's *Page types usage* report, wagtail-localize's *Translations* report and the
    # search promotions' query chooser, on their own URLs (and names), made to follow the
    # site's rules (coopsite/foundation/admin_privacy.py).
    path(
        "admin/reports/page-types-usage/",
        require_admin_access(admin_privacy.RestrictionAwarePageTypesUsageReportView.as_view()),
    ),
    path(
        "admin/reports/page-types-usage/results/",
        require_admin_access(
            admin_privacy.RestrictionAwarePageTypesUsageReportView.as_view(results_only=True)
        ),
    ),
    path(
        "admin/localize/reports/translations/",
        require_admin_access(admin_privacy.RestrictionAwareTranslationsReportView.as_view()),
    ),
    path(
        "admin/localize/reports/translations/results/",
        require_admin_access(
            admin_privacy.RestrictionAwareTranslationsReportView.as_view(results_only=True)
        ),
    ),
    path(
        "admin/searchpicks/queries/chooser/",
        require_admin_access(admin_privacy.popular_queries_chooser),
    ),
    path(
        "admin/searchpicks/queries/chooser/results/",
        require_admin_access(admin_privacy.popular_queries_chooser_results),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Health check of this app server for the load balancer (coopsite/foundation/health.py).
    path("sante/", health.health, name="health"),
    # Documents are always served through Wagtail's view, which applies collection privacy.
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        page_cache.cacheable(sitemap, params=("p",)),  # Django's sitemap pages
        {"sitemaps": {"pages": MultilingualSitemap}},
    ),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a visitor reads is prefixed by its language: /fr/… (source) and /en/….
urlpatterns += i18n_patterns(
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path(
        "connexion/mot-de-passe-oublie/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "connexion/mot-de-passe-oublie/envoye/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "connexion/nouveau-mot-de-passe/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "connexion/nouveau-mot-de-passe/enregistre/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("recherche/", views.search, name="search"),
    path("", include("training.urls")),
    path("", include("governance.assembly.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
