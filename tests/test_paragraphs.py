from hypothesis import given
from hypothesis import strategies as st

from transforms.paragraphs import split_paragraphs


def test_one_paragraph_per_line_without_blank_lines():
    assert split_paragraphs("Title\nFirst para.\nSecond para.\n") == [
        "Title",
        "First para.",
        "Second para.",
    ]


def test_blank_lines_separate_blocks_and_wraps_become_spaces():
    text = "Title\n\nA long line that\nwraps here.\n\nNext block.\n"
    assert split_paragraphs(text) == ["Title", "A long line that wraps here.", "Next block."]


def test_whitespace_only_lines_count_as_blank():
    assert split_paragraphs("One\nwrapped\n  \t\nTwo") == ["One wrapped", "Two"]


def test_crlf_and_cr_line_ends():
    assert split_paragraphs("A\r\nB\rC") == ["A", "B", "C"]
    assert split_paragraphs("A\r\nb\r\n\r\nC") == ["A b", "C"]


def test_empty_and_blank_text_has_no_paragraphs():
    assert split_paragraphs("") == []
    assert split_paragraphs(" \n\n \n") == []


line = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"),
        min_size=1,
    )
    .map(str.strip)
    .filter(bool)
)


@given(st.lists(line, min_size=1, max_size=8))
def test_clean_paragraphs_one_per_line_come_back_unchanged(paragraphs):
    assert split_paragraphs("\n".join(paragraphs)) == paragraphs


@given(st.lists(line, min_size=1, max_size=8))
def test_clean_paragraphs_between_blank_lines_come_back_unchanged(paragraphs):
    assert split_paragraphs("\n\n".join(paragraphs)) == paragraphs
