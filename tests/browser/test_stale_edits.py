"""Two tabs on one host, and impatient double clicks, in Debian's Chromium.

The view tests cover the same refusals request by request (test_wizard_host_step.py,
test_wizard_nic_step.py, test_wizard_bond_step.py); here a real browser shows that the
user sees them and that nothing is overwritten or created twice.
"""

import contextlib

import pytest
from playwright.sync_api import expect

from netwizard.inventory.models import Host, HostChange, Interface
from tests import factories
from tests.browser.conftest import save_screenshot
from tests.browser.test_wizard import PASSWORD, arrive, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watched(page) -> list[str]:
    """Console errors and page errors of a page the `page` fixture does not watch."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    return problems


def test_a_save_from_a_stale_tab_is_refused_and_the_tab_can_reload(live_server, page):
    factories.host_with_network("pve1")
    log_in(page, live_server)
    url = f"{live_server.url}/hosts/pve1/wizard/"
    first = page
    second = page.context.new_page()
    problems = watched(second)
    first.goto(url)
    second.goto(url)
    version = Host.objects.get(name="pve1").version

    first.get_by_label("Cluster").fill("rack-a")
    first.get_by_role("button", name="Save and continue to NICs").click()
    arrive(first, "NICs", exact=True)

    # The second tab still shows the host as it was before the first tab saved.
    second.get_by_label("Description").fill("typed in the second tab")
    second.get_by_role("button", name="Save and continue to NICs").click()
    alert = second.locator("#form-errors")
    expect(alert).to_contain_text("pve1 was changed by someone else since you loaded the page")
    expect(alert).to_contain_text("Nothing was saved.")
    save_screenshot(second, "refused-stale-second-tab")
    host = Host.objects.get(name="pve1")
    assert (host.cluster, host.description, host.version) == ("rack-a", "", version + 1)

    # Reloading shows the first tab's change; saving again then keeps both.
    alert.get_by_role("link", name="Reload the page").click()
    expect(second.get_by_label("Cluster")).to_have_value("rack-a")
    expect(second.get_by_label("Description")).to_have_value("")
    second.get_by_label("Description").fill("typed in the second tab")
    second.get_by_role("button", name="Save and continue to NICs").click()
    arrive(second, "NICs", exact=True)
    host = Host.objects.get(name="pve1")
    assert (host.cluster, host.description, host.version) == ("rack-a", "typed in the second tab", version + 2)
    assert problems == []


def test_a_stale_nic_row_edit_is_refused_in_place(live_server, page):
    factories.host_with_network("pve1")
    log_in(page, live_server)
    url = f"{live_server.url}/hosts/pve1/wizard/nics/"
    first = page
    second = page.context.new_page()
    problems = watched(second)
    for tab in (first, second):
        tab.goto(url)
        tab.get_by_role("link", name="Edit eno4").click()
        expect(tab.get_by_label("Speed of eno4")).to_be_visible()

    first.get_by_label("Speed of eno4").select_option(label="25 Gbit/s")
    first.get_by_role("button", name="Save eno4").click()
    # The edit form's own <option> says "25 Gbit/s" too: wait for the saved row to replace it.
    expect(first.get_by_label("Speed of eno4")).to_have_count(0)
    expect(first.locator("#nic-eno4")).to_contain_text("25 Gbit/s")

    second.get_by_label("Switch port of eno4").fill("7")
    second.get_by_role("button", name="Save eno4").click()
    expect(second.locator("#nic-section")).to_contain_text("changed by someone else")
    expect(second.get_by_role("link", name="Reload the page")).to_be_visible()
    nic = Interface.objects.get(host__name="pve1", name="eno4")
    assert (nic.speed_mbps, nic.switch_port) == (25000, "4")  # the first tab's speed, the port as it was
    assert problems == []


def test_double_clicking_create_makes_one_host(live_server, page):
    log_in(page, live_server)
    page.get_by_role("link", name="New host").click()
    page.get_by_label("Host name").fill("pve8")
    page.get_by_role("button", name="Create host").dblclick()
    arrive(page, "NICs", exact=True)
    assert Host.objects.filter(name="pve8").count() == 1
    assert HostChange.objects.filter(host_name="pve8", action=HostChange.CREATE).count() == 1

    page.get_by_label("Name of the new NIC").fill("eno1")
    page.wait_for_load_state("networkidle")  # the name check, before the save
    page.get_by_role("button", name="Add NIC").dblclick()
    expect(page.locator("#nic-eno1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert Interface.objects.filter(host__name="pve8", name="eno1").count() == 1


def test_a_second_click_while_the_first_is_on_its_way_still_makes_one_host(live_server, browser):
    """Without htmx nothing disables the button. On a slow line the first POST reaches the
    server, the user clicks again before its answer arrives, and the browser posts the form
    a second time with the same one-time token: the server answers it with the first one's
    result. (A quick double click alone is posted once by Chromium.)"""
    factories.user("erin", "editor", password=PASSWORD)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("erin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/hosts/new/")
    page.get_by_label("Host name").fill("pve8")

    answers = []  # (route, the server's answer), held back like a slow line would

    def slow_line(route):
        if route.request.method != "POST":
            route.continue_()
            return
        answers.append((route, route.fetch(max_redirects=0)))
        if len(answers) == 2:
            for held, answer in answers:
                # The browser may have dropped the first request for the second.
                with contextlib.suppress(Exception):
                    held.fulfill(response=answer)

    page.route("**/hosts/new/", slow_line)
    button = page.get_by_role("button", name="Create host")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)  # the mouse, unlike a locator, does not wait for the page to load
    for _ in range(200):
        if answers:
            break
        page.wait_for_timeout(50)
    assert Host.objects.filter(name="pve8").count() == 1  # the first POST has been served
    page.mouse.click(x, y)
    arrive(page, "NICs", exact=True)
    context.close()
    assert len(answers) == 2
    assert [answer.status for _, answer in answers] == [302, 302]
    assert answers[0][1].headers["location"] == answers[1][1].headers["location"] == "/hosts/pve8/wizard/nics/"
    assert Host.objects.filter(name="pve8").count() == 1
    assert HostChange.objects.filter(host_name="pve8", action=HostChange.CREATE).count() == 1
