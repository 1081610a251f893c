"""The public registration form against robots and floods; signed links that expire."""

import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.signing import b62_decode, b62_encode
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.training.conftest import make_session
from tests.training.test_course_page import form_data
from training.models import Registration
from training.tokens import SALT_CANCEL, SALT_DONE, registration_token


def test_the_form_needs_its_csrf_token(session):
    client = Client(enforce_csrf_checks=True)
    response = client.post(session.course.url, form_data(session))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_the_honeypot_is_out_of_sight_and_refuses_robots(session, anonymous_client):
    html = anonymous_client.get(session.course.url).content.decode()
    assert 'class="field field--trap" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
    data = form_data(session) | {"website": "http://spam.example"}
    response = anonymous_client.post(session.course.url, data)
    assert response.status_code == 200
    assert "Votre inscription n’a pas pu être enregistrée" in response.content.decode()
    assert not Registration.objects.exists()


def test_an_address_that_sends_too_many_forms_is_stopped_for_a_while(
    session, anonymous_client, settings
):
    settings.REGISTRATION_RATE_LIMIT = (3, 3600)
    for index in range(3):
        data = form_data(session) | {"email": f"personne{index}@exemple.org"}
        assert anonymous_client.post(session.course.url, data).status_code == 302
    response = anonymous_client.post(
        session.course.url, form_data(session) | {"email": "quatrieme@exemple.org"}
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Registration.objects.count() == 3
    # Another address is not concerned; reading the page is never limited.
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert (
        other.post(
            session.course.url, form_data(session) | {"email": "autre@exemple.org"}
        ).status_code
        == 302
    )
    assert anonymous_client.get(session.course.url).status_code == 200


def _file_cache(settings, tmp_path):
    """Production's cache without Redis: files, 300 entries at most, then a third culled."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


def _churn():
    """What the page cache does to the cache between two posts: many entries, or a reset."""
    cache.clear()
    cache.set_many({f"page:{n}": "x" * 100 for n in range(40)})


def test_the_limit_holds_while_the_cache_is_emptied_and_refilled(session, settings, tmp_path):
    _file_cache(settings, tmp_path)
    assert settings.REGISTRATION_RATE_LIMIT == (10, 3600)
    statuses = []
    for index in range(12):
        _churn()
        client = Client(REMOTE_ADDR="198.51.100.7")
        data = form_data(session) | {"email": f"personne{index}@exemple.org"}
        statuses.append(client.post(session.course.url, data).status_code)
    assert statuses == [302] * 10 + [429] * 2
    assert Registration.objects.count() == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twelve_posts_at_once_from_one_address_give_exactly_ten(settings, tmp_path):
    """Real parallel connections, the cache emptied and refilled by each: 10 accepted, 2 refused."""
    from django.db import connections

    from tests.factories import build_tree

    from .conftest import make_course, make_session

    _file_cache(settings, tmp_path)
    tree = build_tree()
    session = make_session(make_course(tree.catalog), capacity=20)
    barrier = threading.Barrier(12)
    statuses, errors = [], []

    def worker(number):
        try:
            client = Client(REMOTE_ADDR="198.51.100.8")
            data = form_data(session) | {"email": f"personne{number}@exemple.org"}
            _churn()
            barrier.wait()
            statuses.append(client.post(session.course.url, data).status_code)
            _churn()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(statuses) == [302] * 10 + [429] * 2
    assert Registration.objects.count() == 10


def test_behind_a_proxy_the_limit_counts_the_visitor_not_the_proxy(session, settings):
    settings.REGISTRATION_RATE_LIMIT = (1, 3600)
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    second = Client(HTTP_X_FORWARDED_FOR="forged, 203.0.113.6", **proxy)
    assert first.post(session.course.url, form_data(session)).status_code == 302
    data = form_data(session) | {"email": "b@exemple.org"}
    assert second.post(session.course.url, data).status_code == 302
    assert first.post(session.course.url, data | {"email": "c@exemple.org"}).status_code == 429


@pytest.fixture
def registration(session):
    return Registration.objects.create(
        session=session, name="Inès", email="ines@exemple.org", consent=True, status="confirmed"
    )


def test_forged_cancel_links_are_refused(registration, anonymous_client):
    token = registration_token(registration, SALT_CANCEL)
    pk, issued, signature = token.split("-")
    forged = [
        f"{pk}-{issued}-{'0' * len(signature)}",
        f"{int(pk) + 1}-{issued}-{signature}",  # another registration, same signature
        f"{pk}-{b62_encode(b62_decode(issued) + 3600)}-{signature}",  # a later date of issue
        registration_token(registration.session, SALT_DONE),  # the confirmation page's link
        f"{pk}-{signature}",  # the old form without a date
    ]
    for token in forged:
        response = anonymous_client.post(reverse("training:cancel", args=[token]))
        assert response.status_code == 404, token
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_cancel_links_expire_after_a_year(registration, anonymous_client, settings):
    old = time.time() - settings.CANCEL_LINK_AGE - 60
    url = reverse("training:cancel", args=[registration_token(registration, SALT_CANCEL, old)])
    response = anonymous_client.post(url)
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    recent = time.time() - settings.CANCEL_LINK_AGE + 3600
    url = reverse("training:cancel", args=[registration_token(registration, SALT_CANCEL, recent)])
    assert anonymous_client.get(url).status_code == 200


def test_the_confirmation_page_link_lasts_a_day(registration, anonymous_client, settings):
    course = registration.session.course
    fresh = registration_token(registration.session, SALT_DONE)
    stale = registration_token(registration.session, SALT_DONE, time.time() - 2 * 24 * 3600)
    base = course.url + course.reverse_subpage("registered", args=["X"]).replace("X/", "")
    assert anonymous_client.get(base + fresh + "/").status_code == 200
    assert anonymous_client.get(base + stale + "/").status_code == 404


@pytest.mark.parametrize("in_days", [-1, -7])
def test_a_cancel_link_no_longer_cancels_once_the_session_has_started(
    course, anonymous_client, in_days, django_capture_on_commit_callbacks
):
    """Three Saturdays whose first was yesterday (or a week ago): the session is under way."""
    started = make_session(course, in_days=in_days, day_count=3, capacity=1)
    first = Registration.objects.create(
        session=started, name="Inès", email="ines@exemple.org", consent=True, status="confirmed"
    )
    Registration.objects.create(
        session=started, name="Basile", email="basile@exemple.org", consent=True, status="waiting"
    )
    url = reverse("training:cancel", args=[registration_token(first, SALT_CANCEL)])
    assert url.startswith("/fr/inscriptions/annuler/")
    page = anonymous_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cette session a commencé" in html
    assert "Annuler mon inscription</button>" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous_client.post(url, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette session a commencé" in html
    assert "Votre inscription est annulée." not in html
    assert dict(started.registrations.values_list("email", "status")) == {
        "ines@exemple.org": "confirmed",
        "basile@exemple.org": "waiting",
    }
    assert mail.outbox == []


def test_a_cancel_link_still_cancels_the_day_before_the_session(course, anonymous_client):
    tomorrow = make_session(course, in_days=1, capacity=1)
    registration = Registration.objects.create(
        session=tomorrow, name="Inès", email="ines@exemple.org", consent=True, status="confirmed"
    )
    url = reverse("training:cancel", args=[registration_token(registration, SALT_CANCEL)])
    assert "Annuler mon inscription</button>" in anonymous_client.get(url).content.decode()
    anonymous_client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_an_editor_still_cancels_on_someone_s_behalf_once_the_session_has_started(
    course, editor_client
):
    started = make_session(course, in_days=-1, day_count=3, capacity=1)
    registration = Registration.objects.create(
        session=started, name="Inès", email="ines@exemple.org", consent=True, status="confirmed"
    )
    response = editor_client.post(reverse("training_cancel_registration", args=[registration.pk]))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"
