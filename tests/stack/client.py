"""A browser-less visitor of the running stack: a requests session that fills in forms the way
a browser would (hidden fields, management forms, selected options), for the smoke journey and
the load test."""

import os
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class Forms(HTMLParser):
    """Every <form> of a page: its action and the values a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self.images = [], [], []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        elif tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}, "max": {}})
        elif tag == "option" and self._select and self.forms and "selected" in attrs:
            self.forms[-1]["fields"][self._select] = attrs.get("value", "")
        elif not self.forms or "name" not in attrs:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind in {"submit", "button", "file", "image"}:
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get(
                "value", "on" if kind == "checkbox" else ""
            )
            if "max" in attrs:
                self.forms[-1]["max"][attrs["name"]] = attrs["max"]
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.forms[-1]["fields"][self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self.forms[-1]["fields"].setdefault(self._select, "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def parse(html):
    parser = Forms()
    parser.feed(html)
    return parser


class Visitor:
    def __init__(self, base_url, timeout=30, record=None):
        self.base = base_url.rstrip("/")
        self.session = requests.Session()
        # The stack's own certificate (per request: requests lets REQUESTS_CA_BUNDLE override
        # a session-wide setting).
        self.verify = os.environ.get("PORTAL_STACK_CA", True)
        self.timeout = timeout
        self.record = record  # record(kind, seconds, status, ok) for the load test

    def url(self, path):
        return urljoin(self.base + "/", path.lstrip("/")) if not path.startswith("http") else path

    def request(self, method, path, kind=None, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("verify", self.verify)
        try:
            response = self.session.request(method, self.url(path), **kwargs)
        except requests.RequestException:
            if self.record and kind:
                self.record(kind, kwargs["timeout"], 0, False)
            raise
        if self.record and kind:
            ok = response.status_code < 400
            self.record(kind, response.elapsed.total_seconds(), response.status_code, ok)
        return response

    def get(self, path, kind=None, **kwargs):
        return self.request("GET", path, kind, **kwargs)

    def post(self, path, data, kind=None, **kwargs):
        headers = {"Referer": self.url(path), **kwargs.pop("headers", {})}
        return self.request("POST", path, kind, data=data, headers=headers, **kwargs)

    def form(self, path, kind=None, containing=None):
        """(action URL, fields) of the page's form that has the field `containing`."""
        page = self.get(path, kind)
        page.raise_for_status()
        for form in parse(page.text).forms:
            if containing is None or containing in form["fields"]:
                return self.url(form["action"] or path), form
        raise LookupError(f"no form with {containing!r} on {path}")

    def login(self, username, password, kind=None):
        action, form = self.form("/accounts/login/", containing="username")
        fields = {**form["fields"], "username": username, "password": password}
        return self.post(action, fields, kind)
