"""Agreement of paragraph sentiment with human ratings, next to plain VADER.

For each human-rated set in the shared eval folder this prints Pearson r between the score and
the mean human rating, and 3-class macro-F1 against human classes (mean rating < -0.5 negative,
> 0.5 positive, else neutral). Plain VADER is scored on the whole text with its own thresholds
(+-0.05). The project's model is scored cross-validated: grouped folds (one NYT article or one
Amazon review never spans two folds), with coefficients and label thresholds refitted on the
training folds only, and each held-out text scored by the product's paragraph code path.

    .venv/bin/python evals/sentiment_eval.py [--eval-dir DIR] [--folds 5] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

try:
    from evals.fit_sentiment import (
        DEFAULT_EVAL_DIR,
        FOLDS,
        SEED,
        agreement,
        cross_validate,
        load_rated_sets,
    )
except ModuleNotFoundError:  # run as a script: evals/ itself is on sys.path
    from fit_sentiment import (  # type: ignore[no-redef]
        DEFAULT_EVAL_DIR,
        FOLDS,
        SEED,
        agreement,
        cross_validate,
        load_rated_sets,
    )

from transforms.sentiment import default_model

COLUMNS = ("n", "vader_r", "model_r", "vader_macro_f1", "model_macro_f1")
HEADERS = ("set", "n", "VADER r", "model r (CV)", "VADER F1", "model F1 (CV)")


def format_table(table: dict[str, dict[str, float]]) -> str:
    """A Markdown table of the agreement figures, one row per set."""
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for name, row in table.items():
        cells = [name.removesuffix("_sentiment")]
        cells += [str(row["n"])] + [f"{row[c]:.3f}" for c in COLUMNS[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sets = load_rated_sets(args.eval_dir)
    table = agreement(sets, cross_validate(sets, args.folds, SEED))
    print(format_table(table))
    model = default_model()
    print(
        f"\nshipped label thresholds: negative <= {model.negative_threshold}, "
        f"positive >= {model.positive_threshold} (compound)"
    )
    if args.json:
        args.json.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
