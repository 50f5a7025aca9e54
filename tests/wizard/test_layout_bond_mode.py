"""A host started from a layout of the bonding guide gets the bond mode the bond step
recommends for the same answers (issue 12, item 13a): no switch chosen means nothing
says the switch can do LACP, so active-backup, as the bond step says."""

import pytest
from django.contrib.messages import get_messages

from netwizard.inventory import selectors
from netwizard.inventory.models import Host
from netwizard.network import bonding
from netwizard.network.rules import recommend_bond_mode
from tests import factories
from tests.wizard.test_wizard_host_step import new_host

pytestmark = pytest.mark.django_db

LAYOUTS = ("bond-storage", "bond-bridge")
SWITCHES = {None: "active-backup", True: "802.3ad", False: "active-backup"}  # switch LACP -> mode


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lacp", list(SWITCHES), ids=["no switch", "LACP switch", "switch without LACP"])
def test_the_layouts_bond_has_the_mode_the_bond_step_recommends(editor, layout, lacp):
    switch = "" if lacp is None else str(factories.switch("sw-a", lacp=lacp).pk)
    response = new_host(editor, start=layout, switch=switch)
    assert response.status_code == 302
    bond = Host.objects.get(name="pve9").interfaces.get(name="bond0")
    assert bond.bond_mode == SWITCHES[lacp]
    expected_policy = bonding.DEFAULT_HASH_POLICY if bond.bond_mode == "802.3ad" else ""
    assert bond.bond_xmit_hash_policy == expected_policy
    assert not selectors.host_review(host=bond.host).errors
    # The page after creating says which mode and why, in the bond step's words.
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    label = bonding.MODES_BY_NAME[bond.bond_mode].label
    assert f"bond0 uses {label}. " + recommend_bond_mode(bond.wizard_answers).reasoning in message

    # The bond step, opened on that bond, asks the same questions with the same answers
    # and recommends the mode the layout chose, which is the one ticked.
    form = editor.get("/hosts/pve9/wizard/bond/bond0/").context["form"]
    assert form["switch_lacp"].value() == {None: "unknown", True: "yes", False: "no"}[lacp]
    assert form.recommendation.mode == bond.bond_mode
    assert form["mode"].value() == bond.bond_mode


def test_the_start_option_says_what_decides_the_mode(editor):
    page = editor.get("/hosts/new/").content.decode()
    assert "unless this switch cannot do it" not in page
    assert "(802.3ad) only when the switch chosen here supports LACP" in page
