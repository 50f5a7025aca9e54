"""Issue 13, item 3: downloads that filled the disk. Every download stored a full copy of
the file (1,318 requests added 350 MiB); now each distinct file is stored once and a
download is a small row pointing to it, and each user may download only so many files a
minute."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.db.models.functions import Length
from django.test import Client
from django.utils import timezone

from netwizard.inventory.models import HostChange, StoredFile
from tests import factories
from tests.wizard.helpers import text

pytestmark = pytest.mark.django_db

URL = "/hosts/pve1/interfaces"


def stored_bytes() -> int:
    """The text the history keeps, in characters: every row's text columns and every stored file."""
    columns = Length("host_name") + Length("username") + Length("summary") + Length("diff") + Length("sha256")
    rows = HostChange.objects.aggregate(n=Sum(columns))
    files = StoredFile.objects.aggregate(n=Sum(Length("text")))
    return (rows["n"] or 0) + (files["n"] or 0)


def test_a_thousand_downloads_of_one_file_store_it_once(viewer, settings):
    settings.NETWIZARD_DOWNLOADS_PER_MINUTE = 1000
    factories.host_with_network("pve1")
    before = stored_bytes()
    responses = [viewer.get(URL) for _ in range(1000)]
    assert {r.status_code for r in responses} == {200}
    served = responses[0].content.decode()
    # One copy of the file, and a thousand rows that only point to it.
    stored = StoredFile.objects.get()
    assert stored.text == served
    downloads = HostChange.objects.filter(action=HostChange.DOWNLOAD)
    assert downloads.count() == 1000
    assert set(downloads.values_list("file_id", "sha256", "username")) == {(stored.pk, stored.sha256, "val")}
    added = stored_bytes() - before
    # The file once plus well under 100 characters a row (a full copy a row would be 1,000 copies).
    assert added < len(served) + 1000 * 100
    assert added < 1024 * 1024 / 8


def test_the_history_still_lists_each_download_with_its_checksum(viewer, settings):
    factories.host_with_network("pve1")
    viewer.get(URL)
    viewer.get(URL)
    stored = StoredFile.objects.get()
    words = text(viewer.get("/hosts/pve1/"))
    history = words[words.index("History") :]
    assert history.count("val downloaded the file") == 2
    assert history.count(f"sha256 {stored.sha256[:16]}") == 2


def test_downloads_past_the_limit_are_refused_until_a_minute_has_passed(viewer, settings):
    settings.NETWIZARD_DOWNLOADS_PER_MINUTE = 3
    factories.host_with_network("pve1")
    assert [viewer.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    refused = viewer.get(URL)
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert refused["Content-Type"] == "text/plain; charset=utf-8" and "Content-Disposition" not in refused
    assert refused.content.decode() == (
        f"Too many downloads: netwizard serves each user at most 3 files a minute. Try again in {wait} seconds."
    )
    # A refused download is not recorded (nor counted).
    assert HostChange.objects.filter(action=HostChange.DOWNLOAD).count() == 3
    # Retry-After counts from the oldest download that still counts against the limit.
    HostChange.objects.filter(action=HostChange.DOWNLOAD).update(at=timezone.now() - timedelta(seconds=50))
    assert 1 <= int(viewer.get(URL)["Retry-After"]) <= 10
    # Once those downloads are a minute old, the user may download again.
    HostChange.objects.filter(action=HostChange.DOWNLOAD).update(at=timezone.now() - timedelta(seconds=61))
    assert viewer.get(URL).status_code == 200


def test_one_users_limit_does_not_hold_back_another(viewer, settings):
    settings.NETWIZARD_DOWNLOADS_PER_MINUTE = 2
    factories.host_with_network("pve1")
    assert [viewer.get(URL).status_code for _ in range(3)] == [200, 200, 429]
    other = Client()
    other.force_login(factories.user("vic", "viewer"))
    assert [other.get(URL).status_code for _ in range(2)] == [200, 200]
