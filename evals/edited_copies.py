"""Lightly edited copies of articles, labelled, for scoring near-duplicate detection.

An edited copy is what a second outlet does to a wire story: a new headline, a few words
changed, a paragraph cut, trimmed or moved, a credit line added. Each copy gets two to four such
edits, drawn with a fixed seed, so the labelled set is the same on every run.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

Article = tuple[str, list[str]]  # (title, body paragraphs)

CREDIT_LINES = (
    "Additional reporting by our correspondents.",
    "This story has been updated with further details.",
    "Reporting by the wire desk; editing by the news team.",
    "(c) 2005 wire services. All rights reserved.",
)
REPLACEMENTS = ("said", "told", "reported", "major", "new", "several", "recent", "main", "key")


def _retitle(rng: random.Random, title: str, body: list[str]) -> Article:
    return f"{title}: {rng.choice(('latest', 'update', 'what we know'))}", body


def _substitute_words(rng: random.Random, title: str, body: list[str]) -> Article:
    edited = []
    for paragraph in body:
        words = paragraph.split()
        for _ in range(max(1, len(words) // 40)):
            words[rng.randrange(len(words))] = rng.choice(REPLACEMENTS)
        edited.append(" ".join(words))
    return title, edited


def _drop_paragraph(rng: random.Random, title: str, body: list[str]) -> Article:
    if len(body) < 5:
        return title, body
    index = rng.randrange(1, len(body))
    return title, body[:index] + body[index + 1 :]


def _trim_last_sentence(rng: random.Random, title: str, body: list[str]) -> Article:
    last = body[-1]
    cut = last.rsplit(". ", 1)[0]
    return title, [*body[:-1], cut if cut != last else last]


def _swap_paragraphs(rng: random.Random, title: str, body: list[str]) -> Article:
    if len(body) < 3:
        return title, body
    index = rng.randrange(1, len(body) - 1)
    swapped = list(body)
    swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
    return title, swapped


def _add_credit(rng: random.Random, title: str, body: list[str]) -> Article:
    return title, [*body, rng.choice(CREDIT_LINES)]


EDITS: tuple[Callable[[random.Random, str, list[str]], Article], ...] = (
    _retitle,
    _substitute_words,
    _drop_paragraph,
    _trim_last_sentence,
    _swap_paragraphs,
    _add_credit,
)


def edited_copy(rng: random.Random, title: str, body: Sequence[str]) -> Article:
    """A copy of the article with two to four light edits."""
    article: Article = (title, list(body))
    for edit in rng.sample(EDITS, rng.randint(2, 4)):
        article = edit(rng, *article)
    return article


def labelled_set(
    originals: Sequence[Article], seed: int = 13
) -> tuple[list[Article], set[frozenset[int]]]:
    """The originals followed by one edited copy of each, and the pairs (by index) that are
    the same story: original i and its copy len(originals) + i."""
    rng = random.Random(seed)
    copies = [edited_copy(rng, title, body) for title, body in originals]
    n = len(originals)
    return [*originals, *copies], {frozenset((i, n + i)) for i in range(n)}


def pair_scores(
    groups: Sequence[str | None], truth: set[frozenset[int]]
) -> tuple[float, float, int, int, int]:
    """Precision and recall over pairs of documents put in one group, with the counts behind
    them (true positives, found pairs, true pairs)."""
    members: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        if group is not None:
            members.setdefault(group, []).append(index)
    found = {
        frozenset((a, b))
        for indices in members.values()
        for i, a in enumerate(indices)
        for b in indices[i + 1 :]
    }
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall, hits, len(found), len(truth)
