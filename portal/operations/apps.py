from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Production plumbing, apart from the domain: no models, only middleware, health checks,
    commands (backup, restore, check_health) and the admin's Locked logins screen."""

    name = "portal.operations"
    label = "operations"
