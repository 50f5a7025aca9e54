"""The two roles, as Django groups: viewers look, editors also change."""

VIEWER = "viewer"
EDITOR = "editor"

# Codenames per role; every model of the inventory app, its proxies included.
MODELS = ["host", "interface", "switch", "nic", "bond", "bridge", "vlan"]
ROLE_PERMISSIONS = {
    VIEWER: [f"view_{model}" for model in MODELS],
    EDITOR: [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")],
}


def roles_ensure(group_model, permission_model) -> None:
    """Create or repair both groups. Takes the model classes so the data migration can
    pass its historical models; at run time pass `Group` and `Permission`."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set(
            permission_model.objects.filter(content_type__app_label="inventory", codename__in=codenames)
        )


# The model permissions that make a user a viewer or an editor where rights are checked:
# the wizard's views (netwizard.wizard.access), the API and the API tokens.
VIEW_PERMISSIONS = ("inventory.view_host",)
EDIT_PERMISSIONS = (
    *VIEW_PERMISSIONS,
    "inventory.change_host",
    "inventory.add_interface",
    "inventory.change_interface",
    "inventory.delete_interface",
)


def user_can_view(user) -> bool:
    return bool(user.is_active and user.has_perms(VIEW_PERMISSIONS))


def user_can_edit(user) -> bool:
    return bool(user.is_active and user.has_perms(EDIT_PERMISSIONS))
