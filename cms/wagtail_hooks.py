from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def ascii_slugs():
    """The page editor shows the ASCII slug the page will get (cms.slugs does the same)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-slug.js"))
