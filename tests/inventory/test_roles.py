import pytest
from django.contrib.auth.models import Group

from netwizard.inventory.roles import EDITOR, ROLE_PERMISSIONS, VIEWER

pytestmark = pytest.mark.django_db


def test_the_migration_creates_both_roles_with_their_permissions():
    for role in (VIEWER, EDITOR):
        group = Group.objects.get(name=role)
        assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(ROLE_PERMISSIONS[role])
    assert not Group.objects.get(name=VIEWER).permissions.exclude(codename__startswith="view_").exists()
