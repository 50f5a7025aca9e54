import pytest

from tests import factories

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";")}


@pytest.mark.parametrize("url", ["/", "/hosts/pve1/", "/accounts/login/", "/admin/"])
def test_pages_carry_the_content_security_policy(admin_client, url):
    factories.host_with_network("pve1")
    response = admin_client.get(url)
    assert directives(response["Content-Security-Policy"]) == POLICY


def test_the_diagram_keeps_its_stricter_policy(admin_client):
    factories.host_with_network("pve1")
    response = admin_client.get("/hosts/pve1/topology.svg")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_htmx_is_configured_without_eval_inline_styles_or_scripts(admin_client):
    page = admin_client.get("/").content.decode()
    assert '"allowEval": false' in page
    assert '"includeIndicatorStyles": false' in page
    assert '"allowScriptTags": false' in page
