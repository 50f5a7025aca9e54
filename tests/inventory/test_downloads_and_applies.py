"""The services behind downloads and "I have applied this file" (issue 13, items 3 and 5)."""

import pytest
from django.core.exceptions import ValidationError

from netwizard.inventory import selectors, services
from netwizard.inventory.audit import acting_as
from netwizard.inventory.models import HostChange, StoredFile, file_sha256
from netwizard.network.interfaces_file import parse, render
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_distinct_file_is_stored_once():
    host = factories.host_with_network("pve1")
    for text in ("auto lo\n", "auto lo\n", "auto eno1\n", "auto lo\n"):
        services.host_download_record(host=host, text=text)
    assert sorted(StoredFile.objects.values_list("text", flat=True)) == ["auto eno1\n", "auto lo\n"]
    rows = HostChange.objects.filter(action=HostChange.DOWNLOAD)
    assert [row.file.text for row in rows] == ["auto lo\n", "auto eno1\n", "auto lo\n", "auto lo\n"]
    assert all(row.sha256 == file_sha256(row.file.text) for row in rows)


def test_the_command_line_has_no_download_limit(settings):
    settings.NETWIZARD_DOWNLOADS_PER_MINUTE = 1
    host = factories.host_with_network("pve1")
    for _ in range(3):
        services.host_download_record(host=host, text="auto lo\n")
    with acting_as(factories.user("val", "viewer")):
        services.host_download_record(host=host, text="auto lo\n")
        with pytest.raises(services.DownloadLimitReached) as refused:
            services.host_download_record(host=host, text="auto lo\n")
    assert refused.value.per_minute == 1 and 1 <= refused.value.retry_after <= 60
    assert HostChange.objects.filter(action=HostChange.DOWNLOAD).count() == 4


def test_only_a_file_given_out_for_the_host_can_be_marked_as_applied():
    host = factories.host_with_network("pve1")
    other = factories.host_with_network("pve2")
    services.host_download_record(host=other, text="auto lo\n")  # downloaded, but for another host
    for sha256 in ("", "0" * 64, file_sha256("auto lo\n")):
        with pytest.raises(ValidationError, match="not a file netwizard gave out for pve1"):
            services.host_mark_applied(host=host, sha256=sha256)
    assert not HostChange.objects.filter(action=HostChange.APPLY).exists()
    assert selectors.host_baseline(host=host) is None


def test_the_served_file_is_stored_when_marked_without_a_download():
    host = factories.host_with_network("pve1")
    served = render(selectors.host_review(host=host).network)
    change = services.host_mark_applied(host=host, sha256=file_sha256(served))
    assert change.action == HostChange.APPLY and change.file.text == served
    baseline = selectors.host_baseline(host=host)
    assert baseline.text == served and baseline.label.startswith("the file marked as applied by the command line on")


def test_a_file_the_download_refuses_cannot_be_marked_as_applied():
    text = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
    host = services.host_import_interfaces(name="pve1", network=parse(text), text=text)
    served = render(selectors.host_review(host=host).network)  # what it would be, were it not refused
    with pytest.raises(ValidationError):
        services.host_mark_applied(host=host, sha256=file_sha256(served))


def test_a_file_whose_root_command_lines_wait_for_approval_cannot_be_marked_as_applied():
    text = "source /etc/network/interfaces.d/*\n\nauto lo\niface lo inet loopback\n"
    host = services.host_import_interfaces(name="pve1", network=parse(text), text=text)
    served = render(selectors.host_review(host=host).network)
    assert "source /etc/network/interfaces.d/*" in served  # withheld until someone approves it
    with pytest.raises(ValidationError):
        services.host_mark_applied(host=host, sha256=file_sha256(served))
