"""Publishing over SSH to a real OpenSSH server on 127.0.0.1: the production code path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gkssg.cli import main

from conftest import require_tool
from support.nginx import free_port
from support.publishing import changed_between, files, live_release, releases, sent
from support.sites import SiteFiles, default_item
from support.sshd import SshServer, serve_ssh, sshd_available


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages these tests read are the English ones."""
    monkeypatch.setenv("GKSSG_LANG", "en")


@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    require_tool("sshd", sshd_available(), "apt-get install openssh-server openssh-client")
    with serve_ssh(tmp_path_factory.mktemp("sshd")) as server:
        yield server


def invoke_with_env(site: SiteFiles, env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["--site", str(site.root), *args], env=env)


def over_ssh(server: SshServer, site: SiteFiles, dest: Path, *args: str) -> Result:
    """The ssh command from GKSSG_SSH, the port from --ssh-option: both ways are used."""
    result = invoke_with_env(
        site,
        {"GKSSG_SSH": server.ssh_command},
        "publish",
        server.dest(dest),
        "--ssh-option",
        f"-p {server.port}",
        *args,
    )
    assert result.exit_code == 0, result.output
    return result


def test_publish_update_list_and_rollback_over_ssh(ssh_server: SshServer, tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(12)
    site.build()
    dest = tmp_path / "server" / "xxgk"

    first = over_ssh(ssh_server, site, dest)
    assert "published" in first.output
    old_name = live_release(dest)
    old = files(dest / "current")
    assert sent(first)[0] == len(old) - 1  # everything but release.json, which is written after
    site.with_item("catalog/regulations/item004.md", "通过 SSH 发布的修改。\n", **default_item(4))
    site.build()

    second = over_ssh(ssh_server, site, dest)

    new = files(dest / "current")
    assert sent(second)[0] == len(changed_between(old, new) - {"release.json"}) > 0
    assert {k: v for k, v in new.items() if k != "release.json"} == files(site.root / "output")
    assert releases(dest) == sorted([old_name, live_release(dest)])
    over_ssh(ssh_server, site, dest, "--rollback")
    assert live_release(dest) == old_name
    assert files(dest / "current") == old
    assert f"* {old_name}" in over_ssh(ssh_server, site, dest, "--list").output


def test_an_unreachable_server_is_an_error_and_nothing_is_published(
    ssh_server: SshServer, tmp_path: Path
) -> None:
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.build()
    result = invoke_with_env(
        site,
        {"GKSSG_SSH": ssh_server.ssh_command},
        "publish",
        ssh_server.dest(tmp_path / "www"),
        "--ssh-option",
        f"-p {free_port()}",  # nothing listens there,
    )
    assert result.exit_code == 1
    assert "ssh" in result.output and not (tmp_path / "www").exists()
