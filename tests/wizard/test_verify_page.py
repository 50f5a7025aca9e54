"""The Verify page (issue 19): upload, the checklist with verdicts, evidence and the switch
checklist link, the history, and the host list's last result."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from tests.network.test_verify_compare import NO_PARTNER, SEED, bonding_text, document

pytestmark = pytest.mark.django_db


@pytest.fixture
def pve1():
    return services.host_import_interfaces(name="pve1", network=parse(SEED), text=SEED)


def test_a_host_whose_lacp_did_not_negotiate(admin_client, pve1):
    assert "pve1 has not been verified yet." in admin_client.get("/hosts/pve1/verify/").content.decode()
    bonding = bonding_text(partner=NO_PARTNER, aggregators={"eno2": 2})
    response = admin_client.post(
        "/hosts/pve1/verify/check/", {"facts_text": document(bonding={"bond0": bonding})}, follow=True
    )
    page = response.content.decode()
    assert "differs from the plan" in page
    assert escape("LACP did not negotiate on bond0: the switch ports are not in an LACP port-channel") in page
    assert 'href="/hosts/pve1/download/#checklist-bond0"' in page
    assert escape(bonding.splitlines()[0]) in page  # the evidence, one click away
    hosts = admin_client.get("/").content.decode()
    assert "differed from its plan" in hosts


def test_a_host_that_runs_the_plan_and_the_earlier_result(admin_client, pve1):
    admin_client.post(
        "/hosts/pve1/verify/check/", {"facts_text": document(bonding={"bond0": bonding_text(partner=NO_PARTNER)})}
    )
    admin_client.post("/hosts/pve1/verify/check/", {"facts_text": document()})
    page = admin_client.get("/hosts/pve1/verify/").content.decode()
    assert "runs as planned" in page and "checks: all pass." in page
    assert "Earlier verifications" in page and "differed" in page
    assert "matched its plan" in admin_client.get("/").content.decode()


def test_a_document_that_cannot_be_read_is_said_and_nothing_is_stored(admin_client, pve1):
    page = admin_client.post("/hosts/pve1/verify/check/", {"facts_text": "[1, 2"}, follow=True).content.decode()
    assert "Nothing was checked." in page and "pve1 has not been verified yet." in page


def test_a_result_about_an_earlier_plan_says_so(admin_client, pve1):
    admin_client.post("/hosts/pve1/verify/check/", {"facts_text": document()})
    assert "The plan has changed since" not in admin_client.get("/hosts/pve1/verify/").content.decode()
    bond = pve1.interfaces.get(name="bond0")
    bond.comment = "changed after the check"
    services.interface_save(interface=bond)
    assert "The plan has changed since" in admin_client.get("/hosts/pve1/verify/").content.decode()
