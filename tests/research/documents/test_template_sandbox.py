"""Office templates cannot run code (issue 19, item 1): a template is checked and filled in a
sandbox that gives it the documented fields and nothing else.

Each payload below is a known way out of an ordinary Jinja environment. Before the sandbox, the
first one passed the upload check and, when the contract was issued, wrote the server's working
directory into the document."""

import io
import os
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from research.core.actions import ActionRefused
from research.documents.actions import render_document
from research.documents.builtin import builtin_template
from research.documents.render import TemplateBroken, check_template, fill
from research.models import DocumentKind, DocumentTemplate, LegalBasis
from tests.factories import OfficeStaffFactory
from tests.factories.lifecycle import accepted_topic, set_issuer

# The attack in the issue: from a text field to `os.getcwd()` through object.__subclasses__().
ISSUE_PAYLOAD = (
    "{% for c in kind.__class__.__mro__[1].__subclasses__() %}"
    "{% if c.__name__ == '_wrap_close' %}{{ c.__init__.__globals__['getcwd']() }}{% endif %}"
    "{% endfor %}"
)
# (payload, what the refusal names)
PAYLOADS = [
    (ISSUE_PAYLOAD, "__class__"),
    ("{{ kind.__class__ }}", "kind.__class__"),
    ("{{ kind.__class__.__mro__ }}", "__class__"),
    ("{{ kind['__class__'] }}", "__class__"),
    ("{{ subject.title.__class__.__base__.__subclasses__() }}", "__class__"),
    ("{{ kind.__init__.__globals__ }}", "__init__"),
    ("{{ kind.__doc__ }}", "__doc__"),
    ("{{ kind|attr('__class__') }}", "attr"),
    ("{{ kind|attr('upper') }}", "attr"),
    ("{{ (kind|attr('__class__')).__mro__ }}", "attr"),
    ("{{ topics|map(attribute='__class__')|list }}", "__class__"),
    ("{{ topics|selectattr('__class__')|list }}", "__class__"),
    ("{{ '%s %s'|format(kind, subject) }}", "format"),
    ("{{ '{0.__class__}'.format(kind) }}", "format"),
    ("{{ kind.upper() }}", "kind.upper()"),
    ("{{ subject.items() }}", "subject.items()"),
    ("{{ self }}", "self"),
    ("{{ self.__init__.__globals__ }}", "self"),
    ("{{ self._TemplateReference__context }}", "self"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "cycler"),
    ("{{ cycler('a', 'b') }}", "cycler"),
    ("{{ joiner.__init__.__globals__ }}", "joiner"),
    ("{{ namespace.__init__.__globals__ }}", "namespace"),
    ("{% set ns = namespace(x=1) %}{{ ns }}", "namespace"),
    ("{{ lipsum.__globals__['os'].popen('id').read() }}", "lipsum"),
    ("{{ lipsum(100000) }}", "lipsum"),
    ("{{ range.__class__ }}", "range"),
    ("{% for i in range(999999999) %}x{% endfor %}", "range"),
    ("{{ dict(a=1) }}", "dict"),
    ("{{ config.items() }}", "config"),
    ("{{ config.SECRET_KEY }}", "config"),
    ("{{ request.environ }}", "request"),
    ("{{ request.application.__globals__ }}", "request"),
    ("{{ settings.SECRET_KEY }}", "settings"),
    ("{{ os.environ }}", "os"),
    ("{% set x = kind.__class__ %}{{ x }}", "__class__"),
    ("{% for c in topics %}{{ c.__class__ }}{% endfor %}", "__class__"),
    ("{% for c in topics %}{{ loop.cycle('a', 'b') }}{% endfor %}", "loop.cycle()"),
    ("{{ 'a' * 1000000000 }}", "10000"),
    ("{{ 2 ** 1000000 }}", "**"),
    ("{% include 'x.html' %}", "include"),
    ("{% import 'x.html' as x %}", "import"),
    ("{% from 'x.html' import y %}", "import"),
    ("{% extends 'x.html' %}", "extends"),
    ("{% macro m() %}x{% endmacro %}", "macro"),
    ("{% autoescape false %}{{ subject.title }}{% endautoescape %}", "autoescape"),
    ("{{ subject.title|safe }}", "safe"),
    ("{{ subject|tojson }}", "tojson"),
    ("{{ subject|pprint }}", "pprint"),
    ("{{ kind|center(1000000000) }}", "center"),
]


def with_tag(docx, payload, part="word/document.xml", old=b"{{ subject.code }}", wrap=b"%s"):
    """The .docx with `payload` where the office would type it in Word (escaped as Word stores it)."""
    source, target = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                assert old in data, part
                data = data.replace(old, wrap % escape(payload).encode(), 1)
            out.writestr(item, data)
    return target.getvalue()


class TemplateSandboxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        set_issuer()
        cls.office = OfficeStaffFactory()
        cls.topic = accepted_topic(office=cls.office, legal_basis=LegalBasis.REGIME_2025)
        cls.template = DocumentTemplate.objects.get(kind=DocumentKind.CONTRACT)
        cls.builtin = builtin_template(cls.template.kind, cls.template.format)

    def test_the_upload_check_refuses_every_known_escape_and_names_it(self):
        for payload, named in PAYLOADS:
            with self.subTest(payload=payload):
                with self.assertRaises(TemplateBroken) as refused:
                    check_template(with_tag(self.builtin, payload))
                self.assertIn(named, str(refused.exception))

    def test_a_payload_in_the_document_properties_is_refused_too(self):
        # docxtpl also fills the document's title; the old field list never looked there.
        docx = with_tag(
            self.builtin,
            ISSUE_PAYLOAD,
            part="docProps/core.xml",
            old=b"<dc:title/>",
            wrap=b"<dc:title>%s</dc:title>",
        )
        with self.assertRaises(TemplateBroken) as refused:
            check_template(docx)
        self.assertIn("__class__", str(refused.exception))

    def test_the_admin_refuses_the_upload_with_the_field_named(self):
        self.client.force_login(self.office)
        response = self.client.post(
            reverse("research_document_template:edit", args=[self.template.pk]),
            {
                "format": self.template.format,
                "custom_file": SimpleUploadedFile(
                    "contract.docx", with_tag(self.builtin, ISSUE_PAYLOAD)
                ),
                "signer_authority": "",
                "signer_title": "",
                "signer_name": "",
                "recipients": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "kind.__class__")
        self.template.refresh_from_db()
        self.assertFalse(self.template.custom_file)

    def test_a_template_saved_before_the_check_is_refused_when_issued_not_run(self):
        # As if uploaded before the sandbox existed: straight into storage, no check.
        self.template.custom_file.save(
            "old.docx", io.BytesIO(with_tag(self.builtin, ISSUE_PAYLOAD)), save=True
        )
        with self.assertRaises(ActionRefused) as refused:
            render_document(DocumentKind.CONTRACT, self.topic)
        self.assertIn("__class__", str(refused.exception))

    def test_no_payload_reaches_python_when_filled_with_real_fields(self):
        # Filling runs the same checks: nothing reaches the working directory or the user id.
        context = {"kind": "contract", "subject": {"code": "X"}, "topics": [{"title": "t"}]}
        for payload, _named in PAYLOADS:
            with self.subTest(payload=payload):
                try:
                    docx = fill(with_tag(self.builtin, payload), context)
                except TemplateBroken:
                    continue
                body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
                self.assertNotIn(os.getcwd(), body)
                self.fail(f"filled: {payload}")

    def test_documented_fields_loops_and_text_filters_still_work(self):
        payload = (
            "{{ subject.code|upper }}/{{ topics|length }}/"
            "{% for t in topics %}{{ loop.index }}.{{ t.title|title }};{% endfor %}/"
            "{{ topics|map(attribute='title')|join(', ') }}/{{ subject['code'] }}/"
            "{{ subject.missing|default('—') }}/{{ 'ab' * 3 }}"
        )
        context = {"subject": {"code": "cs-1"}, "topics": [{"title": "a"}, {"title": "b"}]}
        check_template(with_tag(self.builtin, payload))
        docx = fill(with_tag(self.builtin, payload), context)
        body = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
        self.assertIn("CS-1/2/1.A;2.B;/a, b/cs-1/—/ababab", body)
