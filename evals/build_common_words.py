"""Write `transforms/data/common_words.json`: each language's 100 commonest words (wordfreq).

The language rules take a paragraph whose words are mostly its document language's commonest
ones to be in that language without running the identifier. Reading the lists from wordfreq at
run time costs about 0.4 s per language and process (it loads the whole frequency list); this
table holds only what the rule needs. Deterministic: running it again writes the same file.

    .venv/bin/python evals/build_common_words.py
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

from wordfreq import available_languages, top_n_list

OUT = Path(__file__).resolve().parents[1] / "transforms" / "data" / "common_words.json"
COUNT = 100


def main() -> None:
    languages = sorted(code for code in available_languages() if len(code) == 2)
    table = {
        "provenance": f"wordfreq {version('wordfreq')}, top_n_list(language, {COUNT})",
        "languages": {code: top_n_list(code, COUNT) for code in languages},
    }
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(languages)} languages written to {OUT}")


if __name__ == "__main__":
    main()
