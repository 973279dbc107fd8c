"""Loading only what NER needs, and getting the same entities as the full pipeline."""

from __future__ import annotations

from dataclasses import replace

import spacy

from flows.processing import nlp as nlp_module
from flows.processing.nlp import DEFAULT_MODEL, find_mentions, load_model, ner_components
from tests.helpers import SEED_ARTICLE
from transforms.paragraphs import split_paragraphs

PIPELINE = ["tok2vec", "tagger", "parser", "ner"]


def components(ner_tok2vec: dict) -> dict:
    return {
        "tok2vec": {"factory": "tok2vec"},
        "tagger": {"factory": "tagger"},
        "parser": {"factory": "parser"},
        "ner": {"factory": "ner", "model": {"tok2vec": ner_tok2vec}},
    }


def test_ner_with_its_own_embedding_needs_nothing_else():
    own = {"@architectures": "spacy.Tok2Vec.v2", "width": 96}
    assert ner_components(PIPELINE, components(own)) == {"ner"}


def test_ner_listening_to_a_shared_embedder_keeps_it():
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "upstream": "*"}
    assert ner_components(PIPELINE, components(listener)) == {"ner", "tok2vec"}
    named = {"@architectures": "spacy.Tok2VecListener.v1", "upstream": "tok2vec"}
    assert ner_components(PIPELINE, components(named)) == {"ner", "tok2vec"}


def test_ner_listening_to_a_transformer_keeps_it():
    pipeline = ["transformer", "tagger", "ner"]
    config = {
        "transformer": {"factory": "transformer"},
        "tagger": {"factory": "tagger"},
        "ner": {
            "factory": "ner",
            "model": {
                "tok2vec": {
                    "@architectures": "spacy-transformers.TransformerListener.v1",
                    "upstream": "*",
                }
            },
        },
    }
    assert ner_components(pipeline, config) == {"ner", "transformer"}


def test_default_model_runs_ner_alone_with_the_full_pipelines_entities():
    nlp = load_model(DEFAULT_MODEL)
    assert nlp.pipe_names == ["ner"]
    paragraphs = split_paragraphs(SEED_ARTICLE.read_text(encoding="utf-8"))
    full = spacy.load(DEFAULT_MODEL)
    expected = [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in full.pipe(paragraphs)
    ]
    (mentions,) = find_mentions(nlp, [paragraphs])
    found = [[] for _ in paragraphs]
    for mention in mentions:
        found[mention.paragraph_index].append((mention.start_char, mention.end_char, mention.label))
    assert found == expected
    assert sum(map(len, found)) > 20


def test_repeated_paragraphs_get_the_entities_they_get_alone():
    nlp = load_model(DEFAULT_MODEL)
    paragraphs = split_paragraphs(SEED_ARTICLE.read_text(encoding="utf-8"))
    (alone,) = find_mentions(nlp, [paragraphs])
    whole, head, one = find_mentions(nlp, [paragraphs, paragraphs[:3], [paragraphs[2]]])
    assert whole == alone
    assert head == [m for m in alone if m.paragraph_index < 3]
    assert one == [replace(m, paragraph_index=0) for m in alone if m.paragraph_index == 2]


def test_remembered_paragraphs_are_bounded(monkeypatch):
    monkeypatch.setattr(nlp_module, "REMEMBERED_PARAGRAPHS", 5)
    texts = [f"Paragraph {n} was written in Paris." for n in range(12)]
    mentions = find_mentions(load_model(DEFAULT_MODEL), [texts])
    assert len(nlp_module._seen) == 5
    assert [m.text for m in mentions[0] if m.label == "GPE"] == ["Paris"] * 12
