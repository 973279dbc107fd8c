"""From an article record to a document: cleaned paragraphs with roles, metadata and language.

`prepare_article` is the pure step between a reader and the NLP: it needs only the record and
what the file's path says. The NLP and the rows come after it (`analysable_paragraphs` says which
paragraphs English NER and sentiment may read, `body_tone` what a document's tone is over).

Each field, from the first place that has it:

| field        | record or page             | text                        | path              |
|--------------|----------------------------|-----------------------------|-------------------|
| title        | title / headline / og:title | first paragraph, by the    |                   |
|              |                            | headline rule               |                   |
| published_at | date fields / meta / JSON-LD | a date line, then a dated  | `{date}`, hive    |
|              |                            | dateline                    |                   |
| authors      | authors / author / JSON-LD | a byline                    |                   |
| source       | source_domain / site name  |                             | `{source}`, hive  |
| section      | section / article:section  |                             | `{section}`, hive |
| url          | url / canonical / og:url   |                             |                   |
| language     | identified from the text; the record's declared language or the path's only  |
|              | when the text is too short to tell                                          |

A title known from the record or page is paragraph 0 with role `title`: when the text already
starts with it, that paragraph is the title (note `title_in_text`); otherwise it is put in front,
so that every document's headline is in `paragraphs` and gets its own tone. `n_words` and
`n_chars` count the body paragraphs (not the title, byline or date lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from transforms.articles import roles as r
from transforms.articles.counts import char_count, words_of
from transforms.articles.duplicates import Signature, signature, text_fingerprint
from transforms.articles.language import document_language, is_english, paragraph_languages
from transforms.articles.model import ArticleRecord
from transforms.articles.paths import PathFields
from transforms.cleaning import clean_text
from transforms.identity import document_id
from transforms.paragraphs import split_paragraphs
from transforms.sentiment import DocumentTone, ParagraphSentiment, document_tone


class NoTextError(ValueError):
    """The record's text is empty once cleaned; `reason` says so for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PreparedArticle:
    """One document ready for NLP: paragraphs with roles and languages, and its metadata."""

    doc_id: str
    source_path: str
    record_sha256: str
    format: str
    n_bytes: int
    encoding: str
    fixes: tuple[str, ...]
    notes: tuple[str, ...]
    paragraphs: tuple[str, ...]
    roles: tuple[str, ...]
    paragraph_languages: tuple[str | None, ...]
    title: str | None
    published_at: datetime | None
    url: str | None
    authors: tuple[str, ...]
    source: str | None
    section: str | None
    dateline: str | None
    language: str | None
    language_confidence: float
    n_words: int
    n_chars: int
    text_sha256: str
    signature: Signature | None

    @property
    def body(self) -> tuple[str, ...]:
        """The body paragraphs (role `body`)."""
        return tuple(
            p for p, role in zip(self.paragraphs, self.roles, strict=True) if role == r.BODY
        )


def prepare_article(record: ArticleRecord, path: PathFields | None = None) -> PreparedArticle:
    """Clean, split and describe one article; raises `NoTextError` when no text is left."""
    path = path or PathFields()
    cleaned = clean_text(record.text)
    paragraphs = split_paragraphs(cleaned.text)
    if not paragraphs:
        raise NoTextError("the article holds no text, only white space or invisible characters")
    title = _clean_line(record.title)
    notes = list(record.notes)
    if title and _same_line(paragraphs[0], title):
        notes.append("title_in_text")
        paragraphs[0] = title
    elif title:
        paragraphs.insert(0, title)
    elif r.title_by_rule(paragraphs):
        title = paragraphs[0]
    declared = record.language_hint or path.language
    guess = document_language("\n".join(paragraphs), declared)
    date_languages = (guess.language, "en") if guess.language else None
    roles = r.assign_roles(paragraphs, title is not None, date_languages)
    body = [p for p, role in zip(paragraphs, roles, strict=True) if role == r.BODY]
    dateline = r.find_dateline(body[0]) if body else None
    doc_id = document_id(record.source_path, record.record_sha256)
    return PreparedArticle(
        doc_id=doc_id,
        source_path=record.source_path,
        record_sha256=record.record_sha256,
        format=record.format,
        n_bytes=record.n_bytes,
        encoding=record.encoding,
        fixes=tuple(dict.fromkeys((*record.fixes, *cleaned.fixes))),
        notes=tuple(dict.fromkeys(notes)),
        paragraphs=tuple(paragraphs),
        roles=tuple(roles),
        paragraph_languages=tuple(paragraph_languages(paragraphs, guess.language)),
        title=title,
        published_at=record.published_at
        or _date_from_lines(paragraphs, roles, date_languages)
        or (dateline.published_at if dateline else None)
        or path.published_at,
        url=record.url,
        authors=record.authors or _byline_authors(paragraphs, roles),
        source=record.source or path.source,
        section=record.section or path.section,
        dateline=dateline.place if dateline else None,
        language=guess.language,
        language_confidence=guess.confidence,
        n_words=words_of(body),
        n_chars=char_count(body),
        text_sha256=text_fingerprint(paragraphs),
        signature=signature("\n".join(body)),
    )


def _clean_line(text: str | None) -> str | None:
    if not text:
        return None
    line = " ".join(clean_text(text).text.split())
    return line or None


def _same_line(paragraph: str, title: str) -> bool:
    return " ".join(paragraph.split()).casefold() == title.casefold()


def _date_from_lines(
    paragraphs: Sequence[str], roles: Sequence[str], languages: tuple[str, ...] | None
) -> datetime | None:
    for text, role in zip(paragraphs, roles, strict=True):
        if role == r.DATE:
            return r.date_line_value(text, languages)
    return None


def _byline_authors(paragraphs: Sequence[str], roles: Sequence[str]) -> tuple[str, ...]:
    for text, role in zip(paragraphs, roles, strict=True):
        if role == r.BYLINE:
            return tuple(r.byline_names(text) or ())
    return ()


def analysable_paragraphs(article: PreparedArticle) -> list[bool]:
    """For each paragraph, whether English NER and sentiment may run on it (English only)."""
    return [is_english(language) for language in article.paragraph_languages]


@dataclass(frozen=True)
class ArticleTone:
    """A document's tone over its body paragraphs, and its title's tone apart.

    `body` is `None` when no body paragraph was analysed (a non-English document); `title` is
    `None` without a title or when the title was not analysed.
    """

    body: DocumentTone | None
    title: float | None


def body_tone(
    article: PreparedArticle, sentiments: Sequence[ParagraphSentiment | None]
) -> ArticleTone:
    """The tone statistics over body paragraphs only, and the title's compound score.

    `sentiments` has one entry per paragraph, `None` for one that was not analysed. Headlines
    are written to draw the eye and are far more negative than the text under them; counting
    them in a document's mean would move it by the headline's wording alone.
    """
    body = [
        s
        for s, role in zip(sentiments, article.roles, strict=True)
        if role == r.BODY and s is not None
    ]
    title = next(
        (
            s.compound
            for s, role in zip(sentiments, article.roles, strict=True)
            if role == r.TITLE and s
        ),
        None,
    )
    return ArticleTone(document_tone(body) if body else None, title)
