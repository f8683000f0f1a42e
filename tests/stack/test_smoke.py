"""The smoke journey through nginx against the running production stack (.ci/stack): public
pages, search, login, a workspace action, a private file allowed and refused, throttling.

Runs only where PORTAL_STACK_URL points at a stack (CI starts one); skipped otherwise."""

import os
import re
import uuid

import pytest

from tests.stack.client import Visitor, parse

STACK = os.environ.get("PORTAL_STACK_URL", "")
PASSWORD = "demo-portal-2026"

pytestmark = pytest.mark.skipif(not STACK, reason="no running stack (PORTAL_STACK_URL unset)")


@pytest.fixture
def anonymous():
    return Visitor(STACK)


@pytest.fixture
def lecturer():
    visitor = Visitor(STACK)
    response = visitor.login("giangvien", PASSWORD)
    assert response.status_code == 302, response.text[:500]
    return visitor


def draft_of(visitor):
    """The lecturer's draft proposal: (detail path, edit path)."""
    links = parse(visitor.get("/workspace/proposals/").text).links
    for link in links:
        if re.fullmatch(r"/workspace/proposals/\d+/", link):
            page = visitor.get(link).text
            edit = link + "edit/"
            if edit in page:
                return link, edit
    pytest.fail("the demo lecturer has no editable draft")


def test_public_pages_answer_through_nginx(anonymous):
    for path in [
        "/",
        "/de-tai/",
        "/thu-vien/",
        "/giang-vien/",
        "/en/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
    ]:
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert response.headers["Server"] == "nginx"
        assert response.headers["X-Request-ID"]
    home = anonymous.get("/")
    assert "script-src 'self'" in home.headers["Content-Security-Policy"]
    assert home.headers["Strict-Transport-Security"].startswith("max-age=")
    topic = next(
        link
        for link in parse(anonymous.get("/de-tai/").text).links
        if re.fullmatch(r"/de-tai/[^/?]+/", link)
    )
    assert anonymous.get(topic).status_code == 200


def test_static_and_media_are_served_by_nginx_itself(anonymous):
    page = parse(anonymous.get("/").text)
    stylesheet = re.search(
        r'href="(/static/css/[^"]+\.[0-9a-f]{12}\.css)"', anonymous.get("/").text
    )
    assert stylesheet, "static files carry hashed names"
    css = anonymous.get(stylesheet.group(1))
    assert css.status_code == 200
    assert "immutable" in css.headers["Cache-Control"]
    assert "X-Request-ID" not in css.headers  # Django never saw it
    assert css.headers["Strict-Transport-Security"].startswith("max-age=")  # issue 19
    media = [src for src in page.images if src.startswith("/media/")]
    if media:
        image = anonymous.get(media[0])
        assert image.status_code == 200 and "X-Request-ID" not in image.headers
        assert image.headers["Strict-Transport-Security"].startswith("max-age=")
        assert "default-src 'none'" in image.headers["Content-Security-Policy"]


def test_search_ignores_diacritics(anonymous):
    response = anonymous.get("/tim-kiem/?q=nghien+cuu")
    assert response.status_code == 200
    assert "nghiên cứu" in response.text.lower()


def test_http_is_redirected_to_https(anonymous):
    port = int(STACK.rsplit(":", 1)[1]) - 1
    response = anonymous.get(f"http://localhost:{port}/de-tai/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_login_and_a_workspace_action(lecturer):
    detail, edit = draft_of(lecturer)
    action, form = lecturer.form(edit, containing="title")
    marker = f"Kiểm tra khói {uuid.uuid4().hex[:8]}"
    response = lecturer.post(action, {**form["fields"], "objectives": marker})
    assert response.status_code == 302, response.text[:1000]
    assert marker in lecturer.get(detail).text


def test_a_private_file_is_sent_to_whom_it_belongs_and_refused_to_others(lecturer, anonymous):
    detail, _edit = draft_of(lecturer)
    files = [
        link
        for link in parse(lecturer.get(detail).text).links
        if link.startswith("/research/files/")
    ]
    assert files, "the draft has an attachment"
    allowed = lecturer.get(files[0])
    assert allowed.status_code == 200
    assert allowed.content.startswith(b"%PDF")
    assert allowed.headers["Cache-Control"] == "private, no-store"
    assert allowed.headers["Content-Disposition"].startswith("attachment")
    assert "X-Accel-Redirect" not in allowed.headers  # nginx took it and sent the bytes
    # nginx drops the portal's headers on an X-Accel-Redirect: its own are there (issue 19).
    assert allowed.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "default-src 'none'" in allowed.headers["Content-Security-Policy"]
    assert anonymous.get(files[0]).status_code == 404
    council = Visitor(STACK)
    assert council.login("hoidong", PASSWORD).status_code == 302
    assert council.get(files[0]).status_code == 404
    assert (
        anonymous.get("/_protected/private/" + files[0].split("/research/files/")[1]).status_code
        == 404
    )


def test_wrong_passwords_lock_the_login_through_nginx(anonymous):
    username = f"khong-co-{uuid.uuid4().hex[:8]}"
    statuses = [anonymous.login(username, f"sai-{n}").status_code for n in range(7)]
    assert statuses[-1] == 429
    assert "tạm khóa" in anonymous.login(username, "sai").text


def test_readiness_answers_on_loopback(anonymous):
    response = anonymous.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
