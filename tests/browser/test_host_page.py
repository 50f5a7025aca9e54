import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    get_user_model().objects.create_superuser("root", password="admin password 1")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("root")
    page.get_by_label("Password").fill("admin password 1")
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("host", ["pve1", "pve2"])
def test_the_demo_host_pages_show_file_findings_and_diagram(live_server, page, screenshot, host):
    call_command("loaddemo")
    log_in(page, live_server)
    page.get_by_role("link", name=host).click()
    expect(page.get_by_role("heading", name=host)).to_be_visible()
    expect(page.get_by_label("rendered interfaces file")).to_contain_text("iface bond0")
    diagram = page.get_by_role("img", name=f"Network diagram of {host}")
    expect(diagram).to_be_visible()
    # The image really loaded (a broken image has no natural width).
    assert diagram.evaluate("img => img.naturalWidth") > 200
    with page.expect_download() as download:
        page.get_by_role("link", name="Download", exact=True).click()
    assert download.value.suggested_filename == "interfaces"
    screenshot(f"host-{host}")
