"""The other school of the harvest tests: run inside a second instance of the portal (its own
database, `manage.py shell -c`), never in the test process. Prints what the test needs as JSON."""

import json

from django.conf import settings

from cms.models import OutputPage
from cms.opendata.records import identifier
from tests.cms.opendata_data import build_repository


def build():
    data = build_repository(outputs=3)
    print(
        json.dumps(
            {
                "topic": identifier("topic", data["topic"].pk),
                "outputs": [identifier("output", page.output_id) for page in data["output_pages"]],
            }
        )
    )


def edit_topic(title):
    from research.models import Topic

    topic = Topic.objects.get(code="QT-2024-03")
    topic.title = title
    topic.save()


def unpublish_output(number):
    page = OutputPage.objects.get(slug=f"sp-{number}", locale__language_code=settings.LANGUAGE_CODE)
    page.unpublish()
    print(json.dumps({"deleted": identifier("output", page.output_id)}))
