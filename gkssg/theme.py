"""The theme: Jinja2 templates and static assets, a site's own ``layouts/`` over the default.

The default theme is the repository's top-level ``layouts/``; an installed
gkssg carries it as ``gkssg/layouts``. A site's ``layouts/`` overrides it file
by file, templates and static assets alike.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

STATIC_DIR = "static"
SITE_LAYOUTS = "layouts"


def default_theme_dir() -> Path:
    package = Path(__file__).resolve().parent
    for candidate in (package / "layouts", package.parent / "layouts"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError("the default theme (layouts/) is missing from the gkssg installation")


@dataclass(frozen=True)
class Theme:
    """The ordered theme folders: the site's own first, then the default."""

    folders: tuple[Path, ...]

    @classmethod
    def for_site(cls, site_root: Path) -> Theme:
        own = site_root / SITE_LAYOUTS
        default = default_theme_dir()
        folders = (own, default) if own.is_dir() and own.resolve() != default else (default,)
        return cls(folders)

    def environment(self) -> jinja2.Environment:
        return jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(folder) for folder in self.folders]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def static_files(self) -> dict[str, Path]:
        """Output path (``static/site.css``) → source file; the site's own files win.

        Files are taken only from inside the theme folder: a symbolic link that
        points elsewhere is skipped.
        """
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            root = folder / STATIC_DIR
            if not root.is_dir():
                continue
            real_root = root.resolve()
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames.sort()
                for name in sorted(filenames):
                    path = Path(dirpath) / name
                    if not path.resolve().is_relative_to(real_root):
                        continue
                    found[path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))

    def fingerprint(self) -> str:
        """Changes when any template or asset changes (for caches)."""
        digest = hashlib.sha256()
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(path.relative_to(folder).as_posix().encode())
                    digest.update(path.read_bytes())
        return digest.hexdigest()[:16]
