from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mufakat.api"
    verbose_name = "API"
