from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "netwizard.inventory"
    verbose_name = "Inventory"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
