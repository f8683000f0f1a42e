"""OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html) over the published
topics and library items: the six verbs, oai_dc, sets by kind and unit, from/until, resumption
tokens, deleted records (persistent) and the protocol's errors."""

import datetime
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.i18n import absolute_url
from cms.models import SiteSettings

from . import records

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
for prefix, uri in (("", OAI), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
    ET.register_namespace(prefix, uri)

SCHEMA = {"oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"}
ARGUMENTS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
RESUMABLE = {"ListIdentifiers", "ListRecords", "ListSets"}
TOKEN_SALT = "cms.opendata.oai"
DAY, SECONDS = "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ssZ"
# The protocol schema's patterns of setSpec and metadataPrefix: a value outside them is a
# badArgument, never echoed into <request>.
UNRESERVED = r"[A-Za-z0-9\-_.!~*'()]+"
SET_SPEC = re.compile(rf"{UNRESERVED}(:{UNRESERVED})*")
PREFIX = re.compile(UNRESERVED)
# What XML 1.0 cannot hold at all (even escaped): C0 controls but tab, newline and carriage
# return, lone surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """`value` as XML 1.0 can carry it: the characters it cannot hold are dropped (a title with a
    vertical tab, pasted from a word processor, must not make a whole ListRecords page invalid)."""
    return NOT_XML.sub("", value) if value else value


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def tag(namespace, name):
    return f"{{{namespace}}}{name}"


def stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_date(value, name):
    """(moment, granularity) of a from/until argument."""
    for pattern, granularity in (("%Y-%m-%d", DAY), ("%Y-%m-%dT%H:%M:%SZ", SECONDS)):
        try:
            moment = datetime.datetime.strptime(value, pattern).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue
        return moment, granularity
    raise OAIError("badArgument", f"“{name}” is not a date in YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    data = request.POST if request.method == "POST" else request.GET
    root = ET.Element(tag(OAI, "OAI-PMH"))
    root.set(tag(XSI, "schemaLocation"), f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    ET.SubElement(root, tag(OAI, "responseDate")).text = stamp(timezone.now())
    request_element = ET.SubElement(root, tag(OAI, "request"))
    request_element.text = absolute_url(reverse("oai"))
    try:
        verb, arguments = check_arguments(data)
        for name, value in [("verb", verb), *sorted(arguments.items())]:
            request_element.set(name, value)
        VERBS[verb](root, request, arguments)
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            request_element.attrib.clear()
        for child in list(root)[2:]:
            root.remove(child)
        element = ET.SubElement(root, tag(OAI, "error"), code=error.code)
        element.text = error.message
    for element in root.iter():
        element.text = xml_text(element.text)
        for name, value in element.attrib.items():
            element.set(name, xml_text(value))
    body = ET.tostring(root, encoding="unicode")
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="text/xml; charset=utf-8"
    )


def check_arguments(data):
    verb_values = data.getlist("verb")
    if len(verb_values) != 1 or verb_values[0] not in ARGUMENTS:
        raise OAIError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    verb = verb_values[0]
    arguments = {}
    for name in data:
        if name == "verb":
            continue
        values = data.getlist(name)
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument “{name}” is repeated.")
        arguments[name] = values[0]
    for name, value in arguments.items():
        if NOT_XML.search(name) or NOT_XML.search(value):
            raise OAIError("badArgument", "An argument holds control characters.")
    if "set" in arguments and not SET_SPEC.fullmatch(arguments["set"]):
        raise OAIError("badArgument", "“set” is not a setSpec (e.g. type:topic).")
    if "metadataPrefix" in arguments and not PREFIX.fullmatch(arguments["metadataPrefix"]):
        raise OAIError("badArgument", "“metadataPrefix” is not a metadata prefix (e.g. oai_dc).")
    if "identifier" in arguments and re.search(r"\s", arguments["identifier"]):
        raise OAIError("badArgument", "“identifier” is not a URI.")
    required, optional = ARGUMENTS[verb]
    if "resumptionToken" in arguments and verb in RESUMABLE:
        if set(arguments) != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, arguments
    unknown = set(arguments) - required - optional
    if unknown:
        raise OAIError("badArgument", f"Not an argument of {verb}: {', '.join(sorted(unknown))}.")
    missing = required - set(arguments)
    if missing:
        raise OAIError("badArgument", f"{verb} needs: {', '.join(sorted(missing))}.")
    return verb, arguments


def identify(root, request, arguments):
    site = SiteSettings.load()
    element = ET.SubElement(root, tag(OAI, "Identify"))
    earliest = min((h.datestamp for h in records.headers()), default=timezone.now())
    for name, value in (
        ("repositoryName", f"{site.school_name} — {settings.WAGTAIL_SITE_NAME}"),
        ("baseURL", absolute_url(reverse("oai"))),
        ("protocolVersion", "2.0"),
        ("adminEmail", site.email or settings.DEFAULT_FROM_EMAIL),
        ("earliestDatestamp", stamp(earliest)),
        ("deletedRecord", "persistent"),
        ("granularity", SECONDS),
    ):
        ET.SubElement(element, tag(OAI, name)).text = value


def list_metadata_formats(root, request, arguments):
    if "identifier" in arguments:
        find_header(arguments["identifier"])
    element = ET.SubElement(root, tag(OAI, "ListMetadataFormats"))
    for prefix, schema in SCHEMA.items():
        format_element = ET.SubElement(element, tag(OAI, "metadataFormat"))
        ET.SubElement(format_element, tag(OAI, "metadataPrefix")).text = prefix
        ET.SubElement(format_element, tag(OAI, "schema")).text = schema
        ET.SubElement(format_element, tag(OAI, "metadataNamespace")).text = OAI_DC


def list_sets(root, request, arguments):
    if "resumptionToken" in arguments:
        raise OAIError("badResumptionToken", "The set list has no further parts.")
    element = ET.SubElement(root, tag(OAI, "ListSets"))
    for spec, name in records.all_sets():
        set_element = ET.SubElement(element, tag(OAI, "set"))
        ET.SubElement(set_element, tag(OAI, "setSpec")).text = spec
        ET.SubElement(set_element, tag(OAI, "setName")).text = name


def find_header(value):
    parsed = records.parse_identifier(value)
    found = [h for h in records.headers() if h.identifier == value] if parsed else []
    if not found:
        raise OAIError("idDoesNotExist", f"No record “{value}” in this repository.")
    return found[0]


def check_prefix(prefix):
    if prefix not in SCHEMA:
        raise OAIError(
            "cannotDisseminateFormat", f"Records are disseminated as oai_dc, not “{prefix}”."
        )


def get_record(root, request, arguments):
    check_prefix(arguments["metadataPrefix"])
    header = find_header(arguments["identifier"])
    element = ET.SubElement(root, tag(OAI, "GetRecord"))
    write_record(element, header, records.pages_for([header]), request)


def selection(arguments):
    """(query arguments, last (datestamp, identifier) handed out or None) of a list request or of
    its resumption token. Tokens are keyed on the last record handed out, not on an offset, so a
    record that changes during a harvest moves to the end of the list instead of shifting the
    others past the harvester."""
    if "resumptionToken" in arguments:
        try:
            state = signing.loads(arguments["resumptionToken"], salt=TOKEN_SALT)
            after = (state["after"][0], state["after"][1])
            query = dict(state["arguments"])
        except (signing.BadSignature, KeyError, TypeError, IndexError, ValueError) as error:
            raise OAIError("badResumptionToken", "The resumption token is not valid.") from error
        return query, after
    return arguments, None


def matching(arguments):
    check_prefix(arguments["metadataPrefix"])
    start = until = None
    granularities = set()
    if "from" in arguments:
        start, granularity = parse_date(arguments["from"], "from")
        granularities.add(granularity)
    if "until" in arguments:
        until, granularity = parse_date(arguments["until"], "until")
        granularities.add(granularity)
        if granularity == DAY:  # the whole day, to its last second (datestamps have no less)
            until += datetime.timedelta(days=1) - datetime.timedelta(seconds=1)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if start and until and start > until:
        raise OAIError("badArgument", "from is after until.")
    spec = arguments.get("set")
    found = [
        header
        for header in records.headers()
        if (start is None or header.datestamp >= start)
        and (until is None or header.datestamp <= until)
        and (spec is None or records.in_set(header, spec))
    ]
    if not found:
        raise OAIError("noRecordsMatch", "No record matches these arguments.")
    return found


def key(header):
    return (stamp(header.datestamp), header.identifier)


def list_headers(root, request, arguments, with_records):
    query, after = selection(arguments)
    found = matching(query)
    offset = 0 if after is None else sum(1 for header in found if key(header) <= after)
    rest = found if after is None else [header for header in found if key(header) > after]
    if after is not None and not rest:
        raise OAIError("badResumptionToken", "The resumption token is past the end of the list.")
    part = rest[: settings.OAI_PAGE_SIZE]
    element = ET.SubElement(root, tag(OAI, "ListRecords" if with_records else "ListIdentifiers"))
    pages = records.pages_for(part) if with_records else {}
    for header in part:
        if with_records:
            write_record(element, header, pages, request)
        else:
            write_header(element, header)
    more = len(rest) > len(part)
    if more or after is not None:
        token = ET.SubElement(
            element,
            tag(OAI, "resumptionToken"),
            completeListSize=str(len(found)),
            cursor=str(offset),
        )
        if more:
            token.text = signing.dumps(
                {"arguments": query, "after": list(key(part[-1]))}, salt=TOKEN_SALT
            )


def write_header(parent, header):
    element = ET.SubElement(parent, tag(OAI, "header"))
    if header.deleted:
        element.set("status", "deleted")
    ET.SubElement(element, tag(OAI, "identifier")).text = header.identifier
    ET.SubElement(element, tag(OAI, "datestamp")).text = stamp(header.datestamp)
    for spec in header.sets:
        ET.SubElement(element, tag(OAI, "setSpec")).text = spec


def write_record(parent, header, pages, request):
    record = ET.SubElement(parent, tag(OAI, "record"))
    write_header(record, header)
    if header.deleted:
        return
    metadata = ET.SubElement(record, tag(OAI, "metadata"))
    dc = ET.SubElement(metadata, tag(OAI_DC, "dc"))
    dc.set(tag(XSI, "schemaLocation"), f"{OAI_DC} {SCHEMA['oai_dc']}")
    for name, value in records.dublin_core(pages[(header.kind, header.pk)], request):
        ET.SubElement(dc, tag(DC, name)).text = value


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda root, request, arguments: list_headers(
        root, request, arguments, False
    ),
    "ListRecords": lambda root, request, arguments: list_headers(root, request, arguments, True),
}
