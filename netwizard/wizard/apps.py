from django.apps import AppConfig


class WizardConfig(AppConfig):
    name = "netwizard.wizard"
    verbose_name = "Wizard"
