"""Every <form> and every link of a page, read with the standard library's HTML parser (what a
browser would submit: method, action, enctype, each field with its current value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit


@dataclass
class Form:
    method: str
    action: str  # absolute path, with any query string of the action attribute
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # in document order, as submitted
    submitter: tuple[str, str] | None = None  # the first named submit button, as if clicked

    def data(self) -> list[tuple[str, str]]:
        return self.fields + ([self.submitter] if self.submitter else [])

    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _ in self.data()))


class _Parser(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, selected, all options
        self._textarea: list | None = None

    def _abs(self, href: str) -> str:
        return urljoin(self.base, href or self.base)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(self._abs(a["href"]))
        elif tag == "form":
            method, action = a.get("method", "get").lower(), a.get("action", "")
            for verb in ("post", "get"):  # htmx submits there instead of the action
                if a.get(f"hx-{verb}"):
                    method, action = verb, a[f"hx-{verb}"]
            self._form = Form(method, self._abs(action), a.get("enctype", "application/x-www-form-urlencoded"))
            self.forms.append(self._form)
        elif self._form is None or "disabled" in a:
            return
        elif tag in ("input", "button"):
            self._input(tag, a)
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[2].append(value)
            if "selected" in a:
                self._select[1].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def _input(self, tag, a):
        name, kind = a.get("name"), a.get("type", "submit" if tag == "button" else "text").lower()
        if not name:
            return
        if kind in ("submit", "image"):
            if self._form.submitter is None:
                self._form.submitter = (name, a.get("value", ""))
        elif kind in ("checkbox", "radio"):
            if "checked" in a:
                self._form.fields.append((name, a.get("value", "on")))
        elif kind not in ("reset", "button"):
            self._form.fields.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, selected, options = self._select
            for value in selected or options[:1]:
                self._form.fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def parse(html: str, base: str) -> tuple[list[Form], list[str]]:
    """The page's forms and its links (absolute paths with query strings)."""
    parser = _Parser(base)
    parser.feed(html)
    parser.close()
    return parser.forms, parser.links


def query_params(url: str) -> tuple[str, list[str]]:
    """A link's path and the names of its query parameters."""
    parts = urlsplit(url)
    return parts.path, list(dict.fromkeys(k for k, _ in parse_qsl(parts.query, keep_blank_values=True)))
