"""Post-process the named-entity mentions of one document.

Input mentions come straight from the NER model; output entities carry a canonical name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A mention found by the model; offsets index into the paragraph text."""

    paragraph_index: int
    start_char: int
    end_char: int
    text: str
    label: str


@dataclass(frozen=True)
class Entity:
    paragraph_index: int
    start_char: int
    end_char: int
    text: str
    label: str
    canonical: str


def resolve_entities(paragraphs: Sequence[str], mentions: Sequence[Mention]) -> list[Entity]:
    """Give every mention its canonical name (for now: the mention as written)."""
    return [
        Entity(m.paragraph_index, m.start_char, m.end_char, m.text, m.label, m.text)
        for m in mentions
    ]
