"""A file with lines that run commands as root leaves netwizard only once a second person
approved them (issue 13 §1)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from netwizard.inventory import audit, services
from netwizard.inventory.models import Host, HostChange, Interface
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.wizard.helpers import text

pytestmark = pytest.mark.django_db

PWNED = "ovs_extra set bridge vmbr9 other-config:x=1; touch /tmp/PWNED"
FILE = f"""source /tmp/*

auto lo
iface lo inet loopback

auto eno1
iface eno1 inet manual
\tovs_type OVSPort
\tovs_bridge vmbr9

auto vmbr9
iface vmbr9 inet manual
\tovs_type OVSBridge
\tovs_ports eno1
\t{PWNED}
"""


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def approver(name="alice"):
    user = factories.user(name, "editor")
    user.user_permissions.add(Permission.objects.get(codename="approve_root_commands"))
    return user


@pytest.fixture
def imported():
    author = factories.user("ed", "editor")
    with audit.acting_as(author):
        services.host_import_interfaces(name="pve1", network=parse(FILE), text=FILE)
    return author


def test_the_file_is_withheld_with_the_lines_named_until_approved(imported):
    viewer = client_for(factories.user("val", "viewer"))
    refused = viewer.get("/hosts/pve1/interfaces")
    assert refused.status_code == 409 and refused["Content-Type"].startswith("text/plain")
    body = refused.content.decode()
    assert "vmbr9: " + PWNED in body and "(top level): source /tmp/*" in body
    assert "Last changed by ed on" in body and "other than ed (who changed them last) can approve" in body
    assert not HostChange.objects.filter(action=HostChange.DOWNLOAD).exists()

    approve = client_for(approver()).post("/hosts/pve1/download/approve/", {"sha256": _sha256()})
    assert approve.status_code == 302

    served = viewer.get("/hosts/pve1/interfaces")
    assert served.status_code == 200 and PWNED in served.content.decode()


def _sha256():
    from netwizard.inventory import selectors

    host = Host.objects.get(name="pve1")
    return selectors.host_root_commands(host=host, network=selectors.host_network(host=host)).sha256


def test_the_download_page_lists_the_lines_and_who_may_approve(imported):
    response = client_for(imported).get("/hosts/pve1/download/")
    assert response.status_code == 200
    page = response.content.decode()
    words = text(response)
    assert page.count('class="table-warning root-command"') == 2
    assert "touch /tmp/PWNED" in page and "source /tmp/*" in page
    assert "Awaiting approval. Last changed by ed" in words
    assert "other than ed (who changed them last) approves these lines" in words
    # The author sees why he cannot approve, and neither the download nor the plan is offered.
    assert "Approve these lines" not in page and "needs the &#x27;approve root commands&#x27; permission" in words
    assert 'href="/hosts/pve1/interfaces"' not in page and "netwizard_apply" not in page
    assert "The plan appears once the lines that run commands as root are approved" in words
    assert "Approve these lines" in client_for(approver()).get("/hosts/pve1/download/").content.decode()


def test_after_approval_the_page_and_the_plan_name_the_approver(imported):
    services.host_root_commands_approve(host=Host.objects.get(name="pve1"), user=approver())
    response = client_for(factories.user("val", "viewer")).get("/hosts/pve1/download/")
    words = text(response)
    assert "Approved by alice on" in words and "Last changed by ed" in words
    assert 'href="/hosts/pve1/interfaces"' in response.content.decode()
    assert "netwizard_apply" in response.content.decode()  # the plan, with the lines listed above it
    assert "The file this plan installs has 2 lines that run commands as root, approved by alice" in words
    history = text(client_for(factories.user("vic", "viewer")).get("/hosts/pve1/"))
    assert "alice approved the root-command lines · 2 lines: source /tmp/*; vmbr9: " + PWNED in history


def test_the_author_and_editors_without_the_permission_cannot_approve(imported):
    sha256 = _sha256()
    bob = client_for(factories.user("bob", "editor"))
    assert bob.post("/hosts/pve1/download/approve/", {"sha256": sha256}).status_code == 403
    assert client_for(imported).post("/hosts/pve1/download/approve/", {"sha256": sha256}).status_code == 403
    # An approver who changed a line is its author now, and is refused with the reason.
    carol = approver("carol")
    vmbr9 = Interface.objects.get(name="vmbr9")
    vmbr9.extra_options["inet"][-1] = ["ovs_extra", "set bridge vmbr9 other-config:x=2"]
    with audit.acting_as(carol):
        services.interface_save(interface=vmbr9)
    refused = client_for(carol).post("/hosts/pve1/download/approve/", {"sha256": _sha256()}, follow=True)
    assert "someone else must approve them" in text(refused)
    assert client_for(factories.user("val", "viewer")).get("/hosts/pve1/interfaces").status_code == 409


def test_approving_needs_a_post_and_the_lines_the_page_showed(imported):
    alice = client_for(approver())
    assert alice.get("/hosts/pve1/download/approve/").status_code == 405
    stale = alice.post("/hosts/pve1/download/approve/", {"sha256": "0" * 64}, follow=True)
    assert "changed since the page was loaded" in text(stale)
    assert client_for(imported).get("/hosts/pve1/interfaces").status_code == 409


def test_host_and_review_pages_hold_back_the_download_while_lines_wait(imported):
    client = client_for(imported)
    host_page = client.get("/hosts/pve1/").content.decode()
    assert 'href="/hosts/pve1/interfaces"' not in host_page and "Root commands await approval" in host_page
    review = client.get("/hosts/pve1/wizard/review/")
    assert (
        'href="/hosts/pve1/interfaces"' not in review.content.decode()
        and "netwizard_apply" not in review.content.decode()
    )
    assert "approves the lines that run commands as root" in text(review)
