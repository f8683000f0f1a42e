"""Write the archive dossier ZIP of every topic that started in a year, with a progress bar."""

from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from research.reports.dossier.builder import dossier_zip, zip_name
from research.topics.models.topics import Topic


class Command(BaseCommand):
    help = "Write one archive dossier ZIP per topic started in YEAR into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--to", default=".", help="Folder for the ZIP files (created).")

    def handle(self, *args, year, to, **options):
        folder = Path(to)
        folder.mkdir(parents=True, exist_ok=True)
        topics = Topic.objects.filter(planned_start__year=year).order_by("code")
        for topic in tqdm(topics, total=topics.count(), unit="đề tài", file=self.stderr._out):
            path = folder / zip_name(topic)
            with path.open("wb") as handle:
                for chunk in dossier_zip(topic):
                    handle.write(chunk)
        self.stdout.write(f"{topics.count()} → {folder}")
