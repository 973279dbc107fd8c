"""Fit the sentence sentiment model on human-rated text and write `sentiment_model.json`.

The model is ridge regression from the lexicon and rule features of `transforms.sentiment_features`
to the mean human rating (-4..4) of the four human-rated sets of the VADER study: NYT editorial
sentences, tweets, movie-review snippets and Amazon-review snippets. The fit is deterministic (a
closed-form solve; folds drawn with a fixed seed), so running it twice writes the same numbers.

Cross-validation is grouped: all sentences of one NYT article (or one Amazon review) fall in the
same fold, so a score never benefits from having seen the neighbouring sentences. In each fold
the model is fitted and the label thresholds tuned on the other folds only, and held-out items
are scored by the product's own code path (`transforms.sentiment.aggregate`). Those held-out
figures, not in-sample ones, are recorded in the model file.

    .venv/bin/python evals/fit_sentiment.py [--eval-dir DIR] [--out PATH] [--folds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from transforms.sentiment import SentimentModel, aggregate, sentence_parts
from transforms.sentiment_features import FEATURE_NAMES, SentenceFeatures, vader_scores

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"
DEFAULT_OUT = REPO / "transforms" / "data" / "sentiment_model.json"
RATED_SETS = (
    "nyt_editorial_sentiment_dev",
    "tweets_sentiment",
    "movieReviewSnippets_sentiment",
    "amazonReviewSnippets_sentiment",
)
# Sets whose ids are `<document>_<sentence>`: their folds are grouped by document.
GROUPED_SETS = frozenset({"nyt_editorial_sentiment_dev", "amazonReviewSnippets_sentiment"})
SEED = 20240517
FOLDS = 5
RIDGE_PENALTY = 1.0
# Human classes from the mean rating (-4..4): below -0.5 negative, above 0.5 positive.
HUMAN_NEGATIVE_BELOW = -0.5
HUMAN_POSITIVE_ABOVE = 0.5
THRESHOLD_GRID = np.round(np.arange(0.0, 0.3001, 0.005), 3)
LABELS = ("negative", "neutral", "positive")


@dataclass
class RatedItem:
    """One human-rated text with its sentence parts computed once."""

    group: str
    rating: float
    parts: list[tuple[int, int, SentenceFeatures]]
    vader_compound: float

    def features(self) -> np.ndarray:
        """Sentence features averaged with the paragraph's length weights (the model is linear)."""
        if not self.parts:
            return np.zeros(len(FEATURE_NAMES))
        weights = np.array([max(f.n_words, 1) for _, _, f in self.parts], dtype=float)
        values = np.array([f.values for _, _, f in self.parts], dtype=float)
        return weights @ values / weights.sum()


def load_rated_set(path: Path) -> list[RatedItem]:
    """Read one `{id, mean, text}` JSON-lines set and compute its sentence parts."""
    grouped = path.stem in GROUPED_SETS
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        group = str(row["id"]).split("_")[0] if grouped else str(row["id"])
        text = row["text"]
        items.append(
            RatedItem(
                group, float(row["mean"]), sentence_parts(text), vader_scores(text)["compound"]
            )
        )
    return items


def load_rated_sets(
    eval_dir: Path, names: Sequence[str] = RATED_SETS
) -> dict[str, list[RatedItem]]:
    """All rated sets by name."""
    return {name: load_rated_set(eval_dir / f"{name}.jsonl") for name in names}


def fold_of(items: Sequence[RatedItem], folds: int, seed: int) -> np.ndarray:
    """Assign every item a fold so that items of one group share it; seeded, so reproducible."""
    groups = sorted({item.group for item in items})
    order = np.random.default_rng(seed).permutation(len(groups))
    fold_by_group = {groups[g]: i % folds for i, g in enumerate(order)}
    return np.array([fold_by_group[item.group] for item in items])


def fit_ridge(x: np.ndarray, y: np.ndarray, penalty: float = RIDGE_PENALTY) -> dict[str, Any]:
    """Ridge regression on standardised features; the intercept is not penalised."""
    center = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.column_stack([np.ones(len(x)), (x - center) / scale])
    penalty_matrix = penalty * np.eye(z.shape[1])
    penalty_matrix[0, 0] = 0.0
    solution = np.linalg.solve(z.T @ z + penalty_matrix, z.T @ y)
    return {
        "features": list(FEATURE_NAMES),
        "center": center.tolist(),
        "scale": scale.tolist(),
        "intercept": float(solution[0]),
        "coefficients": solution[1:].tolist(),
    }


def human_labels(ratings: np.ndarray) -> np.ndarray:
    """Human classes 0/1/2 (negative/neutral/positive) from mean ratings."""
    return np.where(
        ratings < HUMAN_NEGATIVE_BELOW, 0, np.where(ratings > HUMAN_POSITIVE_ABOVE, 2, 1)
    )


def predicted_labels(compounds: np.ndarray, negative: float, positive: float) -> np.ndarray:
    """Classes 0/1/2 by thresholds, as `SentimentModel.label` assigns them."""
    return np.where(compounds <= negative, 0, np.where(compounds >= positive, 2, 1))


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Unweighted mean of the per-class F1 over the three classes."""
    scores = []
    for label in range(3):
        tp = np.sum((predicted == label) & (truth == label))
        denominator = np.sum(predicted == label) + np.sum(truth == label)
        scores.append(2 * tp / denominator if denominator else 0.0)
    return float(np.mean(scores))


def tune_thresholds(
    compounds: Sequence[np.ndarray], ratings: Sequence[np.ndarray]
) -> tuple[float, float]:
    """Symmetric-grid search for the thresholds maximising macro-F1 averaged over the sets.

    Averaging over sets keeps the large movie set from dominating; ties go to the smallest
    thresholds.
    """
    truths = [human_labels(r) for r in ratings]
    best = (-1.0, 0.0, 0.0)
    for negative in -THRESHOLD_GRID:
        for positive in THRESHOLD_GRID:
            score = np.mean(
                [
                    macro_f1(t, predicted_labels(c, negative, positive))
                    for c, t in zip(compounds, truths, strict=True)
                ]
            )
            if score > best[0] + 1e-12:
                best = (float(score), float(negative), float(positive))
    return best[1], best[2]


def fit_model(sets: dict[str, list[RatedItem]]) -> dict[str, Any]:
    """Fit coefficients on every item of `sets`, then tune the thresholds on the fitted scores."""
    items = [item for set_items in sets.values() for item in set_items]
    x = np.array([item.features() for item in items])
    y = np.array([item.rating for item in items])
    model = fit_ridge(x, y)
    provisional = {**model, "label_thresholds": {"negative": -0.05, "positive": 0.05}}
    scorer = SentimentModel.from_dict(provisional)
    compounds = [score_items(scorer, set_items) for set_items in sets.values()]
    ratings = [np.array([i.rating for i in set_items]) for set_items in sets.values()]
    negative, positive = tune_thresholds(compounds, ratings)
    return {**model, "label_thresholds": {"negative": negative, "positive": positive}}


def score_items(model: SentimentModel, items: Sequence[RatedItem]) -> np.ndarray:
    """Paragraph compounds of the items by the product's aggregation."""
    return np.array([aggregate(model, i.parts, i.vader_compound).compound for i in items])


def cross_validate(
    sets: dict[str, list[RatedItem]], folds: int = FOLDS, seed: int = SEED
) -> dict[str, dict[str, np.ndarray]]:
    """Held-out compounds and labels (0/1/2) for every item of every set."""
    assignment = {name: fold_of(items, folds, seed) for name, items in sets.items()}
    held_out = {
        name: {"compound": np.zeros(len(items)), "label": np.zeros(len(items), dtype=int)}
        for name, items in sets.items()
    }
    for fold in range(folds):
        training = {
            name: [i for i, f in zip(items, assignment[name], strict=True) if f != fold]
            for name, items in sets.items()
        }
        model = SentimentModel.from_dict(fit_model(training))
        for name, items in sets.items():
            mask = assignment[name] == fold
            compounds = score_items(model, [i for i, m in zip(items, mask, strict=True) if m])
            held_out[name]["compound"][mask] = compounds
            held_out[name]["label"][mask] = predicted_labels(
                compounds, model.negative_threshold, model.positive_threshold
            )
    return held_out


def agreement(
    sets: dict[str, list[RatedItem]], held_out: dict[str, dict[str, np.ndarray]]
) -> dict[str, dict[str, float]]:
    """Pearson r and macro-F1 per set, for plain VADER and for the cross-validated model."""
    table = {}
    for name, items in sets.items():
        ratings = np.array([i.rating for i in items])
        vader = np.array([i.vader_compound for i in items])
        truth = human_labels(ratings)
        table[name] = {
            "n": len(items),
            "vader_r": round(float(np.corrcoef(vader, ratings)[0, 1]), 4),
            "vader_macro_f1": round(macro_f1(truth, predicted_labels(vader, -0.05, 0.05)), 4),
            "model_r": round(float(np.corrcoef(held_out[name]["compound"], ratings)[0, 1]), 4),
            "model_macro_f1": round(macro_f1(truth, held_out[name]["label"]), 4),
        }
    return table


def model_file(
    sets: dict[str, list[RatedItem]], folds: int = FOLDS, seed: int = SEED
) -> dict[str, Any]:
    """The complete model document: coefficients, thresholds, provenance, held-out figures."""
    model = fit_model(sets)
    rounded = {
        key: [round(v, 8) for v in value]
        if isinstance(value, list) and key != "features"
        else value
        for key, value in model.items()
    }
    rounded["intercept"] = round(model["intercept"], 8)
    return {
        **rounded,
        "rating_scale": 4.0,
        "provenance": {
            "script": "evals/fit_sentiment.py",
            "fitted_on": dt.date.today().isoformat(),
            "data": {name: len(items) for name, items in sets.items()},
            "data_description": "mean of human ratings in [-4, 4] per text (VADER study sets)",
            "method": f"ridge regression (penalty {RIDGE_PENALTY}) on standardised features",
            "human_classes": f"rating < {HUMAN_NEGATIVE_BELOW} negative, "
            f"> {HUMAN_POSITIVE_ABOVE} positive, else neutral",
            "threshold_objective": "macro-F1 averaged over the sets",
            "seed": seed,
            "folds": folds,
        },
        "cross_validated": agreement(sets, cross_validate(sets, folds, seed)),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds", type=int, default=FOLDS)
    args = parser.parse_args(argv)
    document = model_file(load_rated_sets(args.eval_dir), args.folds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    for name, row in document["cross_validated"].items():
        print(f"{name:34} " + "  ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()
