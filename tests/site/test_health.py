"""The health check the load balancer calls on each app server (`/sante/`)."""

from unittest import mock

from django.core.cache import caches


def test_healthy_server_answers_200_without_cookie_nor_data(
    db, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]
    assert "X-Cache" not in response


def test_a_broken_cache_gives_503_and_says_which(db, client):
    with mock.patch.object(type(caches["default"]), "get", side_effect=ConnectionError("down")):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


def test_a_broken_database_gives_503(db, client):
    with mock.patch(
        "coopsite.foundation.health._database", side_effect=RuntimeError("no database")
    ):
        response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_only_get_and_head(db, client):
    assert client.head("/sante/").status_code == 200
    assert client.post("/sante/").status_code == 405
