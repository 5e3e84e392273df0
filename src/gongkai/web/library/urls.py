from django.urls import path

app_name = "library"
urlpatterns: list = []
