"""API tokens: made, used and revoked only here.

A key is `nwt_` and 40 random URL-safe characters; only its SHA-256 digest is stored, so a
stolen database gives no working key. The digest of a key that random needs no salt or
slow hash: nothing can be guessed from it.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import roles
from ..models import ApiToken

KEY_PREFIX = "nwt_"
# How long a token may live at most; 0 days is refused, nothing is "expired at birth".
MAX_EXPIRY_DAYS = 3650
# Don't write last_used_at on every request: once a minute is precise enough to audit.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)

WRITE_NEEDS_EDITOR = "{user} is not an editor, so a token of theirs cannot write."
EXPIRY_RANGE = f"A token expires after 1 to {MAX_EXPIRY_DAYS} days, or never."
DESCRIPTION_TOO_LONG = "Describe the token in at most 100 characters."


@dataclass(frozen=True)
class MadeToken:
    token: ApiToken
    key: str  # shown once; never stored


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(
    *, user: AbstractBaseUser, write: bool = False, expires_days: int | None = None, description: str = ""
) -> MadeToken:
    """A new token for `user`; its key is in the result and nowhere else."""
    if write and not roles.user_can_edit(user):
        raise ValidationError(WRITE_NEEDS_EDITOR.format(user=user.get_username()), code="role")
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ValidationError(EXPIRY_RANGE, code="expiry")
    description = description.strip()
    if len(description) > 100 or any(not ch.isprintable() for ch in description):
        raise ValidationError(DESCRIPTION_TOO_LONG, code="description")
    now = timezone.now()
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user,
        description=description,
        prefix=key[:10],
        digest=key_digest(key),
        write_enabled=write,
        created_at=now,
        expires_at=now + datetime.timedelta(days=expires_days) if expires_days else None,
    )
    return MadeToken(token=token, key=key)


def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke for good; the row stays, so the tokens page shows when and which."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_use(*, key: str) -> ApiToken | None:
    """The live token with this key, its last use recorded; None for an unknown, expired or
    revoked key (the caller answers 401 without saying which)."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=key_digest(key)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
