"""`make test` on a machine that lacks what it needs stops at once, saying what to install.

On a machine where it can (root on Debian, as CI), `make test` installs Chromium itself; these
tests check the other case, as an unprivileged user, where installing is impossible.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from tests.helpers import ROOT


def make_as_nobody(*arguments: str) -> subprocess.CompletedProcess[str]:
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.fail("runuser (util-linux) is needed to run make as an unprivileged user")
    command = [runuser, "-u", "nobody", "--", "make", "-s", "-C", str(ROOT), *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_a_missing_browser_stops_make_test_at_once_saying_what_to_install():
    started = time.monotonic()
    done = make_as_nobody("CHROMIUM=no-such-browser", "chromium")
    assert done.returncode != 0
    assert time.monotonic() - started < 30
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("make test:")]
    assert "need Chromium" in line and "apt-get install chromium" in line


def test_an_old_python_stops_make_saying_which_is_needed():
    done = make_as_nobody("PYTHON=false", "python")
    assert done.returncode != 0
    assert "needs Python 3.11 or newer" in done.stderr
