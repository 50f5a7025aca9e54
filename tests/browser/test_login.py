import pytest
from django.contrib.auth import get_user_model

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logging_in_through_the_real_login_page_shows_the_hosts(live_server, page, screenshot):
    get_user_model().objects.create_user("alice", password="correct horse battery")
    sw = factories.switch("sw-core")
    factories.host_with_network("pve1", switch=sw)
    factories.host_with_network("pve2", switch=sw)

    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    screenshot("login")

    page.get_by_label("User name").fill("alice")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("do not match").is_visible()

    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Hosts").is_visible()
    assert page.get_by_role("cell", name="pve1").is_visible()
    assert page.get_by_role("cell", name="pve2").is_visible()
    screenshot("host-list")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
