from django.apps import AppConfig


class ApiTokensConfig(AppConfig):
    name = "tickets.apitokens"
    label = "apitokens"
    verbose_name = "API tokens"
