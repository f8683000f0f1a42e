"""BibTeX, RIS and CSL-JSON for reference managers (Zotero, EndNote, Mendeley, JabRef) and citation
processors: one library item or topic, or a whole search result list. Only published, public
records are ever written (the pages are chosen by cms.opendata.records.published_pages).

A page tells its kind by the record it publishes (RecordPage.record_field), so this module needs
no page model and the library item's own citation route can use it.

Names are Vietnamese: the family name comes first (“Trần Thị Thu Hà”: family “Trần”, given
“Thị Thu Hà”), so every format is told which part is which — BibTeX and RIS as “Trần, Thị Thu
Hà”, CSL-JSON as family and given — and never guesses the family name from the last word."""

import json
import re
import unicodedata

from django.http import HttpResponse

from cms.i18n import page_url
from research.models import OutputKind

BIBTEX_TYPE = {
    OutputKind.JOURNAL_ARTICLE: "article",
    OutputKind.BULLETIN_ARTICLE: "article",
    OutputKind.PROCEEDINGS_PAPER: "inproceedings",
    OutputKind.MONOGRAPH: "book",
    OutputKind.TEXTBOOK: "book",
    OutputKind.FINAL_REPORT: "techreport",
    OutputKind.SUMMARY_REPORT: "techreport",
    OutputKind.POLICY_RECOMMENDATION: "techreport",
}
RIS_TYPE = {
    OutputKind.JOURNAL_ARTICLE: "JOUR",
    OutputKind.BULLETIN_ARTICLE: "MGZN",
    OutputKind.PROCEEDINGS_PAPER: "CPAPER",
    OutputKind.MONOGRAPH: "BOOK",
    OutputKind.TEXTBOOK: "BOOK",
    OutputKind.FINAL_REPORT: "RPRT",
    OutputKind.SUMMARY_REPORT: "RPRT",
    OutputKind.POLICY_RECOMMENDATION: "RPRT",
}
CSL_TYPE = {
    OutputKind.JOURNAL_ARTICLE: "article-journal",
    OutputKind.BULLETIN_ARTICLE: "article-magazine",
    OutputKind.PROCEEDINGS_PAPER: "paper-conference",
    OutputKind.MONOGRAPH: "book",
    OutputKind.TEXTBOOK: "book",
    OutputKind.FINAL_REPORT: "report",
    OutputKind.SUMMARY_REPORT: "report",
    OutputKind.POLICY_RECOMMENDATION: "report",
}
BIBTEX_SPECIAL = re.compile(r"([{}%&$#_\\])")
FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def name_parts(full_name):
    """(family, given) of a Vietnamese name, as it is written: the first word is the family name,
    the rest (middle and given names) is the given part, in order and never abbreviated."""
    words = full_name.split()
    return (words[0], " ".join(words[1:])) if words else ("", "")


def family_first(full_name):
    """“Trần, Thị Thu Hà”: the inverted form reference formats expect (BibTeX, RIS, the
    citation_author meta tag), with the family name where Vietnamese puts it."""
    family, given = name_parts(full_name)
    return f"{family}, {given}" if given else family


def fields_of(page, request):
    """The reference of a page's record as plain data shared by both formats."""
    url = page_url(page)
    if page.record_field == "topic":
        topic = page.topic
        return {
            "kind": None,
            "authors": [person.full_name for person in topic.team_people() if person],
            "title": topic.title,
            "year": (topic.accepted_on or topic.planned_end).year,
            "date": topic.accepted_on or topic.planned_end,
            "institution": topic.unit.name,
            "number": topic.code,
            "abstract": topic.summary,
            "keywords": topic.keyword_list,
            "url": url,
            "id": f"topic-{topic.pk}",
        }
    output = page.output
    return {
        "kind": output.kind,
        "authors": [author.person.full_name for author in output.authors.all()],
        "title": output.title,
        "year": output.published_on.year,
        "date": output.published_on,
        "venue": output.venue,
        "volume": output.volume,
        "issue": output.issue,
        "pages": output.pages,
        "publisher": output.publisher,
        "issn": output.issn,
        "isbn": output.isbn,
        "abstract": output.abstract,
        "keywords": output.keyword_list,
        "url": url,
        "doi_url": output.url,
        "id": f"output-{output.pk}",
    }


def ascii_word(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return re.sub(
        r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    )


def bibtex_value(text):
    return BIBTEX_SPECIAL.sub(r"\\\1", str(text))


def bibtex_entry(data):
    entry_type = "techreport" if data["kind"] is None else BIBTEX_TYPE.get(data["kind"], "misc")
    # keyed by the given name, by which Vietnamese colleagues name and sort one another
    given = data["authors"][0].split()[-1] if data["authors"] else "nckh"
    key = f"{ascii_word(given)}{data['year']}{ascii_word(data['id'])}"
    venue_field = {"article": "journal", "inproceedings": "booktitle"}.get(entry_type)
    pairs = [
        ("author", " and ".join(family_first(name) for name in data["authors"])),
        ("title", data["title"]),
        (venue_field, data.get("venue")) if venue_field else (None, None),
        ("year", data["year"]),
        ("volume", data.get("volume")),
        ("number", data.get("issue") or data.get("number")),
        ("pages", (data.get("pages") or "").replace("-", "--")),
        ("publisher", data.get("publisher")),
        ("institution", data.get("institution")),
        ("issn", data.get("issn")),
        ("isbn", data.get("isbn")),
        ("keywords", ", ".join(data["keywords"])),
        ("abstract", data.get("abstract")),
        ("language", "vietnamese"),
        ("url", data["url"]),
    ]
    body = ",\n".join(
        f"  {name} = {{{bibtex_value(value)}}}" for name, value in pairs if name and value
    )
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def ris_entry(data):
    kind = "RPRT" if data["kind"] is None else RIS_TYPE.get(data["kind"], "GEN")
    lines = [("TY", kind)]
    lines += [("AU", family_first(name)) for name in data["authors"]]
    lines += [
        ("TI", data["title"]),
        ("PY", str(data["year"])),
        ("DA", data["date"].strftime("%Y/%m/%d")),
    ]
    if data.get("venue"):
        lines.append(("T2", data["venue"]))
    for tag, key in (("VL", "volume"), ("IS", "issue"), ("PB", "publisher"), ("AB", "abstract")):
        if data.get(key):
            lines.append((tag, data[key]))
    if data.get("pages"):
        start, _dash, end = data["pages"].partition("-")
        lines.append(("SP", start.strip()))
        if end:
            lines.append(("EP", end.strip()))
    for key in ("issn", "isbn"):
        if data.get(key):
            lines.append(("SN", data[key]))
    if data.get("institution"):
        lines.append(("PB", data["institution"]))
    if data.get("number"):
        lines.append(("M1", data["number"]))
    lines += [("KW", word) for word in data["keywords"]]
    lines += [("LA", "vi"), ("UR", data["url"]), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines)


def csl_entry(data):
    """One item of CSL-JSON, the input of citation processors (citeproc-js in Zotero and
    Mendeley, citeproc-py, pandoc)."""
    kind = "report" if data["kind"] is None else CSL_TYPE.get(data["kind"], "document")
    authors = []
    for name in data["authors"]:
        family, given = name_parts(name)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    item = {
        "id": data["id"],
        "type": kind,
        "title": data["title"],
        "author": authors,
        "issued": {"date-parts": [[data["date"].year, data["date"].month, data["date"].day]]},
        "language": "vi",
        "URL": data["url"],
    }
    for key, value in (
        ("container-title", data.get("venue")),
        ("volume", data.get("volume")),
        ("issue", data.get("issue")),
        ("page", data.get("pages")),
        ("publisher", data.get("publisher") or data.get("institution")),
        ("ISSN", data.get("issn")),
        ("ISBN", data.get("isbn")),
        ("number", data.get("number")),
        ("abstract", data.get("abstract")),
        ("keyword", ", ".join(data["keywords"])),
    ):
        if value:
            item[key] = str(value)
    return item


def render(pages, style, request):
    if style == "csl":
        items = [csl_entry(fields_of(page, request)) for page in pages]
        return json.dumps(items, ensure_ascii=False, indent=2)
    write = bibtex_entry if style == "bib" else ris_entry
    separator = "\n" if style == "bib" else "\r\n"
    return separator.join(write(fields_of(page, request)) for page in pages)


def citation_response(pages, style, request, name):
    content_type, extension = FORMATS[style]
    response = HttpResponse(render(pages, style, request), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


def page_citation(page, style, request):
    """The download of one published page's reference (OutputPage and TopicPage routes)."""
    name = page.slug if getattr(page, "record_field", None) in ("output", "topic") else "trich-dan"
    return citation_response([page], style, request, name)
