"""Articles, not just files: readers for the formats news arrives in, and article metadata.

Pure functions and data only (bytes or text in, records out; no Prefect, no file system):

| module         | what it does                                                                |
|----------------|-----------------------------------------------------------------------------|
| `readers`      | which reader a file goes to; `read_articles` (a whole file's bytes) and      |
|                | `stream_articles` (a JSON Lines file as chunks, flat memory)                |
| `compression`  | gzip (whole or streamed, bounded) and line framing                          |
| `jsonrecords`  | JSON and JSON Lines records under news scrapers' field names                |
| `html`         | main text (trafilatura) and metadata (JSON-LD, OpenGraph, meta, `<title>`)  |
| `dates`        | publication dates as UTC timestamps, never guessed                          |
| `paths`        | source, section, language, date from path patterns and hive folders         |
| `roles`        | the headline rule, bylines, date lines, datelines: each paragraph's role    |
| `language`     | document and paragraph language (py3langid), the English-only NLP gate      |
| `duplicates`   | exact copies (text fingerprint) and near-duplicates (MinHash LSH), across   |
|                | runs                                                                        |
| `counts`       | words and characters, the same rule in every script                         |
| `prepare`      | a record to a document: cleaned paragraphs, roles, languages, metadata      |
| `model`        | the records readers yield (`ArticleRecord`, `RecordReject`) and note names  |
| `tables`       | the vocabulary the rules read (field aliases, meta names, byline openers)   |

A reader never raises for bad input: a file, record or line that holds no article becomes a
`RecordReject` naming it (with its line number in a JSON Lines file), and the rest goes on.
"""
