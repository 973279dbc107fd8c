"""The README documents every table and column that the schemas declare."""

from pathlib import Path

from flows.contract.readme import data_dictionary, with_dictionary
from flows.contract.tables import TABLES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_column_of_every_table():
    for name, table in TABLES.items():
        assert f"### `{name}`" in README, name
        for field in table.columns:
            assert f"\n| {field.name} | " in README, f"{name}.{field.name}"


def test_readme_dictionary_is_the_generated_one():
    assert with_dictionary(README) == README, (
        "run `python -m flows.contract.readme` to regenerate it"
    )
    assert data_dictionary() in README


def test_every_column_has_a_description():
    for name, table in TABLES.items():
        for field in table.columns:
            assert field.metadata and field.metadata.get(b"description"), f"{name}.{field.name}"


def test_readme_lists_every_setting():
    from flows.contract.settings import Settings

    for name in Settings.model_fields:
        assert f"| `NEWSFLOW_{name.upper()}` | " in README, name
