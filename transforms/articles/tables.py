"""Small fixed tables the article readers and rules read, kept apart from the logic.

Everything here is vocabulary (field names news scrapers use, words that open a byline or a date
line, language-code folds), reviewed on its own and extended without touching the code.
"""

from __future__ import annotations

# --- JSON records -------------------------------------------------------------------------------
# Field names, in order of preference, under which news scrapers and feeds put each part of an
# article. news-please: maintext, title, date_publish, url, authors, language, source_domain;
# newspaper3k/newspaper4k: text, title, publish_date, url, authors, meta_lang, source_url;
# trafilatura's JSON: text, title, date, url, author, hostname, sitename, categories;
# NewsAPI-like and generic feeds: content, description, publishedAt, link, byline, source.
# A dotted name reads a nested object (`source.name`).
TEXT_FIELDS = ("maintext", "text", "content", "body", "article_text", "articleBody", "raw_text")
TITLE_FIELDS = ("title", "headline", "name")
DATE_FIELDS = (
    "date_publish",
    "published",
    "published_at",
    "publishedAt",
    "publish_date",
    "date_published",
    "datePublished",
    "pubDate",
    "pub_date",
    "date",
    "created_at",
)
URL_FIELDS = ("url", "link", "canonical_url", "source_url_full", "href")
AUTHOR_FIELDS = ("authors", "author", "byline", "creator", "creators")
LANGUAGE_FIELDS = ("language", "lang", "meta_lang", "inLanguage", "locale")
SOURCE_FIELDS = (
    "source_domain",
    "source",
    "source.name",
    "sitename",
    "site_name",
    "publisher",
    "publisher.name",
    "hostname",
    "source_url",
    "domain",
)
SECTION_FIELDS = ("section", "category", "categories", "articleSection", "department", "rubric")
ID_FIELDS = ("id", "_id", "uuid", "guid", "article_id", "doc_id")

# A JSON file that is one object holding the articles under one of these keys is read as that
# list (the shape of search APIs and exports: `{"status": "ok", "articles": [...]}`).
CONTAINER_FIELDS = ("articles", "items", "results", "data", "documents", "records", "entries")

# Values scrapers write where they have nothing (read as missing, not as text).
EMPTY_VALUES = frozenset({"", "none", "null", "nan", "n/a", "na", "undefined", "-"})

# --- HTML pages ---------------------------------------------------------------------------------
# <meta> names/properties, in order of preference, for each part of an article. JSON-LD
# (NewsArticle, Article, ReportageNewsArticle...) is read before any of these.
META_TITLE = ("og:title", "twitter:title", "dc.title", "title")
META_DATE = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
)
META_URL = ("og:url", "twitter:url")
META_AUTHOR = ("article:author", "author", "dc.creator", "parsely-author", "sailthru.author")
META_SECTION = ("article:section", "og:article:section", "section", "parsely-section")
META_SOURCE = ("og:site_name", "application-name", "twitter:site")
META_LANGUAGE = ("og:locale", "content-language", "dc.language", "language")
JSON_LD_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)

# --- Plain text ---------------------------------------------------------------------------------
# A first paragraph is a headline only within these bounds (see `transforms.articles.roles`).
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 25
# Characters a headline does not end with: they close or continue a sentence of running text.
# (`?` and `!` are common in headlines; `...` and an abbreviation such as `U.S.` are allowed.)
HEADLINE_BAD_ENDINGS = (".", ",", ";", ":", "\u3002", "\u060c")

# Words that open a byline, by language (`By Jane Smith`, `Von Anna Weber`, `Par Marie Dupont`).
BYLINE_OPENERS = (
    "by",
    "von",
    "par",
    "por",
    "di",
    "door",
    "av",
    "af",
    "przez",
    "\u0430\u0432\u0442\u043e\u0440",  # автор
)
BYLINE_MAX_CHARS = 120

# Labels that may open a date line (`Published: 3 March 2024`, `Updated 10:32 GMT`).
DATE_LINE_LABELS = (
    "published on",
    "published",
    "updated on",
    "last updated",
    "updated",
    "posted on",
    "posted",
    "first published",
    "date",
    "veröffentlicht am",
    "veröffentlicht",
    "aktualisiert am",
    "publié le",
    "mis à jour le",
    "publicado el",
    "publicado",
    "pubblicato il",
)
DATE_LINE_MAX_CHARS = 80

# Wire agencies whose name appears in brackets in a dateline: `LONDON (Reuters) -`.
WIRE_AGENCIES = (
    "Reuters",
    "AP",
    "AFP",
    "dpa",
    "ANSA",
    "EFE",
    "Bloomberg",
    "PA",
    "UPI",
    "Xinhua",
    "Kyodo",
    "Yonhap",
    "TASS",
    "Interfax",
    "Anadolu",
    "CNN",
    "BBC",
)

# --- Language -----------------------------------------------------------------------------------
# The language identifier (py3langid) knows some languages by codes that are not ISO 639-1. Those
# with an ISO 639-1 macrolanguage are folded into it; the rest are not considered at all (a
# document is never labelled with a code outside ISO 639-1).
LANGUAGE_FOLDS = {
    "yue": "zh",  # Cantonese
    "wuu": "zh",  # Wu Chinese
    "arz": "ar",  # Egyptian Arabic
    "ary": "ar",  # Moroccan Arabic
    "uzs": "uz",  # Southern Uzbek
    "hbo": "he",  # Ancient Hebrew
    "grc": "el",  # Ancient Greek
    "gug": "gn",  # Paraguayan Guaraní
}

# --- Dates --------------------------------------------------------------------------------------
# Languages `dateparser` tries for a written date when the article's language is not known yet
# (trying all of its 200 locales takes seconds per unreadable string). When it is known, that
# language and English are tried.
DATE_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "sv",
    "pl",
    "cs",
    "ru",
    "uk",
    "tr",
    "el",
    "ar",
    "he",
    "hi",
    "zh",
    "ja",
    "ko",
)

# --- Boilerplate trafilatura may leave ----------------------------------------------------------
# Class or id tokens of page blocks that are never the article (adverts, share bars, newsletter
# boxes, consent notices), pruned before extraction. Whole tokens only, so `shareholders` or
# `advertising-news` (a section of a trade paper) are not touched.
BOILERPLATE_CLASS_TOKENS = (
    "advert",
    "advertisement",
    "ad-slot",
    "ad-container",
    "ad-unit",
    "dfp-ad",
    "share-tools",
    "share-bar",
    "social-share",
    "newsletter-signup",
    "newsletter-box",
    "cookie-banner",
    "cookie-consent",
    "consent-banner",
    "paywall-prompt",
    "related",
    "related-stories",
    "related-articles",
    "read-more",
    "most-read",
    "outbrain",
    "taboola",
)
# Lines that, alone, are a label of the layout, not a paragraph of the article.
BOILERPLATE_LINES = frozenset(
    {
        "advertisement",
        "advertising",
        "sponsored",
        "sponsored content",
        "anzeige",
        "werbung",
        "publicité",
        "publicidad",
        "pubblicità",
        "реклама",
        "広告",
        "广告",
        "광고",
        "إعلان",
        "skip advert",
        "continue reading",
        "read more",
        "story continues below",
        "story continues below advertisement",
    }
)
