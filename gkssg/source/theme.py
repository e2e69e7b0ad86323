"""The theme: Jinja2 templates and static assets, a site's own ``layouts/`` over the default.

The default theme is the repository's top-level ``layouts/``; an installed
gkssg carries it as ``gkssg/layouts``. A site's ``layouts/`` overrides it file
by file, templates and static assets alike.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

import gkssg
from gkssg.base.errors import Problem, Problems
from gkssg.base.i18n import Text, Value, t

STATIC_DIR = "static"
SITE_LAYOUTS = "layouts"


def default_theme_dir() -> Path:
    package = Path(gkssg.__file__).resolve().parent
    for candidate in (package / "layouts", package.parent / "layouts"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError(
        t("the default theme (layouts/) is missing from the gkssg installation")
    )


@dataclass(frozen=True)
class Theme:
    """The ordered theme folders: the site's own first, then the default."""

    folders: tuple[Path, ...]

    @classmethod
    def for_site(cls, site_root: Path) -> Theme:
        own = site_root / SITE_LAYOUTS
        default = default_theme_dir()
        usable = own.is_dir() and _inside(own, site_root.resolve())
        folders = (own, default) if usable and own.resolve() != default else (default,)
        return cls(folders)

    def environment(self) -> jinja2.Environment:
        """A Jinja environment for one build (or, in ``gkssg serve``, until a layout
        changes: a change to ``layouts/`` makes a new one). Its templates are not
        checked for changes on every use (three file times a page, 2 % of a cold
        build)."""
        return jinja2.Environment(
            loader=ContainedLoader([str(folder) for folder in self.folders]),
            auto_reload=False,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def display_name(self, name: str | None) -> str:
        """A template file as problems show it: ``layouts/item.html``, never a full path."""
        if not name:
            return SITE_LAYOUTS
        for folder in self.folders:
            try:
                return f"{SITE_LAYOUTS}/{Path(name).relative_to(folder).as_posix()}"
            except ValueError:
                continue
        return f"{SITE_LAYOUTS}/{name}" if not Path(name).is_absolute() else SITE_LAYOUTS

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


class TemplateRefused(jinja2.TemplateError):
    """A template file that exists but may not be used."""

    def __init__(self, name: str, reason: Text) -> None:
        super().__init__(str(reason))
        self.name = name
        self.reason = reason


class ContainedLoader(jinja2.FileSystemLoader):
    """Loads templates only from inside the theme folders, and only UTF-8 text.

    A template that is a symbolic link to a file elsewhere (``/etc/passwd``)
    is refused, as is one that cannot be decoded: both become a template error,
    reported as a TEMPLATE problem, never a traceback.
    """

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            raise TemplateRefused(template, t("the template is not UTF-8 text")) from exc
        folders = [Path(folder).resolve() for folder in self.searchpath]
        if not any(_inside(Path(filename), folder) for folder in folders):
            raise TemplateRefused(template, t("the template is a link to outside layouts/"))
        return source, filename, uptodate


def _inside(path: Path, folder: Path) -> bool:
    """``path``, links followed, is ``folder`` or inside it (a link loop is not)."""
    try:
        return path.resolve(strict=True).is_relative_to(folder)
    except (OSError, RuntimeError, ValueError):
        return False


def check_theme(site_root: Path, problems: Problems) -> None:
    """Report a site's ``layouts/`` (or a file in it) that is a link to outside the site."""
    own = site_root / SITE_LAYOUTS
    if not own.exists() and not own.is_symlink():
        return
    if not _inside(own, site_root.resolve()):
        problems.error(
            SITE_LAYOUTS,
            None,
            "PATH_ESCAPE",
            t("layouts/ is a link to outside the site (or loops)"),
        )
        return
    real = own.resolve()
    for dirpath, dirnames, filenames in os.walk(own):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            if path.is_symlink() and not _inside(path, real):
                rel = path.relative_to(site_root).as_posix()
                problems.error(
                    rel,
                    None,
                    "PATH_ESCAPE",
                    t("a symbolic link that points outside layouts/ (or loops)"),
                    t("copy the file into layouts/ instead"),
                )


def template_problem(exc: BaseException, output: str, theme: Theme) -> Problem | None:
    """A TEMPLATE problem for an error raised while rendering ``output``, if a layout caused it.

    Jinja's own errors always count. Any other exception (a division by zero,
    endless recursion in an ``include``) counts when it was raised inside a
    template of the theme; otherwise it is a bug in gkssg and None is returned.
    """
    frame = _innermost_template_frame(exc, theme)
    if isinstance(exc, jinja2.TemplateNotFound):
        message = t("template `{name}` is not in layouts/ nor in the default theme", name=exc.name)
        where = frame or (None, None)
        return _problem(theme, where[0], where[1], output, message)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.filename or exc.name
        return _problem(theme, name, exc.lineno, output, exc.message or t("syntax error"))
    if isinstance(exc, TemplateRefused):
        return _problem(theme, exc.name, None, output, exc.reason)
    if isinstance(exc, jinja2.TemplateError):
        where = frame or (getattr(exc, "name", None), None)
        return _problem(theme, where[0], where[1], output, str(exc.message or exc))
    if frame is None:
        return None
    if isinstance(exc, RecursionError):
        return _problem(
            theme, frame[0], frame[1], output, t("templates include each other endlessly")
        )
    return _problem(theme, frame[0], frame[1], output, f"{type(exc).__name__}: {exc}")


def _innermost_template_frame(exc: BaseException, theme: Theme) -> tuple[str, int] | None:
    folders = [str(folder) + os.sep for folder in theme.folders]
    found = None
    traceback = exc.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if any(filename.startswith(folder) for folder in folders):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _problem(theme: Theme, name: str | None, line: int | None, output: str, why: Value) -> Problem:
    return Problem(
        theme.display_name(name),
        line,
        "TEMPLATE",
        t("rendering {output} failed: {why}", output=output, why=why),
        t("fix the layout template"),
    )
