from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "netwizard.api"
    label = "api"
    verbose_name = "HTTP API"
