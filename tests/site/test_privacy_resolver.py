"""The privacy audit enumerates the URL resolver
(`coopsite.sitewide.privacy_audit.enumerate_urls`): an endpoint that no page links to is requested
anyway, with real values from the database, as every role; the patterns it cannot fill are printed,
not skipped."""

import pytest
from django.core.management import call_command
from django.utils.translation import gettext

from coopsite.sitewide.privacy_audit import (
    RESOLVER,
    Auditor,
    AuditResult,
    ClientFetcher,
    Enumeration,
    Viewer,
    enumerate_urls,
)
from partnerships.models import Organisation, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", verbosity=0)


def _only(enumeration, label):
    urls = {url: lab for url, lab in enumeration.urls.items() if lab == label}
    return Enumeration(urls, [label], {label}, {}, {})


def test_the_resolver_gives_the_unlinked_endpoints_with_real_values(demo):
    enumeration = enumerate_urls()
    urls = set(enumeration.urls)
    # wagtail-localize's snippet chooser API, linked from no page (issue 19, item 1).
    assert "/admin/localize/api/snippets/partnerships/partnership/" in urls
    assert "/admin/localize/api/snippets/partnerships/organisation/" in urls
    partnership = Partnership.objects.order_by("pk").first()
    assert f"/admin/localize/api/snippets/partnerships/partnership/{partnership.pk}/" in urls
    # Every installed model for an <app_label>/<model_name> pattern, with its own ids.
    assert "/admin/localize/api/snippets/auth/user/" in urls
    assert "/admin/searchpicks/queries/chooser/" in urls
    assert "/admin/api/main/pages/" in urls
    # Both languages of i18n_patterns, pages of every type served by Wagtail.
    assert {"/fr/recherche/", "/en/recherche/"} <= urls
    assert any(url.startswith("/fr/espace-societaires/") for url in urls)
    # Most patterns are covered; the others are listed with a reason, and so are exclusions.
    assert len(enumeration.covered) >= 0.85 * len(enumeration.patterns)
    assert set(enumeration.covered) | set(enumeration.unfilled) | set(enumeration.excluded) >= (
        set(enumeration.patterns)
    )
    assert "/<language>/deconnexion/" in enumeration.excluded
    assert all(reason for reason in enumeration.unfilled.values())
    # The summary prints the counts, every pattern not filled and every exclusion.
    table = AuditResult({}, {}, [], {}, enumeration=enumeration).table()
    summary = gettext(
        "URL resolver: %(patterns)d patterns, %(covered)d covered by %(urls)d URLs, "
        "%(unfilled)d not filled, %(excluded)d excluded"
    ) % {
        "patterns": len(enumeration.patterns),
        "covered": len(enumeration.covered),
        "urls": len(enumeration.urls),
        "unfilled": len(enumeration.unfilled),
        "excluded": len(enumeration.excluded),
    }
    assert summary in table
    for label, reason in enumeration.unfilled.items():
        assert (
            gettext("NOT FILLED %(pattern)s: %(reason)s")
            % {
                "pattern": label,
                "reason": reason,
            }
            in table
        )
    assert "/<language>/deconnexion/" in table


def test_an_app_installed_later_is_covered_without_changing_the_audit(
    settings, tree, editor_user, superuser
):
    """A view of a new app that no page links to, leaking a partner's contact to anyone: the
    enumeration builds its URL from a real id, and the audit reports the leak to the editor."""
    settings.ROOT_URLCONF = "tests.site.leaky_urls"
    organisation = Organisation.objects.create(
        name="Brasserie du Canal", kind="company", contact_email="direction@brasserie.test"
    )
    enumeration = enumerate_urls()
    label = "/essai/fiche-partenaire/<int:organisation_id>/"
    assert f"/essai/fiche-partenaire/{organisation.pk}/" in enumeration.urls
    assert label in enumeration.covered
    # A parameter nothing in the database gives is listed, not skipped.
    assert "riddle" in enumeration.unfilled["/essai/devinette/<str:riddle>/"]

    users = {"admin": superuser, "editor": editor_user}
    auditor = Auditor(
        {role: ClientFetcher(user) for role, user in users.items()},
        {role: Viewer.of(user) for role, user in users.items()},
        host="testserver",
    )
    asked, errors = auditor.ask_resolver(_only(enumeration, label))
    assert errors == []
    assert asked == {"admin": 1, "editor": 1}
    leaks = [(leak.role, leak.kind, leak.found_by, leak.secret) for leak in auditor.leaks]
    assert leaks == [("editor", "partner-contact", RESOLVER, "direction@brasserie.test")]


def test_the_administrators_404_spares_asking_the_others(superuser):
    """An id a pattern does not know answers 404 to the administrator, and a model it does not
    take a redirect: the other roles are not asked."""
    users = {"admin": superuser, "anonymous": None}
    auditor = Auditor(
        {role: ClientFetcher(user) for role, user in users.items()},
        {role: Viewer.of(user) for role, user in users.items()},
        host="testserver",
    )
    label = "/admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/"
    urls = {
        "/admin/localize/api/snippets/auth/user/": label,
        "/admin/pages/999999/edit/": label,
    }
    asked, _errors = auditor.ask_resolver(Enumeration(urls, [label], {label}, {}, {}))
    assert asked == {"admin": 2}
    # (Django's LocaleMiddleware turns the admin's 404 into a redirect to /fr/….)
    assert all(auditor.responses["admin", url] in (302, 404) for url in urls)
