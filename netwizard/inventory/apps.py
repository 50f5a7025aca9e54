from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "netwizard.inventory"
    verbose_name = "Inventory"
