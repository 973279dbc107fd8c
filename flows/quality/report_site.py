"""Making the Great Expectations Data Docs site work without internet access.

Data Docs pages load jQuery, Bootstrap and bootstrap-table from public CDNs, and the index page's
tables of suites and results are filled in by bootstrap-table: without internet the report shows no
suites and no results. Copies of those files ship in `flows/quality/report_assets/` (its README lists
packages, versions and licenses); `localise_assets` puts them into the site and points every page
at them.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from flows.quality.page_security import DATA_PAGE_FOLDERS, STATIC_DIR, secure_page
from flows.storage.files import write_bytes, write_text

logger = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).parent / "report_assets"
VENDOR_DIR = "static/vendor"
# newsflow's own scripts for the pages, copied to `STATIC_DIR`.
STATIC_SOURCE_DIR = Path(__file__).parent / "report_static"

_FILTER_CONTROL_CSS = (
    "bootstrap-table-1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css"
)
# Every CDN address the pages load, and the vendored file (relative to ASSETS_DIR) serving it.
LOCAL_COPIES: dict[str, str] = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/dist/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.js-1.12.9/dist/umd/popper.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap-4.3.1/dist/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap-4.3.1/dist/js/bootstrap.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table-1.19.1/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table-1.19.1/dist/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": "bootstrap-table-1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    # Some pages ask for the unminified file: the minified one holds the same rules.
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": _FILTER_CONTROL_CSS,
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": _FILTER_CONTROL_CSS,
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": "bootstrap-datepicker-1.9.0/dist/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": "bootstrap-datepicker-1.9.0/dist/js/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": "bootstrap-dark-1.1.0/dist/css/bootstrap-prefers-dark.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "fontawesome-free-6.6.0/css/all.min.css",
}  # fmt: skip
# Vega (about 0.8 MB) only draws the charts of distribution expectations, which no newsflow suite
# uses. It is not vendored; a page that draws no chart does not load it, so it never waits for it.
CHART_SCRIPTS = frozenset(
    {
        "https://cdn.jsdelivr.net/npm/vega@5",
        "https://cdn.jsdelivr.net/npm/vega-lite@5",
        "https://cdn.jsdelivr.net/npm/vega-embed@6",
    }
)
CHART_CALL = "vegaEmbed("
# The navigation bar logo, fetched with a per-site id; Great Expectations ships the same image.
REMOTE_LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3\.us-east-2\.amazonaws\.com/logo-long\.png[^\"']*"
)
LOCAL_LOGO = "static/images/logo-long.png"

REMOTE_TAG = re.compile(
    r"<(?:(?P<script>script)|link)\b[^>]*?\b(?:src|href)=\"(?P<url>https?://[^\"]+)\"[^>]*>"
    r"(?(script)\s*</script>)"
)
# Subresource integrity needs a CORS fetch, which browsers refuse for file:// pages.
CDN_ONLY_ATTRIBUTES = re.compile(r"\s+(?:integrity|crossorigin)=\"[^\"]*\"")


def localise_assets(site_dir: Path, changed_since: float | None = None) -> None:
    """Point the site's pages at local copies of the scripts and styles they load.

    With `changed_since` (a time stamp), only the pages written since then are read: the pages of
    earlier runs were localised by their own run. The copies are put in place before any page
    refers to them, and every file is replaced atomically, so a reader who opens the report
    during a run never sees a broken page.
    """
    _copy_assets(ASSETS_DIR, site_dir / VENDOR_DIR)
    _copy_assets(STATIC_SOURCE_DIR, site_dir / STATIC_DIR)
    still_remote: set[str] = set()
    pages = sorted(site_dir.rglob("*.html"))
    if changed_since is not None:
        # File times can lag the clock by a tick: a second of slack reads a few pages twice.
        pages = [page for page in pages if page.stat().st_mtime >= changed_since - 1]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        prefix = _prefix(site_dir, page)
        shows_data = page.relative_to(site_dir).parts[0] in DATA_PAGE_FOLDERS
        secured = secure_page(localise_page(text, prefix), prefix, shows_data)
        for path, code in secured.scripts.items():
            write_text(site_dir / path, code)
        localised = secured.html
        if localised != text:
            write_bytes(page, localised.encode("utf-8"))
        still_remote |= remote_assets(localised) - CHART_SCRIPTS
    for url in sorted(still_remote):
        logger.warning("The validation report loads %s, which has no local copy", url)


def localise_page(html: str, prefix: str) -> str:
    """One page with CDN addresses replaced by `prefix` + the local path of the same file."""
    draws_charts = CHART_CALL in html

    def replace(tag: re.Match[str]) -> str:
        url = tag["url"]
        if url in LOCAL_COPIES:
            local = f"{prefix}{VENDOR_DIR}/{LOCAL_COPIES[url]}"
            return CDN_ONLY_ATTRIBUTES.sub("", tag[0].replace(url, local))
        if url in CHART_SCRIPTS and not draws_charts:
            return ""
        return tag[0]

    return REMOTE_LOGO.sub(prefix + LOCAL_LOGO, REMOTE_TAG.sub(replace, html))


def remote_assets(html: str) -> set[str]:
    """The addresses of the scripts and styles a page still loads from the internet."""
    return {tag["url"] for tag in REMOTE_TAG.finditer(html)}


def _prefix(site_dir: Path, page: Path) -> str:
    """The relative path from a page back to the site root, '' or ending in '/'."""
    up = Path(os.path.relpath(site_dir, page.parent)).as_posix()
    return "" if up == "." else f"{up}/"


def _copy_assets(source_dir: Path, target: Path) -> None:
    for source in sorted(p for p in source_dir.rglob("*") if p.is_file()):
        destination = target / source.relative_to(source_dir)
        content = source.read_bytes()
        if destination.is_file() and destination.read_bytes() == content:
            continue
        write_bytes(destination, content)
