"""Codes of proposals and topics: “<prefix>-<year>-<number>”. The prefixes are the school's data;
the numbers come from a counter row locked inside the creating transaction, so that parallel
creations never collide on either database."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from research.core.choices import TopicLevel

PROPOSAL = "proposal"
SCOPES = [(PROPOSAL, _("Proposals")), *TopicLevel.choices]
# Seeded by a migration (from the codes a school already has, where it has some) and edited in
# the admin; used as they are only when a row is missing.
DEFAULT_PREFIXES = {
    PROPOSAL: "DX",
    TopicLevel.NATIONAL: "QG",
    TopicLevel.MINISTERIAL: "B",
    TopicLevel.PROVINCIAL: "T",
    TopicLevel.SCHOOL: "CS",
    TopicLevel.FACULTY: "K",
    TopicLevel.INITIATIVE: "SK",
}
NUMBER = re.compile(r"-(\d{4})-(\d+)$")


class CodePrefix(models.Model):
    """The prefix of the codes of proposals, or of the topics of one level (QT-2026-03 is a
    provincial topic of Quảng Trị)."""

    scope = models.CharField(_("codes of"), max_length=20, choices=SCOPES, unique=True)
    prefix = models.CharField(
        _("prefix"),
        max_length=10,
        help_text=_("Letters and digits, e.g. “CS” for school-level topics."),
    )

    class Meta:
        ordering = ["scope"]
        verbose_name = _("code prefix")
        verbose_name_plural = _("code prefixes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(prefix__regex=r"^[A-Za-z0-9Đđ.]+$"),
                name="research_codeprefix_letters_and_digits",
                violation_error_message=_("A prefix is letters and digits only."),
            )
        ]

    def __str__(self):
        return f"{self.get_scope_display()}: {self.prefix}"

    @classmethod
    def of(cls, scope):
        prefix = cls.objects.filter(scope=scope).values_list("prefix", flat=True).first()
        return prefix or DEFAULT_PREFIXES[scope]


class CodeCounter(models.Model):
    """The last number given in one series (say, the topics of 2026, whatever their level)."""

    series = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("code counter")
        verbose_name_plural = _("code counters")

    def __str__(self):
        return f"{self.series}: {self.last}"


def highest_number(codes, year):
    """The highest number among existing codes of `year` (those made before the counter)."""
    numbers = [
        int(match.group(2))
        for code in codes
        if (match := NUMBER.search(code)) and int(match.group(1)) == year
    ]
    return max(numbers, default=0)


def next_code(model, series, prefix, year, width):
    """A fresh code of `model` in `series`; call inside the transaction that saves the record.

    The counter row is created once (seeded from the codes already there), then locked and
    advanced; a code typed by hand that is already taken is skipped.
    """
    if not CodeCounter.objects.filter(series=series).exists():
        existing = model.objects.filter(code__contains=f"-{year}-").values_list("code", flat=True)
        CodeCounter.objects.bulk_create(
            [CodeCounter(series=series, last=highest_number(existing, year))],
            ignore_conflicts=True,
        )
    counter = CodeCounter.objects.select_for_update().get(series=series)
    while True:
        counter.last += 1
        code = f"{prefix}-{year}-{counter.last:0{width}d}"
        if not model.objects.filter(code=code).exists():
            break
    counter.save(update_fields=["last"])
    return code
