from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "gongkai.web.library"
    label = "library"
    verbose_name = "年报库"
