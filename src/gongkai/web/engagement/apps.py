from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "gongkai.web.engagement"
    label = "engagement"
    verbose_name = "互动交流与回应关切"
    default_auto_field = "django.db.models.BigAutoField"
