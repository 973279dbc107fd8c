"""The records the article readers yield: an article as found, or why a record was refused.

A reader never raises for bad input: every file, record or line either becomes an
`ArticleRecord` or a `RecordReject` that names it, so that one bad line never costs the rest of
its file. Fields a reader could not find are `None` (never a guess such as the ingest time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Named notes about metadata that was repaired or left out (stable names; kept beside the
# encoding fixes so a person can see why a field is null).
NOTE_DESCRIPTIONS: dict[str, str] = {
    "date_unparseable": "a publication date was given but could not be read; published_at is null",
    "date_out_of_range": "a publication date before 1900 or after 2100 was ignored as a mistake",
    "date_without_timezone": "a publication date without a UTC offset was read as UTC",
    "html_in_text": "the record's text held HTML markup; its main text was extracted from it",
    "title_in_text": "the text began with the title again; that copy was not repeated as a "
    "paragraph",
}
NOTE_NAMES: tuple[str, ...] = tuple(NOTE_DESCRIPTIONS)


@dataclass(frozen=True)
class ArticleRecord:
    """One article as a reader found it, before cleaning and splitting.

    `source_path` is the file's path, plus `#` and the record key for a record of a JSON or JSON
    Lines file (`feed.jsonl#line=12`, `feed.json#item=3`); `record_id` is the record's own id
    when it has one (kept, not used as the key). `record_sha256`
    hashes the record's own bytes (the line, the array element, or the whole file), so that a
    record already ingested can be recognised without re-reading its neighbours. `text` is the
    article's text, paragraphs separated by line breaks; for plain text it is the whole file, the
    headline included (the headline rule finds it later).
    """

    source_path: str
    format: str
    text: str
    record_sha256: str
    n_bytes: int
    key: str | None = None
    record_id: str | None = None
    encoding: str = "utf-8"
    fixes: tuple[str, ...] = ()
    title: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    section: str | None = None
    language_hint: str | None = None
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class RecordReject:
    """A file, record or line that holds no article, and why, in words a person can act on.

    `line` is the 1-based line of a JSON Lines file (or of a JSON file's syntax error), `None`
    when the reason concerns a whole file or an array element.
    """

    source_path: str
    reason: str
    record_sha256: str
    line: int | None = None
