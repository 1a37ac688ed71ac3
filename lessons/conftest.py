"""Settings for running nbval on the lessons (``make test-lessons``).

* The progress store points at a fresh temporary file and the student is ``nbval``, so the quiz
  cells show the state of a new student, exactly as stored by ``make regen``; a real student's
  progress is never read or written. The kernels nbval starts inherit these variables. Each
  student's quiz is shuffled by (student, bank id), so a fixed student makes the stored order
  reproducible; a hub's ``LESSONQUIZ_URL``/``JUPYTERHUB_USER`` are removed for the same reason.
* The sanitize file is found wherever pytest is started from: nbval opens the path relative to
  the working directory, so a relative path is resolved against the project root, and with
  ``--nbval`` but no ``--nbval-sanitize-with`` the lessons' own file is used.
* Matplotlib's font cache is built here, in the parent process, before any kernel starts: on a
  fresh machine the first import prints a notice to stderr, which would differ from the stored
  (empty) stderr.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SANITIZE = HERE / "nbval_sanitize.cfg"
_STORE_DIR: str | None = None


def pytest_configure(config):
    global _STORE_DIR
    _STORE_DIR = tempfile.mkdtemp(prefix="lessonquiz-nbval-")
    os.environ["LESSONQUIZ_DB"] = str(Path(_STORE_DIR) / "progress.sqlite")
    os.environ["LESSONQUIZ_STUDENT"] = "nbval"  # its shuffles are the stored ones
    for name in ("LESSONQUIZ_URL", "JUPYTERHUB_USER"):  # on a hub they would name the student
        os.environ.pop(name, None)

    opt = config.option
    if getattr(opt, "nbval", False) or getattr(opt, "nbval_lax", False):
        path = getattr(opt, "nbval_sanitize_with", None)
        if not path:
            opt.nbval_sanitize_with = str(SANITIZE)
        elif not Path(path).is_absolute() and not Path(path).exists():
            opt.nbval_sanitize_with = str(Path(config.rootpath) / path)
        import matplotlib.font_manager  # noqa: F401  (builds the font cache once)


def pytest_unconfigure(config):
    if _STORE_DIR:
        shutil.rmtree(_STORE_DIR, ignore_errors=True)
