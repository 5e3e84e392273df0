from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.web.supervision"
    label = "supervision"
    verbose_name = "监督检查与考核"
    default_auto_field = "django.db.models.BigAutoField"
