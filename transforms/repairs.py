"""The registry of encoding repairs: each repair's name, description and fixer, in order.

Decoding (`transforms.decoding.REPAIRS`) and cleaning (`transforms.cleaning.REPAIRS`) each declare
their repairs once, in the order they are applied, like ftfy's list of fixers. Everything else is
derived from or checked against these declarations: `FIX_DESCRIPTIONS` and `FIX_NAMES`, the
tables in the module docstrings, the fix names golden cases may expect, and `all_repairs()`, which
lists every repair (decoding first) for the README.

A repair's `fixer` is the pure `str -> str` function that carries it out alone. Decoding repairs
are decisions about bytes and have none; so do most outcomes of the mojibake stage, which
`cleaning.repair_mojibake` names by what it undid (one ftfy plan can be several of them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Stage = Literal["decoding", "before_mojibake", "mojibake", "after_mojibake"]


@dataclass(frozen=True)
class Repair:
    """One named repair, as recorded in `documents.fixes`.

    `option` names the `CleaningOptions` field that turns the repair on; None means always on.
    """

    name: str
    description: str
    stage: Stage
    fixer: Callable[[str], str] | None = None
    option: str | None = None


def markdown_table(repairs: Iterable[Repair]) -> str:
    """The `| name | repair |` table of the module docstrings, columns padded to align."""
    rows = [(repair.name, repair.description) for repair in repairs]
    name_width = max(len("name"), *(len(name) for name, _ in rows))
    text_width = max(len("repair"), *(len(text) for _, text in rows))
    lines = [
        f"| {'name':<{name_width}} | {'repair':<{text_width}} |",
        f"|{'-' * (name_width + 2)}|{'-' * (text_width + 2)}|",
    ]
    lines += [f"| {name:<{name_width}} | {text:<{text_width}} |" for name, text in rows]
    return "\n".join(lines)


def all_repairs() -> tuple[Repair, ...]:
    """Every repair newsflow can record, decoding then cleaning, each in the order applied."""
    from transforms import cleaning, decoding

    return (*decoding.REPAIRS, *cleaning.REPAIRS)
