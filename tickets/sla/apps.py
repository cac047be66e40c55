from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "tickets.sla"
    label = "sla"
    verbose_name = "Service levels"
