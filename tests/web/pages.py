"""A small HTML reader for page tests: find elements by tag, class or id and read their text, so tests
assert on what a reader sees rather than on markup details."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

_INLINE = {"a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "time"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                parts.append(child.text if child.tag in _INLINE else f" {child.text} ")
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, *, cls: str | None = None, id: str | None = None) -> list[Element]:
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (
                (tag is None or child.tag == tag)
                and (cls is None or cls in child.classes)
                and (id is None or child.attrs.get("id") == id)
            ):
                found.append(child)
            found.extend(child.find_all(tag, cls=cls, id=id))
        return found

    def find(self, tag: str | None = None, *, cls: str | None = None, id: str | None = None) -> Element:
        found = self.find_all(tag, cls=cls, id=id)
        assert len(found) == 1, f"expected one <{tag or '*'} class={cls} id={id}>, found {len(found)}"
        return found[0]

    def texts(self, tag: str | None = None, *, cls: str | None = None) -> list[str]:
        return [element.text for element in self.find_all(tag, cls=cls)]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(response: HttpResponse) -> Element:
    builder = _TreeBuilder()
    builder.feed(response.content.decode(response.charset or "utf-8"))
    builder.close()
    return builder.root


def html_page(response: HttpResponse, status: int = 200) -> Element:
    """The response, asserted to be an HTML page with `status`, parsed."""
    assert (response.status_code, response["Content-Type"]) == (status, "text/html; charset=utf-8")
    return parse(response)


def table_rows(table: Element) -> list[list[str]]:
    """Body rows of a table as lists of cell texts."""
    return [[cell.text for cell in row.find_all("td")] for row in table.find_all("tr") if row.find_all("td")]
