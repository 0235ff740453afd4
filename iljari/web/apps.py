from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.web"
    label = "web"
    verbose_name = "화면 / Officer web application"
