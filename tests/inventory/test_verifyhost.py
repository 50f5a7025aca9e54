"""`verifyhost NAME FACTS.json` and the stored verification (issue 19), on the seed's "bond as
bridge port" host: LACP not negotiated fails (exit 1) naming LACP, negotiated passes (exit 0)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from netwizard.inventory import services
from netwizard.inventory.models import HostChange, HostVerification
from netwizard.network.interfaces_file import parse
from tests.network.test_verify_compare import NO_PARTNER, SEED, bonding_text, document

pytestmark = pytest.mark.django_db


@pytest.fixture
def pve1():
    return services.host_import_interfaces(name="pve1", network=parse(SEED), text=SEED)


def verifyhost(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("verifyhost", *args, stdout=out)
    except SystemExit as exit:
        return int(exit.code), out.getvalue()
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def test_lacp_not_negotiated_fails_and_negotiated_passes(pve1, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(document(bonding={"bond0": bonding_text(partner=NO_PARTNER, aggregators={"eno2": 2})}))
    code, out = verifyhost("pve1", str(facts))
    assert code == 1
    assert "FAIL bonds      bond0: LACP did not negotiate on bond0: the switch ports are not in an LACP" in out
    assert "the switch-side checklist lists the steps" in out
    facts.write_text(document())
    code, out = verifyhost("pve1", str(facts))
    assert code == 0 and out.rstrip().endswith("checks: all pass.")
    stored = list(HostVerification.objects.filter(host=pve1).order_by("at", "pk"))
    assert [v.ok for v in stored] == [False, True]
    lacp = next(c for c in stored[0].checks if c["label"] == "LACP")
    assert (lacp["ok"], lacp["checklist"]) == (False, "bond0")
    assert HostChange.objects.filter(host=pve1, action=HostChange.VERIFY).count() == 2


def test_unreadable_input_is_exit_2_and_stores_nothing(pve1, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text("{not json")
    code, message = verifyhost("pve1", str(facts))
    assert code == 2 and "is not JSON" in message
    assert verifyhost("pve9", str(facts))[0] == 2
    assert verifyhost("pve1", str(tmp_path / "missing.json"))[0] == 2
    assert not HostVerification.objects.exists()
