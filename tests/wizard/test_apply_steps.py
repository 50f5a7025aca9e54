"""One plan, the safe one, wherever apply steps are shown (issue 12, item 12).

Every page of the project is requested (the URL patterns the permission matrix walks),
and every block of commands on it that reloads the network or moves a file over
/etc/network/interfaces must be the safe apply plan: with the automatic revert armed
before anything is applied. The review step used to show `cp … && mv … && ifreload -a`
with no way back.
"""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from netwizard.network.plans.apply import REVERT_UNIT
from tests import factories
from tests.wizard.test_permission_matrix import API, PATTERNS, PUBLIC, TABLE

pytestmark = pytest.mark.django_db

PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.S)
# A shell line that changes the running network or the file it comes from.
APPLY_COMMAND = re.compile(
    r"\b(ifreload|ifup|ifdown)\b|\bmv\b.*/etc/network/interfaces\b|\bcp\b.*/etc/network/interfaces\b"
)


def command_blocks(page: str) -> list[str]:
    """The <pre> blocks of a page that hold apply commands (comment lines left out)."""
    found = []
    for block in PRE.findall(page):
        text = html.unescape(re.sub(r"<[^>]+>", "", block))
        commands = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
        if any(APPLY_COMMAND.search(line) for line in commands):
            found.append(text)
    return found


def is_safe_plan(block: str) -> bool:
    """The revert is armed (a transient systemd timer) before the new file goes in place,
    and the change is kept only on request."""
    arm = block.find(f"systemd-run --quiet --unit={REVERT_UNIT}")
    apply = block.find("mv /etc/network/interfaces.new /etc/network/interfaces && ifreload -a")
    return 0 <= arm < apply and f"systemctl stop {REVERT_UNIT}.timer" in block


def pages() -> list[str]:
    urls = []
    for pattern in PATTERNS:
        rule = TABLE.get(pattern.key)
        if pattern.key == "admin:*" or rule is None or rule.access in (PUBLIC, API) or rule.get != 200:
            continue
        urls.append(reverse(pattern.key, kwargs=rule.kwargs))
    return urls


def test_no_page_shows_apply_commands_without_the_revert_timer(admin_client):
    factories.host_with_network("pve1")
    client = admin_client
    with_plan = []
    for url in pages():
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        assert "{#" not in page and "#}" not in page, f"{url} shows a template comment"
        blocks = command_blocks(page)
        for block in blocks:
            assert is_safe_plan(block), f"{url} shows apply commands without the automatic revert:\n{block}"
        if blocks:
            with_plan.append(url)
    # Not true by emptiness: both pages that show apply steps show the plan.
    assert set(with_plan) >= {"/hosts/pve1/wizard/review/", "/hosts/pve1/download/"}, with_plan


def test_the_review_step_shows_the_download_pages_plan(editor):
    factories.host_with_network("pve1")
    review = editor.get("/hosts/pve1/wizard/review/")
    download = editor.get("/hosts/pve1/download/")
    assert review.context["plan"] and review.context["plan"] == download.context["plan"]
    assert command_blocks(review.content.decode()) == command_blocks(download.content.decode())
    # And the way to the lock-out warnings and the switch checklist that go with it.
    assert "the apply page</a>" in review.content.decode()


def test_a_blocked_host_shows_no_commands_at_all(editor):
    text = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
    services.host_import_interfaces(name="pve3", network=parse(text), text=text)  # BR-01: an error
    for url in ("/hosts/pve3/wizard/review/", "/hosts/pve3/download/"):
        page = editor.get(url).content.decode()
        assert command_blocks(page) == [], url
        assert "The plan appears once the file can be downloaded." in page, url
