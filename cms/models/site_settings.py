"""The school's identity and the site's choices, edited in the admin's settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField

from cms import identity
from research.models import (
    Bilingual,
)


class AutoPublish(models.TextChoices):
    OFF = "off", _("Not created")
    DRAFT = "draft", _("Created as a draft for the editors")
    LIVE = "live", _("Created and published")


@register_setting(icon="site")
class SiteSettings(Bilingual, BaseGenericSetting):
    """The school's identity on every public page, in e-mails and printed documents: editors
    set it, nothing in the code names the school."""

    school_name = models.CharField(_("school name"), max_length=200, blank=True)
    school_name_en = models.CharField(_("school name in English"), max_length=200, blank=True)
    governing_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("Shown above the school's name, e.g. the provincial Party Committee."),
    )
    governing_body_en = models.CharField(_("governing body in English"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square emblem reads best; it is also the site's icon."),
    )
    brand_colour = models.CharField(
        _("main colour"),
        max_length=7,
        default=identity.DEFAULT_BRAND,
        validators=[identity.validate_colour],
        help_text=_("The header, buttons and links, as #rrggbb; white text must read on it."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=identity.DEFAULT_ACCENT,
        validators=[identity.validate_colour],
        help_text=_("Highlights such as the charts and the active menu item, as #rrggbb."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    footer = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])
    publish_automatically = models.CharField(
        _("public pages of new records"),
        max_length=10,
        choices=AutoPublish.choices,
        default=AutoPublish.DRAFT,
        help_text=_(
            "When a topic is accepted or an output, a bulletin issue or an event becomes public, "
            "its page is created as a draft for the editors, published at once, or not at all."
        ),
    )

    class Meta:
        verbose_name = _("site settings")

    def clean(self):
        super().clean()
        identity.check_readable(self, "brand_colour")

    def colours_version(self):
        """Changes whenever a colour does, so the theme's address does too."""
        return identity.version(self.brand_colour, self.accent_colour)
