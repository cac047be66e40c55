from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "tickets.sla"
    label = "sla"
    verbose_name = "Service levels"

    def ready(self) -> None:
        from . import policies

        policies.connect_signals()
