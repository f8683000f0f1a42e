"""Seed the closing requirements and one template row per document kind; the office manages the
new records, templates, the register and the outbox."""

from django.db import migrations

from research.migrations._permissions import grant_to_office

NEW_MODELS = [
    "closingrecord",
    "closingrequirement",
    "documenttemplate",
    "issueddocument",
    "issuersettings",
    "outgoingemail",
]

# After which outcome a topic needs which records before it is closed (any level).
REQUIREMENTS = {
    "accepted": ["recognition", "settlement", "closeout", "registration"],
    "failed": ["settlement", "closeout"],
    "terminated": ["settlement", "closeout"],
}

# Documents exchanged with state bodies use the state format; the school's own, the Party one.
STATE_FORMAT = {"contract", "registration"}
KINDS = [
    "council_decision",
    "invitation",
    "minutes",
    "selection_decision",
    "contract",
    "acceptance_record",
    "recognition_decision",
    "closeout",
    "registration",
]
RECIPIENTS = {
    "council_decision": "Như Điều 3;\nBan Giám hiệu;",
    "invitation": "Như trên;",
    "minutes": "",
    "selection_decision": "Như Điều 3;\nBan Giám hiệu;",
    "contract": "",
    "acceptance_record": "",
    "recognition_decision": "Như Điều 3;\nBan Giám hiệu;",
    "closeout": "",
    "registration": "Như trên;",
}


def forwards(apps, schema_editor):
    Requirement = apps.get_model("research", "ClosingRequirement")
    for outcome, kinds in REQUIREMENTS.items():
        for kind in kinds:
            Requirement.objects.get_or_create(level="", outcome=outcome, kind=kind)
    Template = apps.get_model("research", "DocumentTemplate")
    for kind in KINDS:
        Template.objects.get_or_create(
            kind=kind,
            defaults={
                "format": "state" if kind in STATE_FORMAT else "party",
                "recipients": RECIPIENTS[kind],
            },
        )
    grant_to_office(apps, NEW_MODELS)


class Migration(migrations.Migration):
    dependencies = [("research", "0041_council_meetings_closing_records_documents")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
