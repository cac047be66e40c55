from django.apps import AppConfig


class AgentToolsConfig(AppConfig):
    """Agents' working tools on top of the ticket core: tags, macros, saved queue views."""

    name = "tickets.agenttools"
    label = "agenttools"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Agent tools"
