"""Small fixed tables the entity rules read, kept apart from the rules to be reviewed alone.

Everything here is orthography or grammar (punctuation, articles, label sets, the words around
amounts), not names: name knowledge comes from maintained data packages (`wordfreq`,
`country_converter`) and the curated tables in `data/entities/` (`transforms.entity_data`).
"""

from __future__ import annotations

RIGHT_SINGLE_QUOTE = "\u2019"

# Possessive endings a model leaves on a name (`Assad's`, also with the typographic apostrophe
# U+2019); a bare trailing apostrophe (`Jones'`) goes with the quote marks.
POSSESSIVE_SUFFIXES = tuple(
    suffix.replace("'", apostrophe)
    for suffix in ("'s", "'S")
    for apostrophe in ("'", RIGHT_SINGLE_QUOTE)
)

BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("<", ">"))

# Quote marks that never belong at the edge of a name.
QUOTE_CHARS = frozenset(
    "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u00b4"
)

# An article before a name is not part of it: `the Pentagon` and `Pentagon` are one name.
LEADING_ARTICLES = frozenset({"the", "The", "THE"})

# Labels whose names do not end in a bare number, so one is a table score or count glued on
# (`Israel 2`); organisations, products and events keep theirs (`Channel 4`, `Apollo 13`).
BARE_NUMBER_STRIPPED_LABELS = frozenset({"PERSON", "GPE", "LOC", "NORP"})

# Events lose a leading article too (`the Six Nations`); works keep theirs (`The Aviator`).
ARTICLE_STRIPPED_LABELS = frozenset({"EVENT"})

# Labels whose mentions are proper names of a simple shape (capitalised words, no trailing article,
# number or common noun): the shape rules and the common-word check apply to these only.
NAME_SHAPED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})

# Labels that name something and so take part in document-level consistency and canonical names.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)

# Labels whose one-word mentions are checked against the common-word list.
COMMON_WORD_CHECKED_LABELS = frozenset({"ORG", "NORP", "FAC", "LOC"})

# A mention that is exactly a country name is a GPE whatever the model said, under these labels.
COUNTRY_RELABELLED_LABELS = frozenset({"GPE", "LOC", "ORG", "PERSON", "FAC"})
COUNTRY_LABEL = "GPE"

# Labels whose country names are given the country's canonical short name.
PLACE_LABELS = frozenset({"GPE", "LOC"})
PERSON_LABEL = "PERSON"

# Zipf frequency (log10 per billion words) from which a word counts as common English.
COMMON_WORD_ZIPF = 4.5

# Characters that end a sentence, for the sentence-initial test.
SENTENCE_END_CHARS = frozenset(".!?:;")

# Share of a paragraph's letters in capitals from which it is an all-capitals headline or dateline.
ALL_CAPITALS_SHARE = 0.9

# Amounts keep their unit: a PERCENT its sign or words, a MONEY its currency and magnitude
# (`76%`, `76 per cent`, `$500m`, `£398m`, `400m euros`, `US$1.2bn`).
AMOUNT_LABELS = frozenset({"MONEY", "PERCENT"})
# Characters that belong to an amount even though they are not letters or digits.
AMOUNT_CHARS = frozenset("%$£€¥₹¢")
# Currency written before the number, longest first (`US$` before `$`).
CURRENCY_PREFIXES = ("US$", "HK$", "NZ$", "C$", "A$", "S$", "R$", "$", "£", "€", "¥", "₹")
# Currency codes and words written after the number, and magnitudes glued to it or spelt out.
CURRENCY_WORDS = (
    "euros", "euro", "dollars", "dollar", "pounds", "pound", "sterling", "yen", "yuan",
    "roubles", "rubles", "rupees", "francs", "marks", "pence", "cents", "pesos", "won",
    "rand", "kronor", "krona", "kroner", "reais", "rupiah", "baht", "ringgit", "shekels",
    "dinars", "lira", "lire", "zloty", "forints", "naira", "pesetas", "escudos", "drachmas",
    "riyals", "rials", "dirhams", "penny", "cent", "pennies", "quid",
    "USD", "EUR", "GBP", "JPY",
)  # fmt: skip
MAGNITUDE_WORDS = ("trillion", "billion", "million", "thousand", "bn", "m", "k", "tn")
PERCENT_WORDS = ("per cent", "percent", "pct", "%")
