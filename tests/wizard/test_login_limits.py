"""Guessing passwords: a user name is locked for an address after five failures, not for everybody."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def attempt(client, password, address):
    return client.post("/accounts/login/", {"username": "alice", "password": password}, HTTP_X_FORWARDED_FOR=address)


@pytest.fixture
def behind_a_proxy(settings):
    settings.NETWIZARD_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address


def test_five_failures_lock_that_user_name_from_that_address(client, behind_a_proxy):
    factories.user("alice", "viewer", password="the right password")
    for _ in range(4):
        assert attempt(client, "guess", "203.0.113.7").status_code == 200
    assert attempt(client, "guess", "203.0.113.7").status_code == 429  # the fifth failure locks
    locked = attempt(client, "the right password", "203.0.113.7")
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content
    # Another client behind the same proxy is not locked out by the attacker.
    assert attempt(client, "the right password", "198.51.100.20").status_code == 302


def test_a_success_resets_the_count(client, behind_a_proxy):
    factories.user("alice", "viewer", password="the right password")
    for _ in range(4):
        attempt(client, "guess", "203.0.113.7")
    assert attempt(client, "the right password", "203.0.113.7").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "guess", "203.0.113.7")
    assert attempt(client, "the right password", "203.0.113.7").status_code == 302


def test_a_forged_forwarded_for_does_not_dodge_the_limit(client, behind_a_proxy):
    """Entries left of the proxy's own are the client's words; only the last one counts."""
    factories.user("alice", "viewer", password="the right password")
    for n in range(5):
        attempt(client, "guess", f"10.9.9.{n}, 203.0.113.7")
    assert attempt(client, "the right password", "10.9.9.99, 203.0.113.7").status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(client, settings):
    settings.NETWIZARD_TRUSTED_PROXIES = []
    factories.user("alice", "viewer", password="the right password")
    for n in range(5):
        attempt(client, "guess", f"203.0.113.{n}")
    assert attempt(client, "the right password", "198.51.100.20").status_code == 429
