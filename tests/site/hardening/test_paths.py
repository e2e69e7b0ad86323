"""Nothing leaves the site: attachments, layouts, static files, --out; and no traceback ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkssg.commands import check as check_module

from support.processes import use_failing_pagefind
from support.sites import SiteFiles, assert_error, default_item

ITEM = "content/catalog/regulations/a.md"
SECRET = "机密文件内容-SECRET"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the site that must never be read into it."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def site_with_attachment(root: Path, path: str) -> SiteFiles:
    site = SiteFiles(root)
    site.with_item("catalog/regulations/a.md", **default_item(1, attachments=[path]))
    return site


@pytest.mark.parametrize(
    "path",
    [
        "../../../site.yaml",
        "附件/../../../../site.yaml",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "附件\\..\\..\\..\\..\\site.yaml",  # content/../site.yaml
        "a\x00b.pdf",
        "a\nb.pdf",
    ],
)
def test_attachment_paths_that_leave_content_are_refused(tmp_path: Path, path: str) -> None:
    site = site_with_attachment(tmp_path / "site", path)
    result = site.run("build")
    assert result.exit_code == 1
    assert_error(result, "PATH_ESCAPE", ITEM, 9)
    assert not (tmp_path / "site/output").exists()


def test_an_attachment_linked_outside_content_is_refused(tmp_path: Path, secret: Path) -> None:
    site = site_with_attachment(tmp_path / "site", "附件/secret.txt")
    site.write()
    folder = tmp_path / "site/content/catalog/regulations/附件"
    folder.mkdir()
    (folder / "secret.txt").symlink_to(secret)
    result = site.invoke("build")
    assert result.exit_code == 1
    assert_error(result, "PATH_ESCAPE", ITEM, 9)
    assert_error(result, "PATH_ESCAPE", "content/catalog/regulations/附件/secret.txt", None)
    assert SECRET not in result.output


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "run.js"])
def test_attachments_a_browser_would_run_are_refused_unless_sanitising_is_off(
    tmp_path: Path, name: str
) -> None:
    site = site_with_attachment(tmp_path, f"附件/{name}")
    site.with_file(f"content/catalog/regulations/附件/{name}", "<script>xss(1)</script>")
    result = site.run("build")
    assert result.exit_code == 1
    assert_error(result, "BAD_VALUE", ITEM, 9)
    site.config += "sanitize_html: false\n"
    site.build()
    assert (tmp_path / f"output/catalog/regulations/附件/{name}").is_file()


def test_a_template_linked_outside_the_site_is_refused(tmp_path: Path, secret: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(1)
    site.write()
    (tmp_path / "site/layouts").mkdir()
    (tmp_path / "site/layouts/item.html").symlink_to(secret)
    result = site.invoke("build")
    assert result.exit_code == 1
    assert_error(result, "PATH_ESCAPE", "layouts/item.html", None)
    assert not (tmp_path / "site/output").exists()


def test_the_loader_itself_refuses_a_template_outside_its_folder(
    tmp_path: Path, secret: Path
) -> None:
    """Even with the check bypassed, rendering never reads the linked file."""
    from gkssg.source.theme import Theme

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts/home.html").symlink_to(secret)
    env = Theme.for_site(tmp_path).environment()
    with pytest.raises(Exception, match="outside layouts") as caught:
        env.get_template("home.html")
    assert SECRET not in str(caught.value)


def test_a_layouts_folder_linked_outside_the_site_is_refused(tmp_path: Path, secret: Path) -> None:
    (secret.parent / "home.html").write_text(SECRET, encoding="utf-8")
    site = SiteFiles(tmp_path / "site").with_items(1)
    site.write()
    (tmp_path / "site/layouts").symlink_to(secret.parent)
    result = site.invoke("build")
    assert result.exit_code == 1
    assert_error(result, "PATH_ESCAPE", "layouts", None)


def test_a_static_file_linked_outside_the_theme_is_refused(tmp_path: Path, secret: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(1)
    site.write()
    (tmp_path / "site/layouts/static").mkdir(parents=True)
    (tmp_path / "site/layouts/static/notes.txt").symlink_to(secret)
    result = site.invoke("build")
    assert result.exit_code == 1
    assert_error(result, "PATH_ESCAPE", "layouts/static/notes.txt", None)


def test_symlinks_inside_layouts_still_work(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(1)
    site.with_file("layouts/partials/own_footer.html", "<footer>自定义页脚</footer>\n")
    site.write()
    (tmp_path / "layouts/static").mkdir()
    (tmp_path / "layouts/static/own.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "layouts/static/alias.css").symlink_to("own.css")
    site.invoke("build")
    assert (tmp_path / "output/static/alias.css").read_text(encoding="utf-8") == "p{}"


# -- a site's own layouts that fail: TEMPLATE at a relative path ---------------------

BROKEN_LAYOUTS = {
    "syntax": ("{% if %}", 1),
    "undefined": ("{{ site.no_such_thing.x }}", 1),
    "missing_include": ("\n{% include 'nope.html' %}", 2),
    "division_by_zero": ("\n\n{{ 1 / 0 }}", 3),
    "endless_recursion": ("{% include 'home.html' %}", 1),
    "not_utf8": (b"\xff\xfe\x00\x01{{", None),
}


@pytest.mark.parametrize("name", sorted(BROKEN_LAYOUTS))
def test_a_broken_layout_is_a_template_problem_at_its_relative_path(
    tmp_path: Path, name: str
) -> None:
    text, line = BROKEN_LAYOUTS[name]
    site = SiteFiles(tmp_path).with_items(1).with_file("layouts/home.html", text)
    result = site.run("build")
    assert result.exit_code == 1, result.output
    assert_error(result, "TEMPLATE", "layouts/home.html", line)
    assert "Traceback" not in result.output
    assert str(tmp_path) not in result.output
    assert not (tmp_path / "output").exists()


# -- --out -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "out", [".", "content", "layouts", "data", "..", "/", "content/catalog", "layouts/static"]
)
def test_out_may_not_be_the_site_its_sources_or_a_parent(tmp_path: Path, out: str) -> None:
    site = SiteFiles(tmp_path / "site").with_items(1)
    site.with_file("layouts/static/own.css", "p{}").with_file("data/requests/2008.yaml", "x: 1\n")
    site.write()
    before = sorted(p.as_posix() for p in (tmp_path / "site").rglob("*"))
    target = out if out.startswith("/") else str(tmp_path / "site" / out)
    result = site.invoke("build", "--out", target)
    assert result.exit_code == 2, result.output
    assert "--out" in result.output
    assert sorted(p.as_posix() for p in (tmp_path / "site").rglob("*")) == before


def test_out_elsewhere_is_fine(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path / "site").with_items(1)
    site.build("--out", str(tmp_path / "public"))
    assert (tmp_path / "public/index.html").is_file()


# -- the last line of defence ------------------------------------------------------------


def test_an_unexpected_exception_is_a_short_message_asking_for_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("an internal mix-up")

    monkeypatch.setattr(check_module, "load_site", broken)
    site = SiteFiles(tmp_path)
    result = site.run("check")
    assert result.exit_code == 70
    assert "internal error (KeyError: 'an internal mix-up')" in result.output
    assert "please report" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 2
    monkeypatch.setenv("GKSSG_DEBUG", "1")
    assert isinstance(site.invoke("check").exception, KeyError)


def test_an_os_error_is_one_line_without_a_report_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", "output/index.html")

    monkeypatch.setattr(check_module, "load_site", full_disk)
    result = SiteFiles(tmp_path).run("check")
    assert result.exit_code == 2
    assert result.output.strip() == "error: No space left on device: output/index.html"


@pytest.mark.parametrize("value", ['"/a b/"', '"/<x>/"', "/../up/", '"/x\\"y/"'])
def test_a_base_url_that_is_not_a_plain_path_is_refused(tmp_path: Path, value: str) -> None:
    site = SiteFiles(tmp_path).with_items(1)
    site.config = site.config.replace("base_url: /", f"base_url: {value}")
    result = site.run("build")
    assert result.exit_code == 1
    assert_error(result, "BAD_URL", "site.yaml", 5)


def test_a_base_url_option_that_is_not_a_plain_path_is_a_usage_error(tmp_path: Path) -> None:
    site = SiteFiles(tmp_path).with_items(1)
    result = site.run("build", "--base-url", "/a b/<x>/")
    assert result.exit_code == 2
    assert "base_url may contain only" in result.output


def test_a_failing_pagefind_is_one_line_and_the_output_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind ended by the machine (here: a stand-in that says why and exits) is the
    machine's problem: its words, exit code 2, no report request, the output as it was."""
    site = SiteFiles(tmp_path / "site").with_items(2)
    site.build()
    output = {
        path: path.read_bytes() for path in (tmp_path / "site/output").rglob("*") if path.is_file()
    }
    use_failing_pagefind(tmp_path, monkeypatch)
    site.with_item("catalog/regulations/item001.md", "改过的正文。\n", **default_item(1))
    result = site.run("build")
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()[-1]
    assert message == "error: Pagefind stopped (3): memory allocation of 1 GiB failed"
    assert "please report" not in result.output
    after = {
        path: path.read_bytes() for path in (tmp_path / "site/output").rglob("*") if path.is_file()
    }
    assert after == output
