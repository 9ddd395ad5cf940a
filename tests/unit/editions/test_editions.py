"""Editions: every tagged edition in one versioned site, the cache, and vmv publish."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import static_server
from vmv.app.editions import build_all_versions, publish
from vmv.app.scaffold import create_repository
from vmv.editions.publish import deploy_with_mike
from vmv.errors import InvalidInput, UsageError


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-C", str(root), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def commit_edition(root: Path, version: str, message: str) -> None:
    git(root, "commit", "-qam", message)
    git(root, "tag", f"v{version}")


def make_history(root: Path) -> None:
    """Three editions: 1.0.0, 1.1.0 (a statement reworded), 2.0.0 (a value removed)."""
    create_repository(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    commit_edition(root, "1.0.0", "first edition")
    edit(root / "vmv.yaml", "version: 1.0.0", "version: 1.1.0")
    edit(root / "vmv.yaml", "and we deliver what we promised.", "and we always deliver it.")
    commit_edition(root, "1.1.0", "reword")
    edit(root / "vmv.yaml", "version: 1.1.0", "version: 2.0.0")
    text = (root / "vmv.yaml").read_text()
    start, end = text.index("  - id: keep-promises"), text.index("glossary:")
    (root / "vmv.yaml").write_text(text[:start] + text[end:])
    edit(root / "playbook" / "leader-questions.md", "[customer-first, keep-promises]", "[customer-first]")
    edit(root / "vmv.yaml", "      value: keep-promises\n", "      value: own-it\n")

    commit_edition(root, "2.0.0", "remove a value")


def html_page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("article").get_text(" ").split())


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "acme"
    make_history(root)
    return root


@pytest.fixture(scope="module")
def versioned(history: Path) -> Path:
    state = (
        git(history, "rev-parse", "HEAD"),
        git(history, "branch", "-a"),
        git(history, "status", "--porcelain"),
    )
    report = build_all_versions(history, history.parent / "out")
    assert report.editions == ("1.0.0", "1.1.0", "2.0.0")
    after = (
        git(history, "rev-parse", "HEAD"),
        git(history, "branch", "-a"),
        git(history, "status", "--porcelain"),
    )
    assert after == state, "the user's repository must not change"
    return history.parent / "out"


def test_layout_follows_mike(versioned: Path) -> None:
    names = sorted(p.name for p in versioned.iterdir())
    assert names == [
        ".nojekyll",
        "1.0.0",
        "1.1.0",
        "2.0.0",
        "404.html",
        "index.html",
        "latest",
        "versions.json",
    ]
    assert json.loads((versioned / "versions.json").read_text()) == [
        {"version": "2.0.0", "title": "2.0.0", "aliases": ["latest"]},
        {"version": "1.1.0", "title": "1.1.0", "aliases": []},
        {"version": "1.0.0", "title": "1.0.0", "aliases": []},
    ]
    redirect = html_page(versioned, "index.html").find("meta", attrs={"http-equiv": "refresh"})
    assert redirect is not None and redirect["content"].endswith("latest/")
    assert not (versioned / "latest").is_symlink()
    root_404 = html_page(versioned, "404.html")
    assert root_404.find("a", string="Go to the latest edition")["href"] == "/latest/"
    assert all((versioned / label / "404.html").is_file() for label in ("1.0.0", "1.1.0", "2.0.0"))

    assert (versioned / "latest" / "index.html").read_bytes() == (
        versioned / "2.0.0" / "index.html"
    ).read_bytes()


def test_the_layout_is_what_mike_itself_writes(versioned: Path, tmp_path: Path) -> None:
    """vmv lays editions out without git; mike, deploying the same folders, writes the same files."""
    repository = tmp_path / "mike"
    git(tmp_path, "init", "-q", str(repository))
    git(repository, "config", "user.name", "vmv")
    git(repository, "config", "user.email", "vmv@localhost")
    for label in ("1.0.0", "1.1.0", "2.0.0"):
        deploy_with_mike(
            repository, versioned / label, label, latest=label == "2.0.0", draft=False, branch="site"
        )
    archive = subprocess.run(
        ["git", "-C", str(repository), "archive", "--format=tar", "site"], check=True, capture_output=True
    )
    exported = tmp_path / "exported"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(exported, filter="data")

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    ours = files(versioned)
    assert ours.pop("404.html")  # vmv's own, for addresses outside every edition
    theirs = files(exported)
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_each_edition_shows_its_own_text(versioned: Path) -> None:
    assert "and we deliver what we promised" in text_of(
        html_page(versioned, "1.0.0/values/keep-promises/index.html")
    )
    assert "and we always deliver it" in text_of(
        html_page(versioned, "1.1.0/values/keep-promises/index.html")
    )
    assert not (versioned / "2.0.0" / "values" / "keep-promises").exists()
    for label in ("1.0.0", "1.1.0", "2.0.0"):
        footer = html_page(versioned, f"{label}/index.html").select_one(".md-copyright").get_text()
        assert f"edition {label}" in footer


def test_what_changed_compares_with_the_previous_edition(versioned: Path) -> None:
    first = text_of(html_page(versioned, "1.0.0/what-changed/index.html"))
    assert "There is no earlier edition to compare this one with" in first
    second = html_page(versioned, "1.1.0/what-changed/index.html")
    assert "Since edition 1.0.0" in text_of(second)
    row = second.select_one("table.vmv-changes tbody tr")
    cells = row.select("td")
    assert "values[keep-promises].statement" in cells[0].get_text()
    assert [d.get_text() for d in cells[1].select("del")] == ["what we promised"]
    assert [i.get_text() for i in cells[2].select("ins")] == ["always ", "it"]

    third = text_of(html_page(versioned, "2.0.0/what-changed/index.html"))
    assert "3 changes , major overall" in third and "removed values[keep-promises]" in third


def test_older_editions_carry_the_outdated_banner_with_a_link_to_latest(versioned: Path) -> None:
    banner = html_page(versioned, "1.0.0/values/own-it/index.html").select_one("[data-md-component=outdated]")
    assert "You are reading edition 1.0.0" in banner.get_text()
    link = banner.select_one("a[data-vmv-latest]")
    assert link["href"] == "../../../latest/"


def test_a_tag_that_disagrees_with_its_file_is_rejected(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    git(root, "tag", "v3.0.0", "v1.1.0")  # a second tag on the 1.1.0 commit
    with pytest.raises(InvalidInput) as caught:
        build_all_versions(root, root / "out")
    assert [str(p) for p in caught.value.problems] == [
        "v3.0.0:vmv.yaml:9:12: error: edition.version: tag v3.0.0 does not match edition.version 1.1.0 in its vmv.yaml; "
        "tag the commit v1.1.0, or fix the version"
    ]
    assert not (root / "out").exists()


def test_tags_meant_as_versions_must_be_versions(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    git(root, "tag", "v1.1.0.0", "v1.1.0")
    git(root, "tag", "v01.1.0", "v1.1.0")
    with pytest.raises(InvalidInput) as caught:
        build_all_versions(root, root / "out", pattern="v*")
    assert [str(p) for p in caught.value.problems] == [
        f"{tag}:vmv.yaml:1:1: error: tag {tag} is not a version of the form MAJOR.MINOR.PATCH without "
        "leading zeros, such as v1.2.0; delete it and tag the commit again"
        for tag in ("v01.1.0", "v1.1.0.0")
    ]


def test_two_tags_for_one_version_are_rejected(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    git(root, "tag", "release-1.1.0", "v1.1.0")
    with pytest.raises(InvalidInput) as caught:
        build_all_versions(root, root / "out", pattern="*")
    assert [str(p) for p in caught.value.problems] == [
        "v1.1.0:vmv.yaml:1:1: error: tags release-1.1.0 and v1.1.0 both name edition 1.1.0; delete one"
    ]


def test_adding_an_edition_builds_only_that_edition(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    first = build_all_versions(root, root / "out")
    assert first.built == ("1.0.0", "1.1.0", "2.0.0")
    edit(root / "vmv.yaml", "version: 2.0.0", "version: 2.1.0")
    edit(root / "vmv.yaml", "Decide on the spot when", "Decide on the spot whenever")
    commit_edition(root, "2.1.0", "another")
    second = build_all_versions(root, root / "out")
    assert second.built == ("2.1.0",)
    assert json.loads((root / "out" / "versions.json").read_text())[0]["aliases"] == ["latest"]
    assert (root / "out" / "2.1.0" / "index.html").is_file()
    cleared = build_all_versions(root, root / "out", clear_cache=True)
    assert cleared.built == ("1.0.0", "1.1.0", "2.0.0", "2.1.0")


def test_draft_edition_is_marked_not_approved(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    edit(root / "vmv.yaml", "version: 2.0.0", "version: 2.1.0")
    report = build_all_versions(root, root / "out", include_draft=True)
    assert report.editions[-1] == "draft"
    versions = json.loads((root / "out" / "versions.json").read_text())
    assert {"version": "draft", "title": "draft (not yet approved)", "aliases": []} in versions
    banner = html_page(root / "out", "draft/index.html").select_one(".md-banner:not(.md-banner--warning)")
    assert "is not yet approved" in banner.get_text()
    assert "not yet approved" not in html_page(root / "out", "2.0.0/index.html").get_text()


def test_publish_updates_the_site_branch_and_pushes(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(root, "remote", "add", "origin", str(remote))
    head = git(root, "rev-parse", "HEAD")
    report = publish(root)
    assert (report.label, report.branch, report.pushed_to) == ("2.0.0", "gh-pages", None)
    listed = git(root, "ls-tree", "--name-only", "gh-pages")
    assert listed.split() == [".nojekyll", "2.0.0", "index.html", "latest", "versions.json"]
    assert git(root, "rev-parse", "HEAD") == head and git(root, "status", "--porcelain") == ""
    assert (
        subprocess.run(
            ["git", "-C", str(remote), "rev-parse", "--verify", "-q", "gh-pages"], capture_output=True
        ).returncode
        != 0
    )
    publish(root, push=True)
    assert (
        git(root, "rev-parse", "gh-pages")
        == subprocess.run(
            ["git", "-C", str(remote), "rev-parse", "gh-pages"], capture_output=True, text=True, check=True
        ).stdout
    )


def test_cli_build_all_versions(run, tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    git(root, "tag", "vendor-drop", "v1.1.0")  # matches v* but names no version
    outcome = run("--root", root, "build", "--all-versions", "-d", "public")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == (
        "vendor-drop:1:1: warning: tag vendor-drop matches 'v*' but names no version such as v1.2.0, "
        "so it is not an edition; it is skipped (pass --tags to choose which tags are editions)\n"
        "vmv: 1 warning\n"
    )
    assert outcome.stdout.startswith(
        "built 3 editions into public (1.0.0, 1.1.0, 2.0.0; 3 built, 0 from the cache)"
    )
    shutil.rmtree(root / ".vmv-cache")
    assert run("--root", root, "build", "--include-draft").exit_code == 2


@pytest.fixture(scope="module")
def site_url(versioned: Path) -> Iterator[str]:
    with static_server(versioned) as url:
        yield url


@pytest.mark.browser
def test_version_selector_lists_editions_and_keeps_the_page(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "latest/values/own-it/")
    page.locator(".md-version__current").wait_for()
    labels = page.locator(".md-version__link").all_inner_texts()
    assert [label.strip() for label in labels] == ["2.0.0", "1.1.0", "1.0.0"]
    page.locator(".md-version").hover()
    page.locator(".md-version__link", has_text="1.0.0").click()
    page.wait_for_url(site_url + "1.0.0/values/own-it/")
    page.locator("[data-md-component=outdated]").wait_for(state="visible")


@pytest.mark.browser
def test_outdated_banner_links_to_the_same_page_in_latest(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + "1.1.0/values/own-it/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    banner.locator("a[data-vmv-latest]").click()
    page.wait_for_url(site_url + "latest/values/own-it/")
    assert not page.locator("[data-md-component=outdated]").is_visible()
    page.goto(site_url + "1.1.0/values/keep-promises/")  # a value the latest edition removed
    page.locator("[data-md-component=outdated] a[data-vmv-latest]").click()
    page.wait_for_url(site_url + "latest/")


def test_a_committed_cache_is_never_trusted(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    build_all_versions(root, root / "out")
    git(root, "add", "-f", ".vmv-cache")
    with pytest.raises(UsageError, match=r"\.vmv-cache/ is committed to the repository"):
        build_all_versions(root, root / "out")


def test_problems_found_while_building_an_edition_name_its_tag(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    page = root / "playbook" / "leader-questions.md"
    page.write_text(page.read_text() + "\nSee [the rota](rota.md).\n")
    edit(root / "vmv.yaml", "version: 2.0.0", "version: 2.1.0")
    commit_edition(root, "2.1.0", "a broken link")
    with pytest.raises(InvalidInput) as caught:
        build_all_versions(root, root / "out")
    files = [p.location.file for p in caught.value.problems]
    assert files == ["v2.1.0:playbook/leader-questions.md"]
    assert "rota.md" in caught.value.problems[0].message
