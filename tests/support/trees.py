"""What a built folder holds, to compare an output with a clean build's, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (POSIX path relative to it) and its SHA-256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def folders(folder: Path) -> set[str]:
    """Every folder under ``folder``, empty ones included (POSIX paths relative to it)."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir()}
