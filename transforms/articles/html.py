"""Articles from HTML pages: the main text by trafilatura, the metadata from the page's own tags.

Main text: trafilatura (maintained, Apache-2.0) finds the article body and leaves out what is
not the article: navigation, cookie banners, share buttons, footers, related links, comments.
It is asked to favour precision, so a borderline block of boilerplate is left out rather than
published as a paragraph. A page in which it finds no main text is refused with a reason.

Metadata, each field from the first source that has it (publishers fill them for search engines
and social networks, so they are usually cleaner than anything guessed from the layout):

1. JSON-LD (`<script type="application/ld+json">`, an `Article`/`NewsArticle`... object, also
   inside `@graph`): headline, datePublished, url, author, articleSection, publisher, inLanguage;
2. `<meta>` tags: OpenGraph (`og:title`, `article:published_time`, `og:url`, `article:section`,
   `og:site_name`, `og:locale`), Twitter cards, Dublin Core, `author`, `date`...
   (`tables.META_*` list them in order); `<time itemprop="datePublished" datetime=...>`;
   `<link rel="canonical">`; `<html lang>`;
3. what trafilatura itself inferred (its title, author, date, site name, categories);
4. the `<title>` element, without a trailing ` | Site name`.

Bytes are decoded by the charset the page declares (`<meta charset>` or `http-equiv`) when it
reads them cleanly, otherwise like any text file (`transforms.decoding.decode_bytes`).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from transforms.articles import tables
from transforms.decoding import decode_bytes

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_WINDOW = 4096
_TITLE_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 ")
_MARKUP = re.compile(r"<(?:p|div|br|span|a|h[1-6]|article|section|ul|li|em|strong)\b[^<>]*>", re.I)
NO_MAIN_TEXT = (
    "the page has no main text: the extractor found no article body in it (only navigation, "
    "notices, links or too little text)"
)


@dataclass(frozen=True)
class Page:
    """What one HTML page holds: its main text (paragraphs on lines) and its metadata."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    section: str | None = None
    language: str | None = None


def decode_html(raw: bytes) -> tuple[str, str, tuple[str, ...]]:
    """The page's text, the encoding it was read in and the decoding fixes applied.

    Raises `NotTextError` for bytes that are not text at all.
    """
    declared = _declared_charset(raw)
    if declared and not raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode(declared), codecs.lookup(declared).name, ()
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_bytes(raw)
    return decoded.text, decoded.encoding, decoded.fixes


def _declared_charset(raw: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(raw[:_CHARSET_WINDOW])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    """Whether a record's text is HTML markup rather than plain text (two or more tags)."""
    return len(_MARKUP.findall(text, 0, 20_000)) >= 2


def extract_page(html: str, url: str | None = None) -> Page | None:
    """Main text and metadata of a page; `None` when it has no main text."""
    tree = _parse(html)
    if tree is None:
        return None
    try:
        found = _extract(tree, url)
    except (lxml.etree.LxmlError, ValueError, RecursionError):
        # A page so malformed that the extractor gives up holds no main text it can find.
        return None
    text = _without_layout_lines(found.get("text") or "").strip()
    if not text:
        return None
    ld = _json_ld_article(tree)
    meta = _meta_tags(tree)
    site = _first(_ld_name(ld.get("publisher")), meta.get("og:site_name"), found.get("sitename"))
    page_url = _first(_ld_url(ld), _canonical(tree), _meta_first(meta, tables.META_URL), url)
    return Page(
        text=text,
        title=_first(
            _text(ld.get("headline")),
            _meta_first(meta, tables.META_TITLE),
            found.get("title"),
            _title_element(tree, site),
        ),
        published=_first(
            _text(ld.get("datePublished")),
            _meta_first(meta, tables.META_DATE),
            _time_element(tree),
            _text(ld.get("dateCreated")),
            found.get("date"),
        ),
        url=page_url,
        authors=_authors(ld, meta, found),
        source=_first(site, _meta_first(meta, tables.META_SOURCE), _hostname(page_url)),
        section=_first(
            _first_of(ld.get("articleSection")),
            _meta_first(meta, tables.META_SECTION),
            _first_of(found.get("categories")),
        ),
        language=_first(
            _first_of(ld.get("inLanguage")),
            tree.get("lang"),
            _meta_first(meta, tables.META_LANGUAGE),
            found.get("language"),
        ),
    )


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        # lxml refuses a str that declares an encoding; the bytes then say it themselves.
        try:
            return lxml.html.document_fromstring(html.encode("utf-8"))
        except (lxml.etree.ParserError, ValueError):
            return None


def _extract(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    import trafilatura

    found = trafilatura.bare_extraction(
        lxml.html.tostring(tree, encoding="unicode"),
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
        prune_xpath=_prune_xpath(),
        config=_trafilatura_config(),
    )
    if found is None:
        return {}
    return found if isinstance(found, dict) else found.as_dict()


@cache
def _prune_xpath() -> list[str]:
    """XPath expressions for the blocks `tables.BOILERPLATE_CLASS_TOKENS` names."""
    return [
        f"//*[contains(concat(' ', normalize-space(@{attribute}), ' '), ' {token} ')]"
        for token in tables.BOILERPLATE_CLASS_TOKENS
        for attribute in ("class", "id")
    ]


def _without_layout_lines(text: str) -> str:
    """The text without lines that are only a layout label (`Advertisement`, `Read more`)."""
    lines = text.split("\n")
    kept = [line for line in lines if line.strip().casefold() not in tables.BOILERPLATE_LINES]
    return "\n".join(kept)


@cache
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # No timer signals (they work only in a process's main thread) and no date search through
    # the whole text: the date is read from the page's metadata.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    # Short articles (a brief, a wire flash) are articles too.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
    return config


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object of an article type on the page (empty when none)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except json.JSONDecodeError:
            continue
        for node in _ld_nodes(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(t in tables.JSON_LD_ARTICLE_TYPES for t in types if isinstance(t, str)):
                return node
    return {}


def _ld_nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_nodes(data.get("@graph", []))


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """`<meta>` contents by lower-cased name, property, itemprop or http-equiv (first wins)."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (element.get(attribute) or "").strip().lower()
            if key:
                found.setdefault(key, content)
    return found


def _meta_first(meta: dict[str, str], names: tuple[str, ...]) -> str | None:
    return _first(*(meta.get(name) for name in names))


def _canonical(tree: lxml.html.HtmlElement) -> str | None:
    hrefs = tree.xpath('//link[@rel="canonical"]/@href')
    return _text(hrefs[0]) if hrefs else None


def _time_element(tree: lxml.html.HtmlElement) -> str | None:
    values = tree.xpath('//time[@itemprop="datePublished" or @pubdate]/@datetime')
    return _text(values[0]) if values else None


def _title_element(tree: lxml.html.HtmlElement, site: str | None) -> str | None:
    titles = tree.xpath("//title")
    title = _text(titles[0].text_content()) if titles else None
    if title and site:
        for separator in _TITLE_SEPARATORS:
            head, _, tail = title.rpartition(separator)
            if head and tail.strip().casefold() == site.strip().casefold():
                return head.strip()
    return title


def _authors(ld: dict[str, Any], meta: dict[str, str], found: dict[str, Any]) -> tuple[str, ...]:
    names = _ld_names(ld.get("author"))
    if not names and (value := _meta_first(meta, tables.META_AUTHOR)):
        names = [value]
    if not names and found.get("author"):
        names = str(found["author"]).split(";")
    cleaned = (" ".join(name.split()) for name in names)
    return tuple(dict.fromkeys(n for n in cleaned if n and not n.startswith(("http:", "https:"))))


def _ld_names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    name = _ld_name(value)
    return [name] if name else []


def _ld_name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _ld_url(ld: dict[str, Any]) -> str | None:
    entity = ld.get("mainEntityOfPage")
    return _first(
        _text(ld.get("url")), _text(entity.get("@id")) if isinstance(entity, dict) else None
    )


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _first_of(value: Any) -> str | None:
    if isinstance(value, list):
        return _first(*(_text(item) for item in value))
    return _text(value)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def read_page(raw: bytes, url: str | None = None) -> tuple[Page | None, str, tuple[str, ...]]:
    """Decode and extract a page: (the page or `None`, encoding, decoding fixes).

    Raises `NotTextError` when the bytes are not text.
    """
    html, encoding, fixes = decode_html(raw)
    return extract_page(html, url), encoding, fixes
