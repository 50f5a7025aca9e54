"""API tokens: shown once, stored as a digest, read-only unless made to write, never more
than the user's role, and dead once expired or revoked."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from netwizard.inventory import services
from netwizard.inventory.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_key_is_shown_once_and_only_its_digest_is_stored():
    user = factories.user("ed", "editor")
    made = services.api_token_create(user=user, description="CI lint")
    row = ApiToken.objects.get()
    assert made.key.startswith("nwt_") and len(made.key) == 44
    assert row.digest == hashlib.sha256(made.key.encode()).hexdigest()
    assert made.key not in {getattr(row, f.attname) for f in ApiToken._meta.concrete_fields}
    assert row.prefix == made.key[:10] and not row.write_enabled and row.expires_at is None
    assert services.api_token_use(key=made.key) == row


def test_a_viewer_cannot_have_a_token_that_writes():
    with pytest.raises(ValidationError, match="val is not an editor"):
        services.api_token_create(user=factories.user("val", "viewer"), write=True)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_the_expiry_is_1_to_3650_days(days):
    with pytest.raises(ValidationError, match="1 to 3650 days"):
        services.api_token_create(user=factories.user("ed", "editor"), expires_days=days)


def test_unknown_expired_revoked_and_inactive_keys_are_refused():
    user = factories.user("ed", "editor")
    expired = services.api_token_create(user=user, expires_days=1)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    revoked = services.api_token_create(user=user)
    services.api_token_revoke(token=revoked.token)
    assert services.api_token_use(key=expired.key) is None
    assert services.api_token_use(key=revoked.key) is None
    assert services.api_token_use(key=revoked.key[:-1] + "x") is None
    assert services.api_token_use(key="Token") is None
    live = services.api_token_create(user=user)
    user.is_active = False
    user.save()
    assert services.api_token_use(key=live.key) is None


def test_use_is_recorded_at_most_once_a_minute():
    made = services.api_token_create(user=factories.user("ed", "editor"))
    first = services.api_token_use(key=made.key).last_used_at
    assert first is not None
    assert services.api_token_use(key=made.key).last_used_at == first
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(minutes=2))
    assert services.api_token_use(key=made.key).last_used_at > first


def test_createapitoken_prints_the_key_alone_on_stdout():
    factories.user("ed", "editor")
    out, err = StringIO(), StringIO()
    call_command("createapitoken", "ed", "--write", "--expires", "30", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = services.api_token_use(key=key)
    assert token.write_enabled and token.user.username == "ed"
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert "read and write" in err.getvalue() and key not in err.getvalue()


def test_createapitoken_refuses_what_the_service_refuses():
    factories.user("val", "viewer")
    with pytest.raises(CommandError, match="val is not an editor"):
        call_command("createapitoken", "val", "--write", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="no active user named 'nobody'"):
        call_command("createapitoken", "nobody", stdout=StringIO(), stderr=StringIO())
