"""Checking what a node runs against its plan (issue 19): a facts document collected after the
apply, compared with the file netwizard serves, stored with every check and its evidence."""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction

from netwizard.network.interfaces_file import UnsafeValueError, render
from netwizard.network.verify.compare import Verification, VerifyError, verify

from .. import audit, selectors
from ..models import Host, HostChange, HostVerification, file_sha256

NO_PLAN = "{host} has no file netwizard can write ({problem}), so there is nothing to check the node against."


def host_verify(*, host: Host, data: bytes | str) -> tuple[HostVerification, Verification]:
    """Compare the node's facts document with the host's file; ValidationError (code "facts")
    when the document cannot be read, and then nothing is stored."""
    review = selectors.host_review(host=host)
    planned = review.written or review.network
    try:
        text = render(planned)
    except UnsafeValueError as error:
        raise ValidationError(NO_PLAN.format(host=host.name, problem=error), code="no_plan") from error
    try:
        result = verify(planned, data)
    except VerifyError as error:
        raise ValidationError(str(error), code="facts") from error
    user = audit.current_user()
    with transaction.atomic():
        stored = HostVerification.objects.create(
            host=host,
            user=user,
            username=user.get_username() if user is not None else "",
            ok=result.ok,
            summary=result.summary()[:500],
            checks=[dataclasses.asdict(check) for check in result.checks],
            plan_sha256=file_sha256(text),
        )
        audit.host_change_record(host=host, action=HostChange.VERIFY, summary=f"Verified: {result.summary()}"[:500])
    return stored, result
