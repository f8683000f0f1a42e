"""Shared by the data migrations (the loader skips modules that start with an underscore)."""

from django.contrib.auth.management import create_permissions

from research.core.permissions import Roles


def grant_to_office(apps, model_names):
    """Create the permissions of every app so far, then give the office those of `model_names`."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name=Roles.RESEARCH_OFFICE).permissions.add(
        *Permission.objects.filter(content_type__app_label="research", content_type__model__in=model_names)
    )
