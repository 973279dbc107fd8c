"""Making the Great Expectations Data Docs site work without internet access."""

from __future__ import annotations

from pathlib import Path


def localise_assets(site_dir: Path) -> None:
    """Point the site's pages at local copies of the scripts and styles they load."""
