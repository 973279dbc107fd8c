"""Split a document into paragraphs by the rule of the public contract.

If the text contains a blank line, paragraphs are the blocks between blank lines and the single
line breaks inside a block are hard wraps, joined with a space. Otherwise every non-empty line is
a paragraph. A line holding only white space counts as blank.
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def split_paragraphs(text: str) -> list[str]:
    r"""Return the paragraphs of `text`, each stripped of surrounding white space.

    Blocks between blank lines, their hard wraps joined with a space:

    >>> split_paragraphs("Iran withdraws\n\nForces left the\nbases on Monday.\n")
    ['Iran withdraws', 'Forces left the bases on Monday.']

    Without a blank line, every non-empty line is a paragraph:

    >>> split_paragraphs("Iran withdraws\r\nForces left on Monday.\r\n")
    ['Iran withdraws', 'Forces left on Monday.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BLANK_LINE.search(text):
        blocks = _BLANK_LINE.split(text)
        paragraphs = (
            " ".join(line.strip() for line in b.split("\n") if line.strip()) for b in blocks
        )
    else:
        paragraphs = (line.strip() for line in text.split("\n"))
    return [p for p in paragraphs if p]
