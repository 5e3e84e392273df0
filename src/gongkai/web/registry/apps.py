from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gongkai.web.registry"
    label = "registry"
    verbose_name = "主动公开"
    default_auto_field = "django.db.models.BigAutoField"
