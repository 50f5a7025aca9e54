"""Guessing passwords: a user name is locked for an address after five failures, not for
everybody; and for every address after twenty, however many addresses the guesses use."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from netwizard import proxies
from netwizard.client_ip import client_ip
from tests import factories

pytestmark = pytest.mark.django_db

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "netwizard" / "gunicorn.conf.py"


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


def test_by_default_no_proxy_is_trusted_so_rotating_forwarded_for_does_not_escape(client, settings):
    """The test client connects from 127.0.0.1, where the old default trusted a proxy."""
    settings.NETWIZARD_TRUSTED_PROXIES = proxies.trusted_proxies(environ={})
    factories.user("alice", "viewer", password="the right password")
    for n in range(5):
        attempt(client, "guess", f"203.0.113.{n}")
    locked = attempt(client, "the right password", "198.51.100.20")
    assert locked.status_code == 429
    assert b"Too many failed log-ins" in locked.content


def test_guesses_spread_over_many_addresses_lock_the_account(client, behind_a_proxy):
    factories.user("alice", "viewer", password="the right password")
    for n in range(19):  # four or fewer from each address: no pair reaches its limit
        assert attempt(client, "guess", f"203.0.113.{n // 4}").status_code == 200
    assert attempt(client, "guess", "198.51.100.99").status_code == 429  # the twentieth failure
    locked = attempt(client, "the right password", "192.0.2.1")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "after 5 failures from one address, or 20 from all addresses together" in page
    assert "Wait 15 minutes" in page
    # Other accounts are not affected.
    factories.user("bob", "viewer", password="bob's password")
    response = client.post(
        "/accounts/login/", {"username": "bob", "password": "bob's password"}, HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert response.status_code == 302


def test_below_the_account_limit_the_right_password_still_works(client, behind_a_proxy):
    factories.user("alice", "viewer", password="the right password")
    for n in range(19):
        attempt(client, "guess", f"203.0.113.{n}")
    assert attempt(client, "the right password", "192.0.2.1").status_code == 302


def test_the_account_limit_is_a_setting(client, behind_a_proxy, settings):
    settings.NETWIZARD_LOGIN_ACCOUNT_FAILURE_LIMIT = 7
    factories.user("alice", "viewer", password="the right password")
    for n in range(6):
        assert attempt(client, "guess", f"203.0.113.{n}").status_code == 200
    assert attempt(client, "guess", "203.0.113.99").status_code == 429
    assert b"or 7 from all addresses together" in attempt(client, "the right password", "192.0.2.1").content


def test_a_proxy_may_be_named_by_its_network(settings):
    settings.NETWIZARD_TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().post(
        "/accounts/login/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"
    outside = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.1.7", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(outside) == "10.0.1.7"


def test_a_wildcard_proxy_is_refused():
    with pytest.raises(ImproperlyConfigured, match="neither"):
        proxies.trusted_proxies(environ={"NETWIZARD_FORWARDED_ALLOW_IPS": "*"})


@pytest.mark.parametrize("value, expected", [(None, ""), ("10.0.0.5, ::1", "10.0.0.5,::1")])
def test_gunicorn_trusts_the_same_proxies(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("NETWIZARD_FORWARDED_ALLOW_IPS", raising=False)
    else:
        monkeypatch.setenv("NETWIZARD_FORWARDED_ALLOW_IPS", value)
    assert runpy.run_path(str(GUNICORN_CONF))["forwarded_allow_ips"] == expected
    assert ",".join(proxies.trusted_proxies()) == expected
