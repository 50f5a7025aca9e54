"""How refusals reach the user: the 403 page names the missing role; inside an HTMX page the
refusal is an alert htmx swaps into the messages region, and a lapsed login sends the
whole page (not a fragment) to the login form."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

NIC_ADD = "/hosts/pve1/wizard/nic/"
FROM_PAGE = "http://testserver/hosts/pve1/wizard/nics/"


@pytest.fixture(autouse=True)
def host():
    return factories.host_with_network("pve1")


def htmx_config(page: str) -> dict:
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert match, "no htmx-config meta tag"
    return json.loads(match.group(1))


def test_a_viewer_on_an_editor_page_gets_a_403_page_that_names_the_role(viewer):
    response = viewer.get("/hosts/pve1/wizard/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>Not allowed · netwizard</title>" in page
    assert "This needs the editor role" in page and "<code>val</code>" in page
    assert '<a href="/">Back to the hosts</a>' in page
    assert "Content-Security-Policy" in response  # the app's own page, with its policy


def test_a_user_without_a_role_is_told_that_viewing_needs_the_viewer_role(client):
    client.force_login(factories.user("nobody"))
    response = client.get("/hosts/pve1/")
    assert response.status_code == 403 and "This needs the viewer role" in response.content.decode()


def test_a_refused_htmx_request_gets_an_alert_for_the_messages_region(viewer):
    response = viewer.post(NIC_ADD, {"name": "eno9"}, headers={"HX-Request": "true", "HX-Current-URL": FROM_PAGE})
    page = response.content.decode()
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#messages"
    assert response["HX-Reswap"] == "innerHTML show:top"
    assert page.lstrip().startswith('<div class="alert alert-warning" role="alert" id="denied">')
    assert "This needs the editor role" in page and "Nothing was changed." in page
    assert "<html" not in page


def test_htmx_swaps_the_403_and_keeps_its_safe_settings(viewer):
    """Without a responseHandling entry htmx drops a 403 silently: the click seems to do nothing."""
    page = viewer.get("/").content.decode()
    config = htmx_config(page)
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["allowScriptTags"] is False
    handling = config["responseHandling"]
    first_for_403 = next(rule for rule in handling if re.fullmatch(rule["code"], "403"))
    assert first_for_403["swap"] is True and first_for_403["error"] is False
    first_for_500 = next(rule for rule in handling if re.fullmatch(rule["code"], "500"))
    assert first_for_500["swap"] is False  # other errors stay out of the page, as before
    assert '<div id="messages" aria-live="polite">' in page  # the region exists without messages too


def test_an_anonymous_htmx_request_sends_the_page_to_the_login_form(client):
    response = client.post(NIC_ADD, headers={"HX-Request": "true", "HX-Current-URL": FROM_PAGE})
    assert response.status_code == 200 and "Location" not in response
    target = urlsplit(response["HX-Redirect"])
    assert target.path == "/accounts/login/"
    assert parse_qs(target.query) == {"next": ["/hosts/pve1/wizard/nics/"]}  # the page, not the fragment


@pytest.mark.parametrize("current", [None, "https://elsewhere.example/phish/"])
def test_the_login_redirect_returns_only_to_pages_of_this_site(client, current):
    headers = {"HX-Request": "true"} | ({"HX-Current-URL": current} if current else {})
    response = client.get("/hosts/pve1/wizard/review/", headers=headers)
    assert response["HX-Redirect"] == "/accounts/login/"


def test_without_htmx_anonymous_visitors_are_redirected_as_before(client):
    response = client.get("/hosts/pve1/wizard/review/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/hosts/pve1/wizard/review/"
