"""The registry of repairs: one list, in order, that the rest is derived from."""

from __future__ import annotations

from transforms import cleaning, decoding
from transforms.repairs import Repair, all_repairs, markdown_table


def test_all_repairs_lists_decoding_then_cleaning_in_order() -> None:
    repairs = all_repairs()
    assert repairs == (*decoding.REPAIRS, *cleaning.REPAIRS)
    names = [repair.name for repair in repairs]
    assert len(names) == len(set(names))
    assert all(repair.stage == "decoding" for repair in decoding.REPAIRS)
    stages = [repair.stage for repair in cleaning.REPAIRS]
    assert stages == sorted(stages, key=["before_mojibake", "mojibake", "after_mojibake"].index)


def test_every_repair_has_a_description_and_a_known_option() -> None:
    options = set(cleaning.CleaningOptions.__dataclass_fields__)
    for repair in all_repairs():
        assert repair.description and not repair.description.endswith("."), repair.name
        assert repair.option is None or repair.option in options, repair.name


def test_markdown_table_aligns_columns() -> None:
    table = markdown_table([Repair("a", "one", "decoding"), Repair("long_name", "two", "decoding")])
    assert table.splitlines() == [
        "| name      | repair |",
        "|-----------|--------|",
        "| a         | one    |",
        "| long_name | two    |",
    ]
