"""Our own favicon: an SVG in our static files, linked from every page and reachable at /favicon.ico."""

from __future__ import annotations

from xml.etree import ElementTree

from django.contrib.staticfiles import finders
from django.test import Client

from tests.web.pages import parse

SVG = "{http://www.w3.org/2000/svg}"


def test_favicon_ico_redirects_to_our_svg(client: Client, db: None) -> None:
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (302, "/static/mufakat/favicon.svg")


def test_favicon_linked_from_every_page(client: Client, db: None) -> None:
    page = parse(client.get("/"))

    icons = [link.attrs for link in page.find_all("link") if link.attrs.get("rel") == "icon"]
    assert icons == [{"rel": "icon", "href": "/static/mufakat/favicon.svg", "type": "image/svg+xml"}]


def test_favicon_is_a_square_svg_of_our_own() -> None:
    path = finders.find("mufakat/favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as file:
        svg = ElementTree.parse(file).getroot()  # noqa: S314 - our own static file

    assert (svg.tag, svg.get("viewBox")) == (f"{SVG}svg", "0 0 32 32")
    # Drawn from shapes only: no text that needs a font, no image or link to anyone else's file.
    assert {element.tag.removeprefix(SVG) for element in svg.iter()} == {"svg", "title", "rect", "g", "circle"}
