"""The one place search/ plugs into the Wagtail admin: the other schools' repositories."""

from wagtail import hooks

from search.harvest.admin import OtherSchoolsViewSetGroup


@hooks.register("register_admin_viewset")
def register_other_schools():
    return OtherSchoolsViewSetGroup()
