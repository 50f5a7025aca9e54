"""Who may use the wizard: reading the review and checking a name needs the viewer role,
everything that shows a form or writes needs the editor role."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

WRITE_URLS = [
    "/hosts/new/",
    "/hosts/pve1/import/",
    "/hosts/pve1/wizard/",
    "/hosts/pve1/wizard/nics/",
    "/hosts/pve1/wizard/nic/",
    "/hosts/pve1/wizard/nic/eno1/",
    "/hosts/pve1/wizard/switch/",
    "/hosts/pve1/wizard/bonds/",
    "/hosts/pve1/wizard/bond/",
    "/hosts/pve1/wizard/bond/bond0/",
    "/hosts/pve1/wizard/bridges/",
    "/hosts/pve1/wizard/bridge/",
    "/hosts/pve1/wizard/bridge/vmbr0/",
    "/hosts/pve1/wizard/vlan/",
    "/hosts/pve1/wizard/vlan/bond0.50/",
    "/hosts/pve1/wizard/address/eno4/",
    "/hosts/pve1/wizard/delete/eno4/",
]
READ_URLS = ["/hosts/pve1/wizard/review/", "/hosts/pve1/wizard/nic-name/?name=eno9"]
REDIRECTS = {"/hosts/pve1/wizard/nic/eno1/"}  # without HTMX, the row's form opens on the step's page
POST_ONLY = {"/hosts/pve1/wizard/nic/", "/hosts/pve1/wizard/switch/", "/hosts/pve1/wizard/delete/eno4/"}


@pytest.fixture(autouse=True)
def host():
    return factories.host_with_network("pve1")


@pytest.mark.parametrize("url", WRITE_URLS)
def test_viewers_get_403_on_every_wizard_form_and_write(viewer, url):
    """The right is checked before anything else, the HTTP method included."""
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"expected_version": 1}).status_code == 403


@pytest.mark.parametrize("url", WRITE_URLS)
def test_users_without_a_role_get_403_and_anonymous_users_the_login(client, url):
    assert client.get(url).status_code == 302 and "/accounts/login/" in client.get(url)["Location"]
    client.force_login(factories.user("nobody"))
    assert client.post(url, {"expected_version": 1}).status_code == 403


@pytest.mark.parametrize("url", WRITE_URLS)
def test_editors_open_every_wizard_page(editor, url):
    expected = 405 if url in POST_ONLY else 302 if url in REDIRECTS else 200
    assert editor.get(url).status_code == expected


@pytest.mark.parametrize("url", READ_URLS)
def test_viewers_read_the_review_and_the_name_check(viewer, url):
    assert viewer.get(url).status_code == 200
    assert viewer.post(url).status_code == 405


def test_an_editor_can_delete_and_a_viewer_cannot(client, host):
    client.force_login(factories.user("val", "viewer"))
    assert client.post("/hosts/pve1/wizard/delete/eno4/", {"expected_version": 99}).status_code == 403
    assert host.interfaces.filter(name="eno4").exists()
    client.force_login(factories.user("ed", "editor"))
    version = type(host).objects.get(pk=host.pk).version
    assert client.post("/hosts/pve1/wizard/delete/eno4/", {"expected_version": version}).status_code == 302
    assert not host.interfaces.filter(name="eno4").exists()
