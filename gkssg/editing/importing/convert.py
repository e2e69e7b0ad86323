"""A .doc, .wps or RTF file converted to .docx by LibreOffice, when it is installed.

``soffice --headless --convert-to docx`` runs with a profile of its own in a
temporary folder, so that it neither waits for nor disturbs a LibreOffice the
editor has open; the converted file is checked as any .docx is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from gkssg.base.i18n import t
from gkssg.editing.importing.refused import Refused

TIMEOUT_SECONDS = 180
NAMES = ("soffice", "libreoffice")
_KINDS = {"doc": "Word 97-2003 (.doc)", "wps": "WPS (.wps)", "rtf": "RTF"}


def find_soffice() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_docx(source: Path, what: str, workdir: Path) -> Path:
    """The .docx LibreOffice makes of ``source`` in ``workdir``; raises :class:`Refused`."""
    kind = _KINDS.get(what, what)
    soffice = find_soffice()
    if soffice is None:
        raise Refused(
            "IMPORT_OLD_FORMAT",
            t("the file is in the old {kind} format, and LibreOffice is not installed", kind=kind),
            t(
                "save it as .docx in Word or WPS, or install LibreOffice "
                "(apt-get install libreoffice-writer-nogui) and import it again"
            ),
        )
    profile = workdir / "profile"
    copy = workdir / f"source{source.suffix.lower() or '.doc'}"
    shutil.copyfile(source, copy)
    command = [
        soffice,
        f"-env:UserInstallation={profile.absolute().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(workdir / "out"),
        str(copy),
    ]
    env = {**os.environ, "HOME": str(workdir)}
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Refused(
            "IMPORT_OLD_FORMAT", t("LibreOffice could not convert the file: {why}", why=str(exc))
        ) from exc
    result = workdir / "out" / (copy.stem + ".docx")
    if not result.is_file():
        raise Refused(
            "IMPORT_OLD_FORMAT",
            t("LibreOffice could not convert the {kind} file (damaged or protected?)", kind=kind),
            t("open it in Word or WPS and save it as .docx"),
        )
    return result
