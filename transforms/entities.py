"""Post-process the named-entity mentions of one document.

Input mentions come straight from the NER model; output entities are what analysts group by, so
they must be clean (no glued-on punctuation), consistent (one name, one label, throughout the
document) and carry a canonical name (`Assad` and `Bashar Al-Assad` are one person, `IRGC` is the
`Islamic Revolutionary Guard Corps`, `U.S.` is the `United States`). Everything here works on plain
strings and offsets, so any spaCy pipeline with NER (or any other tagger) can feed it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transforms.entity_data import alias_key, gazetteer
from transforms.entity_labels import (
    curated_label,
    decide_labels,
    document_evidence,
    with_table_mentions,
)
from transforms.entity_names import (
    acronym_definitions,
    alias_tail,
    canonical_names,
    capitalised_forms,
    find_unrecognised_occurrences,
    person_name_forms,
    without_non_names,
)
from transforms.entity_people import from_inner_honorific, strip_title
from transforms.entity_spans import (
    amount_label,
    amount_span,
    cut_at_sentence_boundary,
    trim_span,
)
from transforms.entity_tables import NAME_LABELS, NAME_SHAPED_LABELS, PERSON_LABEL
from transforms.mentions import Mention
from transforms.sentences import split_sentences
from transforms.sentiment import ParagraphSentiment, label_for

__all__ = ["Entity", "EntityTone", "Mention", "entity_tones", "resolve_entities"]


@dataclass(frozen=True)
class Entity:
    """A cleaned mention: `text == paragraphs[paragraph_index][start_char:end_char]`."""

    paragraph_index: int
    start_char: int
    end_char: int
    text: str
    label: str
    canonical: str


@dataclass(frozen=True)
class EntityTone:
    """How one entity of a document is spoken of: one row of the `entity_sentiment` table."""

    canonical: str
    label: str
    mentions: int
    sentences: int
    mean_sentiment: float
    negative_share: float
    first_paragraph: int


def resolve_entities(paragraphs: Sequence[str], mentions: Sequence[Mention]) -> list[Entity]:
    """Clean, complete and name the mentions of one document.

    Steps: trim each span to the name (titles cut, amounts keep their unit, no span across a
    sentence boundary); drop overlaps and lone common words taken for names; find acronyms
    defined in the text; give each name one label from the evidence (model votes, context cues,
    curated names); add unrecognised occurrences of recognised names (also in capitals, in
    all-capital headlines); attach the canonical name.
    """
    sentences = [split_sentences(paragraph) for paragraph in paragraphs]
    cleaned = [_curated(m) for m in trimmed_mentions(paragraphs, mentions, sentences)]
    cleaned = without_overlaps(with_table_mentions(paragraphs, cleaned))
    names = [m for m in cleaned if m.label in NAME_LABELS]
    others = [m for m in cleaned if m.label not in NAME_LABELS]
    names = without_non_names(paragraphs, names)
    acronyms = acronym_definitions(paragraphs, names)
    labels = decide_labels(document_evidence(paragraphs, names), acronyms)
    labels |= {form: PERSON_LABEL for form in person_name_forms(labels) if not curated_label(form)}
    capitalised = capitalised_forms(labels)
    labels |= {form: labels[name] for form, name in capitalised.items()}
    found = find_unrecognised_occurrences(paragraphs, names + others, labels)
    names = without_overlaps(names + found)
    canonical = canonical_names(labels, acronyms | capitalised)
    entities = [_entity(m, labels[m.text], canonical[m.text]) for m in names]
    entities += [_entity(m, m.label, " ".join(m.text.split())) for m in others]
    return sorted(entities, key=lambda e: (e.paragraph_index, e.start_char))


def _curated(mention: Mention) -> Mention:
    """A gazetteer name takes its label whatever the model said (`Million Dollar Baby` MONEY)."""
    label = gazetteer().get(alias_key(mention.text))
    if label is None or label == mention.label:
        return mention
    return Mention(
        mention.paragraph_index, mention.start_char, mention.end_char, mention.text, label
    )


def trimmed_mentions(
    paragraphs: Sequence[str],
    mentions: Sequence[Mention],
    sentences: Sequence[list[tuple[int, int]]] | None = None,
) -> list[Mention]:
    """Each mention with its span trimmed to the name; mentions with nothing left are dropped.

    Offsets outside the paragraph are clamped first, so messy input never yields a bad span.
    Amounts grow over their unit; a span across sentences keeps the part in one sentence; a
    person's title is cut (an honorific makes any name a person's: `Mr Ebbers`).
    """
    if sentences is None:
        sentences = [split_sentences(paragraph) for paragraph in paragraphs]
    result = []
    for mention in mentions:
        if not 0 <= mention.paragraph_index < len(paragraphs):
            continue
        paragraph = paragraphs[mention.paragraph_index]
        start = min(max(mention.start_char, 0), len(paragraph))
        end = min(max(mention.end_char, start), len(paragraph))
        cut = _trimmed(paragraph, (start, end), mention.label, sentences[mention.paragraph_index])
        if cut is not None:
            span, label = cut
            text = paragraph[span[0] : span[1]]
            result.append(Mention(mention.paragraph_index, *span, text, label))
    return result


def _trimmed(
    paragraph: str, span: tuple[int, int], label: str, sentences: list[tuple[int, int]]
) -> tuple[tuple[int, int], str] | None:
    trimmed = trim_span(paragraph, *span, label)
    if trimmed is None:
        return None
    grown = cut_at_sentence_boundary(amount_span(paragraph, trimmed, label), sentences, paragraph)
    if grown != trimmed:
        trimmed = trim_span(paragraph, *grown, label)
        if trimmed is None:
            return None
    label = amount_label(paragraph[trimmed[0] : trimmed[1]], label)
    if label in NAME_SHAPED_LABELS:
        trimmed = from_inner_honorific(paragraph, trimmed)
        if strip_title(paragraph, trimmed, honorifics_only=True) != trimmed:
            label = PERSON_LABEL
    if label == PERSON_LABEL:
        trimmed = strip_title(paragraph, trimmed)
        trimmed, label = alias_tail(paragraph, trimmed)
    return trimmed, label


def without_overlaps(mentions: Sequence[Mention]) -> list[Mention]:
    """Of mentions overlapping in a paragraph keep the first given (model mentions come first)."""
    kept: list[Mention] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for mention in mentions:
        spans = taken.setdefault(mention.paragraph_index, [])
        if any(mention.start_char < end and start < mention.end_char for start, end in spans):
            continue
        spans.append((mention.start_char, mention.end_char))
        kept.append(mention)
    return kept


def _entity(mention: Mention, label: str, canonical: str) -> Entity:
    return Entity(
        mention.paragraph_index,
        mention.start_char,
        mention.end_char,
        mention.text,
        label,
        canonical,
    )


def entity_tones(
    entities: Sequence[Entity], sentiments: Sequence[ParagraphSentiment]
) -> list[EntityTone]:
    """One row per (canonical name, label) of a document: how often and in what tone it is named.

    `mean_sentiment` is the mean compound score of the distinct sentences that mention the entity
    (a sentence naming it twice counts once) and `negative_share` the share of those sentences the
    shipped thresholds call negative: a mean hides whether an entity is named in a few harsh
    sentences or in many mild ones. `sentiments[i]` belongs to paragraph `i`.
    """
    sentences: dict[tuple[str, str], dict[tuple[int, int, int], float]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], int] = {}
    for entity in entities:
        key = (entity.canonical, entity.label)
        counts[key] += 1
        first[key] = min(first.get(key, entity.paragraph_index), entity.paragraph_index)
        sentences.setdefault(key, {}).update(_sentences_mentioning(entity, sentiments))
    return [
        _tone(key, counts[key], list(sentences[key].values()), first[key])
        for key in sorted(counts, key=lambda key: (first[key], key))
    ]


def _tone(key: tuple[str, str], mentions: int, scores: list[float], first: int) -> EntityTone:
    negatives = sum(1 for score in scores if label_for(score) == "negative")
    return EntityTone(
        canonical=key[0],
        label=key[1],
        mentions=mentions,
        sentences=len(scores),
        mean_sentiment=_mean(scores),
        negative_share=negatives / len(scores) if scores else 0.0,
        first_paragraph=first,
    )


def _sentences_mentioning(
    entity: Entity, sentiments: Sequence[ParagraphSentiment]
) -> dict[tuple[int, int, int], float]:
    """The scored sentences overlapping the mention, keyed by (paragraph, start, end).

    A mention no sentence span covers (e.g. sentence spans that skip a heading) falls back to its
    paragraph's overall score, so every mention contributes a tone.
    """
    if not 0 <= entity.paragraph_index < len(sentiments):
        return {}
    paragraph = sentiments[entity.paragraph_index]
    found = {
        (entity.paragraph_index, s.start, s.end): s.compound
        for s in paragraph.sentences
        if s.start < entity.end_char and entity.start_char < s.end
    }
    return found or {(entity.paragraph_index, -1, -1): paragraph.compound}


def _mean(values: Iterable[float]) -> float:
    numbers = list(values)
    return sum(numbers) / len(numbers) if numbers else 0.0
