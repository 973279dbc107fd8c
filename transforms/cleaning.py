"""Repair encoding glitches in decoded text and report which repairs were applied."""

from __future__ import annotations

from dataclasses import dataclass

import ftfy


@dataclass(frozen=True)
class Cleaned:
    text: str
    fixes: tuple[str, ...]


def clean_text(text: str) -> Cleaned:
    """Fix mojibake and other glitches with ftfy, keeping correct typography as written."""
    config = ftfy.TextFixerConfig(
        uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False, explain=True
    )
    fixed, explanation = ftfy.fix_and_explain(text, config=config)
    fixes = tuple(dict.fromkeys(step.action if step.action != "apply" else step.parameter
                                for step in explanation or ()))
    return Cleaned(fixed, fixes)
