"""The health check (wagtail_participation/health.py): 200 while the database and caches answer,
503 naming the one that does not, never cached, GET/HEAD only."""

import pytest
from django.db import OperationalError, connections

REDIS_NOWHERE = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/-/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_a_cache_that_does_not_answer_is_503(client, settings):
    settings.CACHES = {"default": REDIS_NOWHERE}
    response = client.get("/-/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {"database": "ok", "cache": "failing"}}


def test_the_brakes_cache_is_checked_when_it_is_another(client, settings):
    settings.CACHES = {"default": LOCMEM, "brakes": REDIS_NOWHERE}
    settings.WAGTAILPARTICIPATION_BRAKES_CACHE = "brakes"
    response = client.get("/-/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "brakes_cache": "failing"}


def test_a_database_that_does_not_answer_is_503(client, monkeypatch, caplog):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refused)
    response = client.get("/-/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"
    # the log names the check and the exception's class, not its message
    assert "health check database failed: OperationalError" in caplog.text
    assert "connection refused" not in caplog.text


def test_only_get_and_head(client):
    assert client.head("/-/health/").status_code == 200
    assert client.post("/-/health/").status_code == 405
