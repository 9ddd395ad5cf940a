"""Nothing outside the repository (issue #13, design point 5).

Each attack plants links or special files in a new repository, runs vmv as CI
would, and asserts the safe outcome: exit 1 or 2, one problem line naming the
path as written in the repository, no traceback, no byte of the outside file
anywhere in the output or the site, and nothing written outside.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Outcome
from vmv.core.boundary import MissingPath, OutsideRepository, TooLarge, files_under, read_inside

Plant = Callable[[Path, Path], str]  # plants an attack (given the outside folder), returns the path named


@pytest.fixture
def token() -> str:
    return f"LEAKED-{secrets.token_hex(8)}"


@pytest.fixture
def outside(tmp_path: Path, token: str) -> Path:
    """A folder beside the repository, holding files with a secret token in them."""
    folder = tmp_path / "outside"
    (folder / "notes").mkdir(parents=True)
    for name in ("secret.md", "secret.yaml", "secret.png", "notes/page.md", "CODEOWNERS", "home.md.j2"):
        (folder / name).write_text(f"- {token}\n{token}: {token}\n", encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _assert_refused(outcome: Outcome, root: Path, token: str, *named: str) -> None:
    assert outcome.exit_code in (1, 2), outcome.stderr
    assert "Traceback" not in outcome.stderr and token not in outcome.stdout + outcome.stderr
    assert str(root.parent) not in outcome.stderr, "an absolute path of the machine"
    lines = [line for line in outcome.stderr.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0].rsplit(":", 2)[0] for line in lines] == list(named), outcome.stderr
    for path in root.rglob("*"):
        if path.is_symlink() or not path.is_file() or ".git" in path.relative_to(root).parts:
            continue
        if path.stat().st_size < 10**8:  # the planted sparse files hold no token
            assert token.encode() not in path.read_bytes(), path


def _link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _linked(relative: str, target: str | Callable[[Path], Path], *, replace: bool = False) -> Plant:
    """`relative` becomes a link to `target` (text, or a path in the outside folder)."""

    def plant(root: Path, out: Path) -> str:
        if replace:
            os.rename(root / relative, root / f"{relative}-kept")
        _link(root / relative, target if isinstance(target, str) else target(out))
        return relative

    return plant


def _into_git(root: Path, out: Path) -> str:
    (root / ".git").mkdir()
    (root / ".git" / "config").write_bytes((out / "secret.md").read_bytes())
    _link(root / "playbook" / "config.md", "../.git/config")
    return "playbook/config.md"


def _chain(root: Path, out: Path) -> str:
    _link(root / "notes" / "b.md", out / "secret.md")
    _link(root / "playbook" / "a.md", "../notes/b.md")
    return "playbook/a.md"


def _under_github(root: Path, out: Path) -> str:
    return _linked(".github", lambda out: out, replace=True)(root, out) + "/CODEOWNERS"


ATTACKS: dict[str, Plant] = {
    "playbook folder links out": _linked("playbook", lambda out: out / "notes", replace=True),
    "templates folder links out": _linked("templates", lambda out: out),
    "recognition folder links out": _linked("recognition", lambda out: out),
    "page links to an outside file": _linked("playbook/leak.md", lambda out: out / "secret.md"),
    "page links out with ../..": _linked("playbook/leak.md", "../../outside/secret.md"),
    "page links to /etc/passwd": _linked("playbook/passwd.md", "/etc/passwd"),
    "link chain inside then outside": _chain,
    "page links into .git": _into_git,
    "sub-folder links out": _linked("playbook/team", lambda out: out / "notes"),
    "media links out": _linked("playbook/logo.png", lambda out: out / "secret.png"),
    "media is /dev/zero through a link": _linked("playbook/zero.png", "/dev/zero"),
    "vmv.yaml is /proc/self/environ": _linked("vmv.yaml", "/proc/self/environ", replace=True),
    "vmv.yaml is /dev/zero": _linked("vmv.yaml", "/dev/zero", replace=True),
    "template links out": _linked("templates/home.md.j2", lambda out: out / "home.md.j2"),
    "recognition file links out": _linked("recognition/2026-11.yaml", lambda out: out / "secret.yaml"),
    "CODEOWNERS links out": _linked(".github/CODEOWNERS", lambda out: out / "CODEOWNERS", replace=True),
    ".github links out": _under_github,
}


def _fifo(relative: str, *, replace: bool = False) -> Plant:
    def plant(root: Path, _: Path) -> str:
        if replace:
            (root / relative).unlink()
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / relative)
        return relative

    return plant


def _sparse(relative: str) -> Plant:
    def plant(root: Path, _: Path) -> str:
        with (root / relative).open("wb") as handle:
            handle.truncate(2 * 1024**3)
        return relative

    return plant


SPECIAL = {
    "page is a FIFO": _fifo("playbook/pipe.md"),
    "media is a FIFO": _fifo("playbook/pipe.png"),
    "template is a FIFO": _fifo("templates/home.md.j2"),
    "recognition file is a FIFO": _fifo("recognition/2026-11.yaml"),
    "vmv.yaml is a FIFO": _fifo("vmv.yaml", replace=True),
    "page of 2 GB": _sparse("playbook/big.md"),
    "media of 2 GB": _sparse("playbook/big.png"),
}


@pytest.mark.timeout(10)
@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("attack", [*ATTACKS, *SPECIAL])
def test_input_outside_the_repository_is_refused(
    run: Callable[..., Outcome], starter: Path, outside: Path, token: str, attack: str, command: str
) -> None:
    named = {**ATTACKS, **SPECIAL}[attack](starter, outside)
    before = _snapshot(outside)
    outcome = run("--root", starter, command)
    _assert_refused(outcome, starter, token, named)
    assert not (starter / "site").exists()
    assert _snapshot(outside) == before


def test_the_problem_line_says_what_to_do(run: Callable[..., Outcome], starter: Path, outside: Path) -> None:
    _link(starter / "playbook" / "leak.md", outside / "secret.md")
    _link(starter / "templates", outside)
    os.mkfifo(starter / "playbook" / "pipe.png")
    (starter / "playbook" / "loop.md").symlink_to("loop.md")
    assert run("--root", starter, "validate").stderr.splitlines() == [
        "playbook/leak.md:1:1: error: this is a link to a place outside the repository; "
        "copy what it points at into the repository instead",
        "playbook/loop.md:1:1: error: the link leads nowhere (its target is missing, or links form a loop); "
        "fix or remove it",
        "playbook/pipe.png:1:1: error: this is a named pipe, not an ordinary file; "
        "vmv reads only ordinary files and folders",
        "templates:1:1: error: the folder is a link to a place outside the repository; "
        "move its files into the repository instead",
        "vmv: 4 errors",
    ]


def test_links_that_stay_inside_are_followed(run: Callable[..., Outcome], starter: Path) -> None:
    (starter / "docs").mkdir()
    os.rename(starter / "playbook", starter / "docs" / "playbook")
    _link(starter / "playbook", "docs/playbook")
    (starter / "shared.md").write_text("# Shared\n\nA page kept elsewhere in the repository.\n")
    _link(starter / "docs" / "playbook" / "shared.md", "../../shared.md")
    outcome = run("--root", starter, "build")
    assert outcome.exit_code == 0, outcome.stderr
    assert "A page kept elsewhere" in (starter / "site" / "playbook" / "shared" / "index.html").read_text()


# -- writes ---------------------------------------------------------------------------


def _recognize(run: Callable[..., Outcome], root: Path) -> Outcome:
    return run(
        "--root", root, "recognize", "--value", "own-it", "--person", "Sam", "--story", "Fixed it.",
        "--date", "2026-11-05",
    )  # fmt: skip


def test_recognize_into_a_folder_that_links_out(
    run: Callable[..., Outcome], starter: Path, outside: Path, token: str
) -> None:
    _link(starter / "recognition", outside / "notes")
    before = _snapshot(outside)
    _assert_refused(_recognize(run, starter), starter, token, "recognition")
    assert _snapshot(outside) == before


def test_recognize_over_a_link_planted_at_the_target(
    run: Callable[..., Outcome], starter: Path, outside: Path, token: str
) -> None:
    _link(starter / "recognition" / "2026-11.yaml", outside / "secret.yaml")
    before = _snapshot(outside)
    _assert_refused(_recognize(run, starter), starter, token, "recognition/2026-11.yaml")
    assert _snapshot(outside) == before


def test_recognize_never_replaces_a_link_inside(run: Callable[..., Outcome], starter: Path) -> None:
    (starter / "stories.yaml").write_text("[]\n")
    _link(starter / "recognition" / "2026-11.yaml", "../stories.yaml")
    outcome = _recognize(run, starter)
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines()[0] == (
        "recognition/2026-11.yaml:1:1: error: the file is a link; vmv recognize replaces the file it adds to, "
        "so put the file itself here instead of a link"
    )
    assert (starter / "recognition" / "2026-11.yaml").is_symlink()
    assert (starter / "stories.yaml").read_text() == "[]\n"


def test_recognize_makes_no_lock_file_a_link_could_redirect(
    run: Callable[..., Outcome], starter: Path, outside: Path, token: str
) -> None:
    _link(starter / "recognition" / ".vmv-lock", outside / "created-by-vmv")
    outcome = _recognize(run, starter)
    assert outcome.exit_code == 0, outcome.stderr
    assert not (outside / "created-by-vmv").exists()
    assert sorted(p.name for p in (starter / "recognition").iterdir()) == [".vmv-lock", "2026-11.yaml"]


def test_recognize_writes_inside_a_folder_linked_inside(run: Callable[..., Outcome], starter: Path) -> None:
    (starter / "notes").mkdir()
    _link(starter / "recognition", "notes")
    outcome = _recognize(run, starter)
    assert outcome.exit_code == 0, outcome.stderr
    assert "who: Sam" in (starter / "notes" / "2026-11.yaml").read_text()


def test_build_output_that_is_a_link_is_refused(
    run: Callable[..., Outcome], starter: Path, outside: Path, token: str
) -> None:
    (outside / "www").mkdir()
    (outside / "www" / "index.html").write_text(token)
    _link(starter / "site", outside / "www")
    before = _snapshot(outside)
    outcome = run("--root", starter, "build", "-d", starter / "site")
    assert outcome.exit_code == 2 and "is a link" in outcome.stderr
    assert _snapshot(outside) == before


def test_build_output_under_a_folder_linking_out_is_refused(
    run: Callable[..., Outcome], starter: Path, outside: Path
) -> None:
    _link(starter / "public", outside)
    before = _snapshot(outside)
    outcome = run("--root", starter, "build", "-d", starter / "public" / "site")
    assert outcome.exit_code == 2 and "links out of the repository" in outcome.stderr
    assert _snapshot(outside) == before


def test_init_never_writes_into_a_folder_with_planted_links(
    run: Callable[..., Outcome], tmp_path: Path, outside: Path
) -> None:
    (tmp_path / "new" / ".git").mkdir(parents=True)
    _link(tmp_path / "new" / "vmv.yaml", outside / "secret.yaml")
    before = _snapshot(outside)
    outcome = run("init", tmp_path / "new")
    assert outcome.exit_code == 2 and "is not empty" in outcome.stderr
    assert _snapshot(outside) == before


def test_editions_cache_that_links_out_is_refused(
    run: Callable[..., Outcome], repository: Path, outside: Path
) -> None:
    subprocess.run(["git", "-C", str(repository), "tag", "v1.0.0"], check=True, capture_output=True)
    _link(repository / ".vmv-cache", outside / "notes")
    before = _snapshot(outside)
    outcome = run("--root", repository, "build", "--all-versions", "-d", repository / "out")
    assert outcome.exit_code == 2, outcome.stderr
    assert "'.vmv-cache' is a link to a place outside the repository" in outcome.stderr
    assert _snapshot(outside) == before


# -- git revisions --------------------------------------------------------------------


def _commit(root: Path, message: str) -> None:
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, capture_output=True)
    subprocess.run(
        ["git", "-C", str(root), *identity, "commit", "-qm", message], check=True, capture_output=True
    )


@pytest.fixture
def repository(starter: Path) -> Path:
    subprocess.run(["git", "-C", str(starter), "init", "-q", "-b", "main"], check=True, capture_output=True)
    _commit(starter, "first")
    return starter


REVISION_ATTACKS: dict[str, Plant] = {
    "playbook is an absolute link": _linked("playbook", lambda out: out / "notes", replace=True),
    "page is a relative link out": _linked("playbook/leak.md", "../" * 12 + "etc/passwd"),
    "vmv.yaml links to /proc": _linked("vmv.yaml", "/proc/self/environ", replace=True),
}


@pytest.mark.parametrize("attack", REVISION_ATTACKS)
def test_a_commit_with_links_out_is_refused_naming_revision_and_path(
    run: Callable[..., Outcome], repository: Path, outside: Path, token: str, attack: str
) -> None:
    named = REVISION_ATTACKS[attack](repository, outside)
    _commit(repository, attack)
    outcome = run("--root", repository, "diff", "HEAD~1", "HEAD")
    _assert_refused(outcome, repository, token, f"HEAD:{named}")
    assert "root:" not in outcome.stderr


def test_a_link_that_escapes_only_once_written_out_is_refused(
    run: Callable[..., Outcome], repository: Path, outside: Path, token: str
) -> None:
    # Each link on its own stays inside; followed together, they climb out of the export.
    _link(repository / "playbook" / "up", "..")
    _link(repository / "playbook" / "leak.md", "up/../../outside/secret.md")
    _commit(repository, "escape through a chain")
    outcome = run("--root", repository, "diff", "HEAD~1", "HEAD")
    assert outcome.exit_code == 1
    _assert_refused(outcome, repository, token, "HEAD:playbook/leak.md", "HEAD:playbook/up")


def test_a_file_named_like_a_revision_does_not_replace_it(
    run: Callable[..., Outcome], repository: Path, token: str, outside: Path
) -> None:
    """A pull request adding a file `HEAD` must not change what `vmv diff BASE HEAD` compares."""
    _link(repository / "HEAD", outside / "secret.yaml")
    outcome = run("--root", repository, "diff", "HEAD", "HEAD")
    assert outcome.exit_code == 0 and "No change in meaning." in outcome.stdout
    assert token not in outcome.stdout + outcome.stderr


def test_a_file_named_on_the_command_line_may_not_link_out(
    run: Callable[..., Outcome], tmp_path: Path, outside: Path, token: str
) -> None:
    (tmp_path / "given").mkdir()
    _link(tmp_path / "given" / "old.yaml", outside / "secret.yaml")
    outcome = run("diff", tmp_path / "given" / "old.yaml", tmp_path / "given" / "old.yaml")
    assert outcome.exit_code == 1
    assert token not in outcome.stdout + outcome.stderr
    assert "is a link to a place outside the repository" in outcome.stderr


# -- the boundary itself ---------------------------------------------------------------


@pytest.mark.timeout(10)
def test_reading_never_opens_a_fifo_or_a_device(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    _link(tmp_path / "zero", "/dev/zero")
    with pytest.raises(OutsideRepository, match="named pipe"):
        read_inside(tmp_path, "pipe")
    with pytest.raises(OutsideRepository, match="outside the repository"):
        read_inside(tmp_path, "zero")
    with pytest.raises(OutsideRepository, match="device"):
        read_inside(Path("/dev"), "zero")  # a device inside the folder taken as the root


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    with (tmp_path / "big").open("wb") as handle:
        handle.truncate(10**12)  # a terabyte: reading it would never end
    with pytest.raises(TooLarge, match="1,000,000,000,000 bytes"):
        read_inside(tmp_path, "big")


def test_missing_files_and_broken_links(tmp_path: Path) -> None:
    _link(tmp_path / "broken", "nowhere")
    with pytest.raises(MissingPath, match="not found"):
        read_inside(tmp_path, "absent")
    with pytest.raises(MissingPath, match="leads nowhere"):
        read_inside(tmp_path, "broken")
    assert files_under(tmp_path, "absent") == ([], [])


def test_files_under_lists_in_order_and_skips_git(tmp_path: Path) -> None:
    for name in ("b/z.md", "a.md", "b/a.md", ".git/config", "b/.git/HEAD"):
        (tmp_path / "f" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "f" / name).write_text("x")
    found, problems = files_under(tmp_path, "f")
    assert [f.name for f in found] == ["f/a.md", "f/b/a.md", "f/b/z.md"]
    assert problems == []
