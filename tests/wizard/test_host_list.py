import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_login_page(client):
    for url in ("/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"], url


def test_the_login_page_is_open(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in" in response.content


def test_the_host_list_shows_interface_counts(admin_client):
    factories.host_with_network("pve1")
    response = admin_client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    row = page[page.index("pve1") :]
    cells = [c.split("<")[0] for c in row.split('<td class="text-end">')[1:5]]
    assert cells == ["4", "1", "2", "1"]  # NICs, bonds, bridges, VLANs


def test_the_host_list_costs_the_same_at_2_and_15_hosts(admin_client):
    for i in range(2):
        factories.host_with_network(f"pve{i:02d}")
    admin_client.get("/")
    with CaptureQueriesContext(connection) as small:
        admin_client.get("/")
    for i in range(2, factories.LARGE_INVENTORY):
        factories.host_with_network(f"pve{i:02d}")
    with CaptureQueriesContext(connection) as large:
        response = admin_client.get("/")
    assert len(small) == len(large) == 5  # session, user, count, the page of hosts, their interface counts
    assert response.content.decode().count("<tr>") == factories.LARGE_INVENTORY + 1  # and the header
