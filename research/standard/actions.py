from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from research.core.actions import ActionRefused, authorise
from research.standard.counting import snapshot_rows
from research.standard.models import Snapshot


class FreezeYear:
    """Freeze a year's indicator values with their evidence; a year is frozen once."""

    def __init__(self, year, *, user, today=None):
        self.year, self.user, self.today = year, user, today or timezone.localdate()

    def execute(self):
        authorise(self.user, "manage_standard")
        try:
            with transaction.atomic():
                snapshot = Snapshot.objects.create(
                    year=self.year, taken_by=self.user, rows=snapshot_rows(self.year, self.today)
                )
                log(instance=snapshot, action="wagtail.create", user=self.user)
        except IntegrityError as error:
            raise ActionRefused(
                _("The year %(year)s is already frozen.") % {"year": self.year}
            ) from error
        return snapshot
