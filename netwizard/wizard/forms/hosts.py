"""Step 1: the host itself, and importing a file it already runs."""

from __future__ import annotations

import secrets

from django import forms
from django.core.exceptions import ValidationError

from netwizard.inventory import constants
from netwizard.inventory.models import Host, validate_cluster_name, validate_hostname, validate_text_line_safe
from netwizard.inventory.services import LAYOUT_BOND_BRIDGE, LAYOUT_BOND_STORAGE
from netwizard.network.interfaces_file import ParseError, parse

from .base import LengthCheckedField, MultilineLengthCheckedField, WizardForm

MAX_FILE_BYTES = constants.MAX_FILE_BYTES  # the form keeps at most one byte more (uploads.py)
RESERVED_NAMES = {"new"}  # /hosts/new/ is the page that creates hosts

START_EMPTY = "empty"
START_IMPORT = "import"
START_CHOICES = [
    (START_EMPTY, "Empty: I will add the NICs, bonds and bridges"),
    (LAYOUT_BOND_STORAGE, "Storage bond: a bond with its own address, vmbr0 on a separate NIC (3 NICs)"),
    (LAYOUT_BOND_BRIDGE, "Bridged bond: the bond as the port of vmbr0 (2 NICs)"),
    (START_IMPORT, "Import the file the host runs"),
]
NO_FILE = "Paste the file or choose it to upload."
BOTH_FILES = "Either paste the file or upload it, not both."
NOT_UTF8 = "The file is not UTF-8 text."
TOO_BIG = (
    f"The file is larger than {MAX_FILE_BYTES // 1024} KiB, the most "
    "netwizard imports; an interfaces file is a few KiB."
)
NAME_TAKEN = "A host named {name} already exists."
NAME_RESERVED = "'{name}' is reserved by netwizard; choose another host name."


class HostFieldsMixin:
    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if name in RESERVED_NAMES:
            raise ValidationError(NAME_RESERVED.format(name=name))
        current = getattr(self.host, "pk", None)
        if Host.objects.filter(name=name).exclude(pk=current).exists():
            raise ValidationError(NAME_TAKEN.format(name=name))
        return name


def _host_fields() -> dict[str, forms.Field]:
    return {
        "name": LengthCheckedField(
            label="Host name",
            max_length=63,
            validators=[validate_hostname],
            help_text="The node's hostname as Proxmox shows it, e.g. pve1.",
            widget=forms.TextInput(attrs={"class": "font-monospace", "autocomplete": "off", "spellcheck": "false"}),
        ),
        "cluster": LengthCheckedField(
            label="Cluster",
            max_length=63,
            required=False,
            validators=[validate_cluster_name],
            help_text="Optional. Hosts with the same cluster name are checked together.",
            widget=forms.TextInput(attrs={"class": "font-monospace", "autocomplete": "off", "spellcheck": "false"}),
        ),
        "description": MultilineLengthCheckedField(
            label="Description",
            required=False,
            max_length=500,
            validators=[validate_text_line_safe],
            widget=forms.Textarea(attrs={"rows": 2}),
        ),
    }


class FileFieldsMixin:
    """The interfaces file, pasted or uploaded; `clean_file_text` returns its text and network."""

    def add_file_fields(self) -> None:
        self.fields["text"] = LengthCheckedField(
            label="Paste the file",
            required=False,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 10, "class": "font-monospace", "spellcheck": "false"}),
            help_text="The contents of /etc/network/interfaces on the host.",
        )
        self.fields["upload"] = forms.FileField(label="or upload it", required=False)

    def clean_file_text(self, cleaned: dict, *, required: bool) -> None:
        text = cleaned.get("text") or ""
        upload = cleaned.get("upload")
        if upload is not None:
            if text.strip():
                self.add_error("upload", BOTH_FILES)
                return
            if upload.size > MAX_FILE_BYTES:
                self.add_error("upload", TOO_BIG)
                return
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("upload", NOT_UTF8)
                return
        if not text.strip():
            if required:
                self.add_error("text", NO_FILE)
            return
        if len(text.encode()) > MAX_FILE_BYTES:
            self.add_error("text", TOO_BIG)
            return
        try:
            cleaned["network"] = parse(text)
        except ParseError as error:
            self.add_error("upload" if upload is not None else "text", str(error))
            return
        cleaned["file_text"] = text


# What an import keeps, as the import forms promise it. Each clause is checked against a real
# import and download (tests/wizard/test_wizard_host_step.py).
IMPORT_PROMISE = (
    "Options netwizard does not manage and source lines are written back with their values unchanged, and comments "
    "inside a stanza are kept (below its options, where Proxmox puts them). Comments outside the stanzas are "
    "dropped, as Proxmox drops them. The review lists every line the download changes."
)


class HostCreateForm(HostFieldsMixin, FileFieldsMixin, forms.Form):
    """A new host: its name, and what to start from."""

    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, switches=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission", secrets.token_urlsafe(12))
        super().__init__(*args, **kwargs)
        self.host = None
        self.fields.update(_host_fields())
        self.fields["start"] = forms.ChoiceField(
            label="Start from",
            choices=START_CHOICES,
            initial=START_EMPTY,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        )
        self.fields["switch"] = forms.ChoiceField(
            label="Switch the NICs are cabled to",
            required=False,
            choices=[("", "Not known yet"), *((str(s.pk), s.name) for s in switches)],
            help_text=(
                "For the two layouts: the bond uses LACP (802.3ad) only when the switch chosen here supports LACP; "
                "otherwise, and with no switch chosen, active-backup, as the bond step recommends."
            ),
        )
        self.switches = {str(s.pk): s for s in switches}
        self.add_file_fields()

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start")
        if start == START_IMPORT:
            self.clean_file_text(cleaned, required=True)
        cleaned["switch_obj"] = self.switches.get(cleaned.get("switch") or "")
        return cleaned


class HostEditForm(HostFieldsMixin, WizardForm):
    def __init__(self, *args, host, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for field in ("name", "cluster", "description"):
            initial.setdefault(field, getattr(host, field))
        super().__init__(*args, host=host, **kwargs)
        self.fields.update(_host_fields())
        self.order_fields(["name", "cluster", "description"])


class HostImportForm(FileFieldsMixin, WizardForm):
    """Replace an existing host's interfaces with the file it runs."""

    def __init__(self, *args, host, **kwargs):
        super().__init__(*args, host=host, **kwargs)
        self.add_file_fields()
        self.fields["replace"] = forms.BooleanField(
            label=f"Replace the interfaces of {host.name} with this file",
            help_text="Cabling, speeds and roles recorded for NICs that keep their name are kept.",
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_file_text(cleaned, required=True)
        return cleaned
