"""The ``gkssg`` program ends without freeing its objects one by one (gkssg.cli.run),
and still says everything it has to say, with the command's exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.cli import run_gkssg
from support.sites import SiteFiles, default_item


def test_exit_codes_and_messages_survive_the_quick_exit(tmp_path: Path) -> None:
    files = SiteFiles(tmp_path)
    files.with_item("catalog/regulations/item001.md", **default_item(1))
    files.write()
    built = run_gkssg("build", "--no-search", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stderr.startswith("built 1 items")
    assert (tmp_path / "output" / "index.html").is_file()

    (tmp_path / "site.yaml").unlink()
    refused = run_gkssg("build", cwd=tmp_path)
    assert refused.returncode == 1
    assert "CONFIG_MISSING" in refused.stderr and "build refused" in refused.stderr

    usage = run_gkssg("build", "--jobs", "0", cwd=tmp_path)
    assert usage.returncode == 2 and "--jobs" in usage.stderr

    version = run_gkssg("--version", cwd=tmp_path)
    assert version.returncode == 0 and ", version " in version.stdout


def test_a_thread_still_running_is_waited_for(tmp_path: Path) -> None:
    """Only a process with nothing left running skips the interpreter's shutdown."""
    mark = tmp_path / "mark"
    script = (
        "import sys, threading, time\n"
        "from gkssg.cli import run\n"
        "def late():\n"
        "    time.sleep(0.5)\n"
        f"    open({str(mark)!r}, 'w').write('done')\n"
        "threading.Thread(target=late).start()\n"
        "sys.argv = ['gkssg', '--version']\n"
        "run()\n"
    )
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert ended.returncode == 0, ended.stderr
    assert mark.read_text() == "done"
