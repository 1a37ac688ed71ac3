"""A per-user cache of banks that loaded, so a lesson's quiz cell skips YAML, validation and
Markdown the second time.

Why: in a lesson's kernel most of the quiz cell's time went to building pydantic's validators
for the bank model, parsing the YAML and importing markdown-it, before any widget existed;
the student waits for that on every Run All. A bank that loaded is stored here (a pickle of
the ``Bank``, with the sanitized HTML of its prompts and title) under a name that is the
SHA-256 of everything its loading depends on: the bank file's bytes, the ``data/`` files it
is checked against, this package's bank and render code, and the pydantic, markdown-it and
nh3 versions. So an edited bank, article, source list or lessonquiz is a new name and loads
afresh; nothing is ever stale, and no time stamp is trusted.

An entry holds the bank twice: its key-free part as plain data (``bank.public.PublicBank``),
and the ``Bank`` itself as a pickle inside the pickle, unpickled only when asked for. So a
quiz cell draws the quiz without importing pydantic, which the model needs (issue #10: about
a third of a quiz cell's time in a lesson's kernel); the model loads with the first Check.

Only banks without errors are stored, so a broken bank always shows its problems. Anything
amiss (no cache folder, a folder or file of another user, an unreadable or foreign entry, a
full disk) means "not cached": the bank loads as usual. The folder is the user's own
(``platformdirs.user_cache_path``, or ``LESSONQUIZ_CACHE_DIR``; ``off`` turns it off), created
private, and entries are written atomically; a pickle is only read from a private folder
owned by the user who reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lessonquiz.bank.files import nearest_folder
from lessonquiz.bank.public import LazyBank, PublicBank, public_bank

if TYPE_CHECKING:  # pragma: no cover - the model is imported only when an entry's bank is
    from lessonquiz.bank.model import Bank

FORMAT = b"lessonquiz-bank-cache-2"
_RECENT: dict[str, Entry] = {}
"""Entries read in this process by name (a name is a content hash, so never stale)."""


@dataclass
class Entry:
    """What is stored: the bank's public part (its prompts' HTML included), the bank
    (pickled), and the HTML of its title (text -> html)."""

    public: PublicBank
    pickled_bank: bytes
    inline: dict[str, str] = field(default_factory=dict)
    _bank: Bank | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, bank: Bank, inline: dict[str, str]) -> Entry:
        """The entry to store for a bank that loaded."""
        pickled = pickle.dumps(bank, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(public_bank(bank), pickled, inline, bank)

    @property
    def bank(self) -> Bank:
        """The bank model (importing pydantic the first time)."""
        if self._bank is None:
            self._bank = pickle.loads(self.pickled_bank)
        return self._bank

    def lazy(self) -> LazyBank:
        """The bank for a quiz: its public part now, the model when the quiz needs it."""
        return LazyBank(self.public, lambda: self.bank)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_bank": None}  # the model travels only as pickled_bank


def folder() -> Path | None:
    """The cache folder, or None when caching is off."""
    chosen = os.environ.get("LESSONQUIZ_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    import platformdirs

    return platformdirs.user_cache_path("lessonquiz") / "banks"


def key(path: Path) -> str | None:
    """The entry's name for the bank file at ``path``; None if the file cannot be read."""
    digest = hashlib.sha256(FORMAT)
    try:
        digest.update(path.read_bytes())
    except OSError:
        return None
    data = nearest_folder("data", path.resolve().parent, holding="article.yaml")
    digest.update(str(data).encode("utf-8", "surrogateescape"))
    if data is not None:
        for name in ("article.yaml", "sources.yaml"):
            try:
                digest.update(b"\0" + (data / name).read_bytes())
            except OSError:
                digest.update(b"\0missing")
    digest.update(_code_version().encode())
    return digest.hexdigest()


def read(path: Path) -> Entry | None:
    """The cached entry for the bank file at ``path``, or None."""
    where = folder()
    name = key(path) if where is not None else None
    if where is None or name is None:
        return None
    if name in _RECENT:
        return _RECENT[name]
    if not _private(where):
        return None
    try:
        with (where / f"{name}.pickle").open("rb") as f:
            if not _private(Path(f.name), fd=f.fileno()):
                return None
            entry = pickle.load(f)
    except Exception:  # missing, truncated, from another version: load as usual
        return None
    if not isinstance(entry, Entry) or not isinstance(entry.public, PublicBank):
        return None
    _remember(name, entry)
    return entry


def write(path: Path, entry: Entry) -> None:
    """Store ``entry`` for the bank file at ``path``; silently does nothing if it cannot."""
    where = folder()
    name = key(path) if where is not None else None
    if where is None or name is None:
        return
    with contextlib.suppress(Exception):
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(where):
            return
        fd, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(entry, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, where / f"{name}.pickle")
            _remember(name, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _remember(name: str, entry: Entry) -> None:
    if len(_RECENT) >= 16:
        _RECENT.clear()
    _RECENT[name] = entry


def _private(path: Path, fd: int | None = None) -> bool:
    """Owned by this user and writable by no one else (always true where there are no uids)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the profile folder is private
        return True
    try:
        info = os.fstat(fd) if fd is not None else os.stat(path)
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@lru_cache(maxsize=1)
def _code_version() -> str:
    """What the loading code is: its source files' bytes and the libraries' versions."""
    from importlib import metadata

    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parents[1]
    for source in (*sorted((package / "bank").glob("*.py")), package / "render.py",
                   package / "limits.py"):
        with contextlib.suppress(OSError):
            digest.update(source.read_bytes())
    for dist in ("pydantic", "pydantic-core", "markdown-it-py", "nh3", "PyYAML"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=none".encode())
    return digest.hexdigest()
