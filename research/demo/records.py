"""Demo events, bulletin issues and fieldwork, linked to the demo outputs they hold."""

import datetime

from django.core.files.base import ContentFile

from research.core.choices import EventLevel, OutputKind
from research.core.people import Person
from research.outputs.models.outputs import Output
from research.outputs.models.records import BulletinIssue, Fieldwork, ScientificEvent
from research.standard.models import Indicator

from . import content
from .common import pdf_bytes


class RecordDemo:
    def load_records(self):
        self.load_events()
        self.load_bulletin()
        self.load_fieldwork()
        self.load_employment()
        self.load_example_thresholds()

    def load_example_thresholds(self):
        """Example thresholds, marked as such: the school enters its own from the regulation."""
        for code, (level1, level2) in content.EXAMPLE_THRESHOLDS.items():
            Indicator.objects.filter(code=code).update(
                threshold_level1=level1, threshold_level2=level2, thresholds_are_examples=True
            )

    def load_events(self):
        for n, title in enumerate(content.EVENTS):
            held_on = datetime.date(self.first_year + 1 + 2 * n, 10, 15)
            if held_on > self.today:
                continue
            event, _ = ScientificEvent.objects.update_or_create(
                title=title,
                defaults={
                    "level": EventLevel.PROVINCIAL if "cấp tỉnh" in title else EventLevel.SCHOOL,
                    "held_on": held_on,
                    "unit": self.units["P.QLĐT&NCKH"],
                    "co_organisers": "Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị"
                    if n % 2 == 0
                    else "",
                    "paper_count": 5,
                },
            )
            if not event.proceedings:
                event.proceedings.save("ky-yeu.pdf", ContentFile(pdf_bytes(title)))
            Output.objects.filter(title=title, kind=OutputKind.EVENT).update(event=event)
            Output.objects.filter(
                kind=OutputKind.PROCEEDINGS_PAPER, venue=f"Kỷ yếu {title}"
            ).update(event=event)

    def load_bulletin(self):
        for year in range(self.first_year, self.today.year + 1):
            for number in (1, 2, 3):
                published_on = datetime.date(year, 4 * number, 15)
                if published_on > self.today:
                    continue
                issue, _ = BulletinIssue.objects.update_or_create(
                    year=year, number=number, defaults={"published_on": published_on}
                )
                if not issue.pdf:
                    issue.pdf.save(
                        "ban-tin.pdf",
                        ContentFile(pdf_bytes(f"{content.BULLETIN} {number}/{year}")),
                    )
                Output.objects.filter(
                    kind=OutputKind.BULLETIN_ARTICLE,
                    venue=content.BULLETIN,
                    issue=f"{number}/{year}",
                ).update(bulletin_issue=issue)

    def load_fieldwork(self):
        for year in range(self.first_year + 3, self.today.year + 1):
            for k, place in enumerate(content.FIELDWORK_PLACES):
                started_on = datetime.date(year, 5 + 3 * k, 10)
                if started_on > self.today:
                    continue
                trip, _ = Fieldwork.objects.update_or_create(
                    place=place,
                    started_on=started_on,
                    defaults={"ended_on": started_on + datetime.timedelta(days=4)},
                )
                trip.lecturers.set(self.lecturers[(year + k * 5) % 17 : (year + k * 5) % 17 + 3])

    def load_employment(self):
        """Joining years spread over two decades; one lecturer left two years ago."""
        for n, person in enumerate(self.lecturers):
            Person.objects.filter(pk=person.pk).update(
                joined_on=datetime.date(self.first_year - 15 + n, 9, 1),
                left_on=datetime.date(self.today.year - 2, 6, 30) if n == 17 else None,
            )
