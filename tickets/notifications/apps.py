from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tickets.notifications"
    label = "notifications"
    verbose_name = "Mail and notifications"
    default_auto_field = "django.db.models.BigAutoField"
