"""The guard every write but the import runs in, and the check for a stale page.

`_rules_guard` wraps a change in one transaction, runs the rules on the hosts it touches
before and after, refuses it when it adds an error finding (or a value the interfaces file
cannot hold), and otherwise bumps the hosts' versions and records the change in their history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from netwizard.network import interfaces_file, pinning, rules
from netwizard.network.model import HostNetwork
from netwizard.network.written import check_written

from .. import audit, selectors
from ..models import Host, HostChange
from .root_commands import _root_commands_note

STALE_HOST_EDIT = "{host} was changed by someone else since you loaded the page (version {expected}, now {actual})."
UNWRITABLE = "Not saved: the interfaces file could not hold this ({problem})."
# The renderer's name for a field -> the model field, so the refusal shows next to it.
UNWRITABLE_FIELDS = {"comment": "comment", "bridge-vids": "bridge_vids", "name": "name", "mtu": "mtu"}


class RulesRefused(ValidationError):
    """The change would add error findings to a host; `findings` says which."""

    def __init__(self, findings: list[rules.Finding]):
        self.findings = findings
        super().__init__([f"{f.interface or 'host'}: {f.message} {f.hint}".strip() for f in findings], code="rules")


@dataclass
class _HostState:
    """A host's network as it was at one moment; its error findings are worked out when first asked for."""

    host: Host
    network: HostNetwork
    context: rules.Context
    _errors: dict[tuple[str, str], rules.Finding] | None = None
    _file: tuple[str, interfaces_file.UnsafeValueError | None] | None = None

    def errors(self) -> dict[tuple[str, str], rules.Finding]:
        # A finding is the same one when its rule and interface are: its wording may change
        # with the values involved.
        if self._errors is None:
            # Judged on the file, as the pages judge it: a value the writer replaces is no error.
            text, problem = self.file()
            _, findings = check_written(self.network, self.context, text=None if problem else text)
            self._errors = {(f.code, f.interface): f for f in findings if f.severity == rules.ERROR}
        return self._errors

    def file(self) -> tuple[str, interfaces_file.UnsafeValueError | None]:
        """The rendered file, or why the renderer refuses it; rendered once per state."""
        if self._file is None:
            try:
                self._file = (interfaces_file.render(self.network), None)
            except interfaces_file.UnsafeValueError as error:
                self._file = ("", error)
        return self._file

    def audit_text(self) -> str:
        text, problem = self.file()
        return audit.unwritable_text(problem) if problem else audit.without_header(text)


def _host_states(host_ids: Iterable[int]) -> dict[int, _HostState]:
    """The hosts' networks in two queries, however many hosts (a switch may be cabled to all of them)."""
    hosts = list(Host.objects.filter(pk__in=list(host_ids)))
    networks = selectors.host_networks(hosts=hosts)
    return {host.pk: _HostState(host, *networks[host.pk]) for host in hosts}


@contextmanager
def _rules_guard(
    host_ids: Iterable[int], *, summary: str = "", renames: Mapping[str, str] | None = None
) -> Iterator[None]:
    """Run a change in a transaction; roll it back if the rules find new errors on these
    hosts, otherwise bump their versions and record the change in their history.

    `renames` (old name -> new) is a rename the change makes: an error it had before under
    the old name is the same error after, not a new one."""
    host_ids = set(host_ids)
    with transaction.atomic():
        before = _host_states(host_ids)
        yield
        after = _host_states(host_ids)

        def known(host_id: int, key: tuple[str, str]) -> bool:
            # The rules run on the state before the change only where the change leaves
            # errors (were they there already?), so most writes run them once, not twice.
            errors = before[host_id].errors() if host_id in before else {}
            return key in errors or any(
                (code, pinning.renamed(name, renames)) == key for code, name in errors if renames
            )

        added = [
            finding
            for host_id, state in after.items()
            for key, finding in state.errors().items()
            if not known(host_id, key)
        ]
        if added:
            raise RulesRefused(added)
        _refuse_unwritable(before, after)
        _hosts_touch(host_ids)
        for host_id, state in after.items():
            old = before.get(host_id)
            _root_commands_note(host=state.host, network=state.network, before=old.network if old else HostNetwork())
            audit.host_change_record(
                host=state.host,
                action=HostChange.EDIT,
                before=old.audit_text() if old else "",
                after=state.audit_text(),
                summary=summary,
            )


def _refuse_unwritable(before: dict[int, _HostState], after: dict[int, _HostState]) -> None:
    """Refuse a change after which the renderer would refuse a host's file: the rules do not
    catch all it refuses (a lone '%' in a comment, say). A host imported with such a value
    keeps it until it is fixed, and its other changes stay possible."""
    for host_id, state in after.items():
        problem = state.file()[1]
        if problem is None or (host_id in before and before[host_id].file()[1] is not None):
            continue
        message = UNWRITABLE.format(problem=problem)
        field = UNWRITABLE_FIELDS.get(problem.field)
        raise ValidationError({field: message} if field else message, code="unwritable")


def _hosts_touch(host_ids: Iterable[int]) -> None:
    Host.objects.filter(pk__in=list(host_ids)).update(version=F("version") + 1)


def _host_check_version(*, host: Host, expected_version: int) -> None:
    actual = Host.objects.filter(pk=host.pk).values_list("version", flat=True).first()
    if actual != expected_version:
        raise ValidationError(
            STALE_HOST_EDIT.format(host=host.name, expected=expected_version, actual=actual), code="stale"
        )


def host_version_check(*, host: Host, expected_version: int) -> None:
    """Refuse (ValidationError, code "stale") a form rendered with an older version of the
    host, before anything is written: the admin validates its whole page this way first."""
    _host_check_version(host=host, expected_version=expected_version)


class _DryRun(Exception):
    """Raised inside a transaction to roll back a write that was only a trial."""
