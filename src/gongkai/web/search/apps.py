from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.web.search"
    label = "search"
    verbose_name = "全文检索"
