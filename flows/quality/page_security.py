"""Great Expectations pages that run no script from the data they show.

Article text that fails an expectation is listed on the validation result pages. Two defences
keep it inert:

* the values are HTML-escaped before Great Expectations renders them (`escaped_result`), since
  its templates insert them as they are;
* every page carries a Content-Security-Policy that allows scripts from the site's own files
  only: no inline script, no inline event handler, no `javascript:` URL, no plugin, no `<base>`.
  The inline scripts of the pages that show data (`validations/`) are dropped; their buttons
  work through `report-actions.js`. The inline scripts of the other pages (the index and the
  suites, which show only names newsflow chose) are moved to files of their own.

A value that escaped the escaping would still not run: it could only be inline.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from typing import Any

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
STATIC_DIR = "static/newsflow"
ACTIONS_SCRIPT = f"{STATIC_DIR}/report-actions.js"
INLINE_DIR = f"{STATIC_DIR}/inline"
# Folders of the site whose pages show values from the data.
DATA_PAGE_FOLDERS = ("validations",)

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(?P<code>.*?)</script\s*>", re.I | re.S)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_HANDLER = re.compile(
    r"\s+on[a-zA-Z]+\s*=\s*(?P<code>\"[^\"]*\"|'[^']*'|[^\s\"'>]+)", re.IGNORECASE
)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
# The inline handlers Great Expectations writes, and the action of report-actions.js for each.
_ACTIONS = {
    "showAllValidations()": 'data-newsflow-action="show-all"',
    "hideSucceededValidations()": 'data-newsflow-action="failed-only"',
}
_CLEAR_FILTERS = re.compile(r"clearTableFilters\('(?P<table>[\w-]+)'\)")


@dataclass
class SecuredPage:
    html: str
    # Scripts moved out of the page, by path relative to the site.
    scripts: dict[str, str] = field(default_factory=dict)


def secure_page(page_html: str, prefix: str, shows_data: bool) -> SecuredPage:
    """The page with the policy in its head, no inline script and no inline handler.

    `prefix` leads from the page back to the site's root. Securing a secured page changes
    nothing.
    """
    secured = SecuredPage(page_html)
    if CONTENT_SECURITY_POLICY in page_html:
        return secured
    secured.html = _HEAD.sub(lambda head: f"{head.group()}\n  {CSP_META}", page_html, count=1)
    secured.html = _INLINE_SCRIPT.sub(
        lambda script: _moved_out(script["code"], prefix, shows_data, secured.scripts),
        secured.html,
    )
    secured.html = _TAG.sub(_without_handlers, secured.html)
    tag = f'<script src="{prefix}{ACTIONS_SCRIPT}"></script>\n'
    secured.html = _BODY_END.sub(lambda end: tag + end.group(), secured.html, count=1)
    return secured


def _moved_out(code: str, prefix: str, shows_data: bool, scripts: dict[str, str]) -> str:
    if shows_data:
        return ""
    path = f"{INLINE_DIR}/{hashlib.sha256(code.encode()).hexdigest()[:24]}.js"
    scripts[path] = code
    return f'<script src="{prefix}{path}"></script>'


def _without_handlers(tag: re.Match[str]) -> str:
    """A tag without its `on...` attributes; the handlers newsflow knows become actions."""
    actions = []
    for handler in _HANDLER.finditer(tag.group()):
        code = html.unescape(handler["code"].strip("\"'"))
        if code in _ACTIONS:
            actions.append(_ACTIONS[code])
        elif clear := _CLEAR_FILTERS.fullmatch(code):
            actions.append(
                f'data-newsflow-action="clear-filters" data-newsflow-table="{clear["table"]}"'
            )
    if not actions:
        return _HANDLER.sub("", tag.group())
    stripped = _HANDLER.sub("", tag.group())
    return f"{stripped[:-1].rstrip('/')} {' '.join(actions)}>"


def escaped_result(value: Any) -> Any:
    """`value` with every string in it HTML-escaped, for Great Expectations to render as text."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, dict):
        return {key: escaped_result(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(escaped_result(item) for item in value)
    return value
