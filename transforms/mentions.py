"""The mention record shared by the NER step and the entity rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A mention found by the model; offsets index into the paragraph text."""

    paragraph_index: int
    start_char: int
    end_char: int
    text: str
    label: str
