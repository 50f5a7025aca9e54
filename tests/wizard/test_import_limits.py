"""The web import refuses what is too large with a message, never a bare error page, and a
huge upload is not kept whole (issue 13, item 2)."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from netwizard.inventory import constants
from netwizard.inventory.models import Host
from tests.wizard.helpers import field_errors, text

pytestmark = pytest.mark.django_db

TOO_BIG = "The file is larger than 256 KiB, the most netwizard imports; an interfaces file is a few KiB."


def import_new_host(client, **data):
    fields = {"name": "pve9", "cluster": "", "description": "", "start": "import", "switch": "", "text": ""}
    return client.post("/hosts/new/", {**fields, **data})


def test_an_upload_over_the_limit_is_refused_and_never_kept_whole(editor):
    upload = SimpleUploadedFile("interfaces", b"# padding\n" * 400_000)  # 4 MB
    response = import_new_host(editor, upload=upload)
    assert response.status_code == 200
    assert field_errors(response, "upload") == [TOO_BIG]
    # What the request kept of the file: one byte more than the limit, the rest was dropped as it came.
    assert response.wsgi_request.FILES["upload"].size == constants.MAX_FILE_BYTES + 1
    assert not Host.objects.exists()


def test_a_paste_over_the_limit_is_refused_on_the_form(editor):
    response = import_new_host(editor, text="auto lo\niface lo inet loopback\n" + "#" * constants.MAX_FILE_BYTES)
    assert field_errors(response, "text") == [TOO_BIG]
    assert not Host.objects.exists()


def test_a_paste_too_large_for_django_to_read_gets_a_page_that_says_so(editor):
    response = import_new_host(editor, text="#" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert response.status_code == 413
    page = text(response)
    assert "The form sent more than netwizard reads, so nothing was saved." in page
    assert "An interfaces file can be at most 256 KiB" in page
    assert not Host.objects.exists()


def test_from_htmx_the_refusal_is_an_alert_in_the_messages_region(editor):
    fields = {"name": "pve9", "start": "import", "text": "#" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    response = editor.post("/hosts/new/", fields, headers={"HX-Request": "true"})
    assert response.status_code == 413
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#messages", "innerHTML show:top")
    assert text(response).startswith("The form sent more than netwizard reads, so nothing was saved.")
    assert "<html" not in response.content.decode()


def test_a_file_over_the_interface_limit_is_refused_on_the_form(editor, monkeypatch):
    monkeypatch.setattr(constants, "MAX_INTERFACES_PER_HOST", 2)
    file = "auto lo\niface lo inet loopback\n\niface eno1 inet manual\n\niface eno2 inet manual\n"
    response = import_new_host(editor, text=file)
    assert response.status_code == 200
    assert (
        "The file defines 3 interfaces; netwizard keeps at most 2 per host (a Proxmox node has a few dozen)."
        in text(response)
    )
    assert not Host.objects.exists()
