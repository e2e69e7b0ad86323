"""Two versions of gkssg side by side: the same build of one site, alternating.

    python bench/ab.py --site corpus-10k --base main~3                 # the worktree against main~3
    python bench/ab.py --site corpus-10k --base v1 --head v2 --kind one-item --runs 5
    python bench/ab.py --site corpus-10k --base main~3 --kind cold --no-search

A single build varies by 10-20 % from run to run on a shared machine, so one
version's figures from one hour and the other's from the next say little.
This script takes each version's ``gkssg/`` and ``layouts/`` with ``git archive``
(``--head worktree``, the default, copies the working tree instead), gives each
its own copy of the site (their caches differ), and runs the two alternately,
A B A B …, printing each build's wall and CPU seconds, the medians and their
ratio. Kinds: ``cold`` (no output, no cache), ``no-change`` and ``one-item``
(a line appended to one item before each build; both start from a full build).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from run import Measured, clean, run_measured, touch_item  # noqa: E402

KINDS = ("cold", "no-change", "one-item")


def checkout(revision: str, into: Path) -> Path:
    """gkssg's code and default theme at ``revision`` (``worktree``: as they are now)."""
    into.mkdir(parents=True)
    if revision == "worktree":
        for name in ("gkssg", "layouts"):
            shutil.copytree(REPO / name, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        return into
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "gkssg", "layouts"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def python_in(code: Path) -> tuple[list[str], dict[str, str]]:
    """The command and environment of a Python that imports gkssg from ``code``.

    ``-P``: ``python -m`` would otherwise put the working folder first on the path,
    and run from the repository both versions would be the working tree's.
    """
    return [sys.executable, "-P"], dict(os.environ, PYTHONPATH=str(code))


def check_imports(code: Path) -> None:
    """Refuse to measure a version that is not the one in ``code``."""
    command, env = python_in(code)
    found = subprocess.run(
        [*command, "-c", "import gkssg; print(gkssg.__file__)"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(code.resolve()):
        raise SystemExit(f"gkssg is imported from {found}, not from {code}")


def build(code: Path, site: Path, no_search: bool) -> Measured:
    """One ``gkssg build`` of ``site`` by the version in ``code``."""
    python, env = python_in(code)
    command = [*python, "-m", "gkssg", "--site", str(site), "build"]
    command += ["--no-search"] if no_search else []
    return run_measured(command, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, required=True, help="a site (bench/corpus.py)")
    parser.add_argument("--base", required=True, help="git revision of version A")
    parser.add_argument("--head", default="worktree", help="revision of version B")
    parser.add_argument("--kind", choices=KINDS, default="cold")
    parser.add_argument("--runs", type=int, default=3, help="builds of each version")
    parser.add_argument("--no-search", action="store_true", help="build without the index")
    parser.add_argument("--work", type=Path, help="keep the copies here (default: temporary)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gkssg-ab-"))
    versions = {"A": args.base, "B": args.head}
    codes = {name: checkout(rev, work / f"code-{name}") for name, rev in versions.items()}
    for code in codes.values():
        check_imports(code)
    sites = {name: work / f"site-{name}" for name in versions}
    for name, site in sites.items():
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("output", ".gkssg"))
        clean(site)
        if args.kind != "cold":  # a full build by the same version: its cache, its output
            build(codes[name], site, args.no_search)
    wall: dict[str, list[float]] = {name: [] for name in versions}
    cpu: dict[str, list[float]] = {name: [] for name in versions}
    for run in range(args.runs):
        for name in versions:
            site = sites[name]
            if args.kind == "cold":
                clean(site)
            elif args.kind == "one-item":
                touch_item(site, run)
            seconds, _, used = build(codes[name], site, args.no_search)
            wall[name].append(seconds)
            cpu[name].append(used)
            print(f"{name} ({versions[name]}) run {run + 1}: {seconds:.2f} s, CPU {used:.2f} s")
    kind = args.kind + (", no search" if args.no_search else "")
    print(f"\n{kind}, {args.runs} runs each, alternating")
    for name in versions:
        print(
            f"  {name} {versions[name]:<12} median {statistics.median(wall[name]):7.2f} s"
            f"   CPU {statistics.median(cpu[name]):7.2f} s"
        )
    ratio = statistics.median(wall["B"]) / statistics.median(wall["A"])
    print(f"  B / A                 {ratio:7.3f}")
    if args.work is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
