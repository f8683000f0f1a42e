"""The public search page, its suggestions and its downloads: HTTP only, the rest is ResearchSearch."""

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from cms.citations import FORMATS as CITATION_FORMATS
from cms.citations import citation_response
from cms.i18n import absolute_url
from cms.opendata.records import published_pages
from research.core.spreadsheets import CsvWriter
from search.query import MAX_PAGE, PAGE_SIZE, ResearchSearch
from search.text import MAX_QUERY_LENGTH

EXPORT_COLUMNS = ["type", "title", "title_en", "date", "year", "url", "summary"]


def search(request):
    engine_search = ResearchSearch(request.GET)
    export = request.GET.get("format")
    if export in ("csv", "json"):
        return download(request, engine_search, export)
    if export in CITATION_FORMATS:  # BibTeX or RIS of the published topics and library items
        pages = published_pages([hit.page_id for hit in engine_search.all_hits()])
        return citation_response(pages, export, request, "ket-qua-tim-kiem")
    found = engine_search.results()
    reachable = min(found.total, MAX_PAGE * PAGE_SIZE)  # as far as the page parameter goes
    pages = Paginator(range(reachable), PAGE_SIZE).get_page(engine_search.request.page)
    return render(
        request,
        "search/search.html",
        {
            "query": engine_search.query,
            "search": engine_search,
            "found": found,
            "pages": pages,
            "facets": engine_search.facet_groups(found, request.GET),
            "sort": engine_search.request.sort,
            "sort_chosen": engine_search.sort_chosen,
            "max_length": MAX_QUERY_LENGTH,
            "export_query": request.GET.urlencode(),
        },
    )


def rows(request, hits):
    for hit in hits:
        yield {
            "type": hit.kind,
            "title": hit.title,
            "title_en": hit.title_en,
            "date": hit.date.isoformat() if hit.date else "",
            "year": hit.year or "",
            "url": absolute_url(hit.url),
            "summary": hit.summary,
        }


def download(request, engine_search, export):
    hits = engine_search.all_hits()
    if export == "json":
        response = JsonResponse(
            {"query": engine_search.query, "results": list(rows(request, hits))},
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel opens UTF-8 with a byte order mark
        writer = CsvWriter(response, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows(request, hits))
    response["Content-Disposition"] = f'attachment; filename="ket-qua-tim-kiem.{export}"'
    return response


def suggest(request):
    """Suggestions for the search box as the visitor types: a JSON list of {title, type,
    type_label, url}, best first (static/js/search.js shows them as they come)."""
    return JsonResponse(ResearchSearch(request.GET).suggestions(), safe=False)
