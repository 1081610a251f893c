"""The privacy matrix on the demo data: every role crawls the site (and the admin when it has
it); every URL one role found is requested as every other role; no response may hold a secret
that the requesting role must not see (coopsite.sitewide.privacy_audit)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from coopsite.sitewide.privacy_audit import (
    DEMO_USERNAMES,
    KIND_LABELS,
    ROLES,
    Auditor,
    ClientFetcher,
    Viewer,
    collect_secrets,
)

pytestmark = pytest.mark.django_db


def _auditor(roles=ROLES, **kwargs):
    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in DEMO_USERNAMES.items()}
    fetchers = {role: ClientFetcher(users.get(role)) for role in roles}
    viewers = {role: Viewer.of(users.get(role)) for role in roles}
    return Auditor(fetchers, viewers, host="testserver", **kwargs)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", verbosity=0)


def test_no_role_sees_what_it_must_not_over_the_whole_demo_site(demo, capsys):
    result = _auditor().run()
    table = result.table()
    with capsys.disabled():
        print("\n" + table)
    assert result.leaks == [], table
    assert len(result.distinct_urls) >= 200, table
    # Every vector is crawled: documents, images, feeds, sitemap, search, admin, exports.
    urls = result.distinct_urls
    for part in ["/documents/", "/media/images/", "/agenda/", "sitemap.xml", "/recherche/?q="]:
        assert any(part in url for url in urls), part
    for part in ["/admin/pages/", "/historique/", "export=xlsx", "/view_draft/"]:
        assert any(part in url for url in urls), part
    # Each role was refused something, and found something the others had to be asked for.
    assert all(result.crawled[role] for role in ROLES)


def test_secrets_cover_every_kind_of_private_content(demo):
    kinds = {kind for _, kind, _ in collect_secrets()}
    assert kinds == set(KIND_LABELS)


def test_the_audit_finds_a_leak_when_there_is_one(demo):
    """A member's e-mail pasted into a public page is reported, for the anonymous visitor."""
    from coopsite.foundation.models import StandardPage
    from governance.models import MemberContact

    email = MemberContact.objects.exclude(email="").first().email
    about = StandardPage.objects.get(slug="la-cooperative", locale__language_code="fr")
    about.intro = f"<p>Écrivez à {email}</p>"
    about.save_revision().publish()

    result = _auditor(["member", "anonymous"]).run(site_seeds=["/fr/"], admin=False)
    leaks = [(leak.role, leak.kind) for leak in result.leaks]
    assert ("anonymous", "member-contact") in leaks
    assert all(role == "anonymous" for role, _ in leaks)


def test_a_draft_in_the_partnerships_area_is_the_committees_not_the_editors(demo):
    from coopsite.foundation.models import StandardPage

    page = StandardPage.objects.get(slug="methode-de-suivi", locale__language_code="fr")
    draft = page.get_latest_revision_as_object()
    draft.intro = "<p>Brouillon du comité : nouvelle grille d’évaluation des partenariats.</p>"
    draft.save_revision()

    User = get_user_model()
    rules = [rule for secret, kind, rule in collect_secrets() if "grille d’évaluation" in secret]
    assert len(rules) == 1
    assert rules[0](Viewer.of(User.objects.get(username="comite")))
    assert not rules[0](Viewer.of(User.objects.get(username="editrice")))
    assert rules[0](Viewer.of(User.objects.get(username="admin")))
