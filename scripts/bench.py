#!/usr/bin/env python3
"""vmv against plain MkDocs, mkdocs-macros-plugin and Zensical on synthetic playbooks.

`make bench` runs it (BENCH_ARGS="--quick" for a short run) and prints one table
of medians, with ratios against plain MkDocs, and the machine it ran on. The
targets (issues #5 and #9) are measured here and never asserted in tests:

- `vmv build` of 500 pages: at most 0.40x a plain `mkdocs build` of the same
  rendered pages with Material's defaults; cost about linear in the pages;
- `vmv serve`, one page's body edited, 500 pages: the page shows it within 0.5 s;
- one more edition in `vmv build --all-versions`: at most 1.2x one build;
- the render stage: at most 1 ms a page; peak memory of 2,000 pages under 300 MB;
- two editions of 500 values and 5,000 questions diff in under a second.

Every command runs as its own process and is timed from start to exit; the
builds take turns within each round, so that a slow moment of the machine
falls on all of them. Memory is the peak of the proportional set size (PSS)
summed over the process and its children: forked workers share pages with
their parent, which PSS counts once.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from tests.synthetic import write_synthetic  # noqa: E402

from vmv.app.pipeline import check  # noqa: E402
from vmv.core.load.project import Page, Project, load_project  # noqa: E402
from vmv.core.model.document import Document, PageMeta, Value  # noqa: E402
from vmv.core.render.site import render_site  # noqa: E402
from vmv.engine.mkdocs.build import ASSETS_TARGET, REQUIRED_EXTENSIONS, write_docs  # noqa: E402
from vmv.review.diff import diff_projects  # noqa: E402
from vmv.review.report import to_json, to_markdown  # noqa: E402

BIN = Path(sys.executable).parent
QUIET = {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


# -- measuring one process -----------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_pss_mib(pid: int) -> float:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _pss_kib(current)
        stack += _children(current)
    return total / 1024


@dataclass
class Run:
    seconds: float
    peak_mib: float


def run(command: list[str], cwd: Path, *, env: dict[str, str] | None = None) -> Run:
    """Run `command` to its end; its wall time and the peak memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **QUIET, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0.0
    finished = threading.Event()

    def sample() -> None:
        nonlocal peak
        # Reading a process's memory map costs the kernel time: 5 samples a second keep
        # the measurement from slowing what it measures, and catch peaks that last.
        while not finished.wait(0.2):
            peak = max(peak, _tree_pss_mib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    finished.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors[-3000:]}")
    return Run(seconds, peak)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


# -- the table -----------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    pages: int | None
    seconds: list[float]
    baseline: float | None = None
    """Seconds of what the ratio compares with (plain MkDocs, or one build)."""
    peak_mib: float | None = None
    notes: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(f"  {row.name} (N={row.pages}): {_duration(row.median)} {row.notes}", file=sys.stderr)
        return row

    def print(self, header: str) -> None:
        print(header)
        print()
        print("| measurement | pages | median | ratio | peak memory | notes |")
        print("|---|--:|--:|--:|--:|---|")
        for row in self.rows:
            ratio = f"{row.median / row.baseline:.2f}x" if row.baseline else ""
            memory = f"{row.peak_mib:.0f} MiB" if row.peak_mib else ""
            pages = f"{row.pages:,}" if row.pages else ""
            print(f"| {row.name} | {pages} | {_duration(row.median)} | {ratio} | {memory} | {row.notes} |")


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


# -- synthetic repositories and the peers' copies of them ---------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def repository(folder: Path, pages: int) -> Path:
    """A synthetic company repository with one commit (vmv reads dates from git)."""
    root = write_synthetic(folder, pages)
    git(folder.parent, "init", "-q", str(root))
    for key, value in (
        ("user.name", "Bench"),
        ("user.email", "bench@localhost"),
        ("commit.gpgsign", "false"),
    ):
        git(root, "config", key, value)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Edition 1.0.0")
    return root


def peer_tree(root: Path, folder: Path, plugins: list[str]) -> Path:
    """The pages vmv renders for `root`, as a plain MkDocs project with Material's defaults."""
    _, rendered = check(root)
    (folder / "docs").mkdir(parents=True)
    write_docs(rendered, root, folder / "docs")
    extensions = [{name: options} if options else name for name, options in REQUIRED_EXTENSIONS.items()]
    config = {
        "site_name": rendered.site_name,
        "site_dir": str(folder / "site"),
        "nav": rendered.nav,
        "theme": {"name": "material"},
        "markdown_extensions": extensions,
        "extra_css": [f"{ASSETS_TARGET}/vmv.css"],
        "extra_javascript": [f"{ASSETS_TARGET}/vmv.js"],
        "plugins": plugins,
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return folder


def installed(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


# -- builds ----------------------------------------------------------------------------------


def compare_builds(table: Table, work: Path, pages: int, runs: int) -> dict[str, Row]:
    root = repository(work / f"repo-{pages}", pages)
    plain = peer_tree(root, work / f"plain-{pages}", ["search"])
    macros = peer_tree(root, work / f"macros-{pages}", ["search", "macros"])
    commands: dict[str, tuple[list[str], Path]] = {
        "vmv build": ([str(BIN / "vmv"), "build", "-d", str(work / f"out-{pages}")], root),
        "plain mkdocs build": ([str(BIN / "mkdocs"), "build", "-q"], plain),
        "mkdocs build with mkdocs-macros": ([str(BIN / "mkdocs"), "build", "-q"], macros),
    }
    if installed("zensical"):
        commands["zensical build (clean cache)"] = ([str(BIN / "zensical"), "build", "-c"], plain)
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for round_number in range(runs):
        names = list(commands)
        # Take turns, starting with a different command each round.
        for name in names[round_number % len(names) :] + names[: round_number % len(names)]:
            command, cwd = commands[name]
            results[name].append(run(command, cwd))
    baseline = statistics.median(r.seconds for r in results["plain mkdocs build"])
    rows = {}
    for name, measured in results.items():
        rows[name] = table.add(
            Row(
                name,
                pages,
                [r.seconds for r in measured],
                baseline,
                max(r.peak_mib for r in measured),
                f"{len(measured)} run{'' if len(measured) == 1 else 's'}",
            )
        )
    project = load_project(root)
    render_site(project)
    seconds = [timed(lambda: render_site(project)) for _ in range(max(runs, 3))]
    rendered_pages = len(render_site(project).pages)
    row = table.add(Row("render stage alone (in process)", pages, seconds))
    row.notes = f"{row.median / rendered_pages * 1000:.2f} ms a page, {rendered_pages} pages"
    return rows


def exponent(points: list[tuple[int, float]]) -> float:
    """The slope of log(time) over log(pages): 1 is linear, 2 quadratic."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )


# -- serve -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float = 600) -> float:
    started = time.perf_counter()
    while text not in _fetch(url):
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"{url} never showed {text!r}")
        time.sleep(0.01)
    return time.perf_counter() - started


@contextlib.contextmanager
def serving(command: list[str], cwd: Path, url: str) -> Iterator[None]:
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **QUIET},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for(url, "<html")
        yield
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def edit_latency(source: Path, url: str, runs: int, settle: float) -> list[float]:
    """Seconds from writing a new paragraph into `source` to `url` serving it."""
    seconds = []
    for number in range(runs):
        marker = f"Edited paragraph number {number} {time.time_ns()}"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"Edited paragraph number [0-9 ]+\n\n", "", text)
        started = time.perf_counter()
        source.write_text(text.replace("## What we do", f"{marker}\n\n## What we do", 1), encoding="utf-8")
        _wait_for(url, marker)
        seconds.append(time.perf_counter() - started)
        time.sleep(settle)  # let the server finish what it does after the reload
    return seconds


def title_latency(source: Path, url: str, runs: int) -> list[float]:
    """Seconds from retitling `source` to another page's navigation showing the title."""
    seconds = []
    for number in range(runs):
        title = f"Retitled page {number} {time.time_ns()}"
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", source.read_text(encoding="utf-8"), count=1)
        started = time.perf_counter()
        source.write_text(text, encoding="utf-8")
        _wait_for(url, title)
        seconds.append(time.perf_counter() - started)
    return seconds


def compare_serve(table: Table, work: Path, pages: int, runs: int) -> None:
    root = repository(work / f"serve-{pages}", pages)
    page = "playbook/section-003/page-0080.md" if pages > 80 else "playbook/section-000/page-0010.md"
    page_url = page.removesuffix(".md") + "/"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    with serving([str(BIN / "vmv"), "serve", "-a", f"127.0.0.1:{port}"], root, base):
        body = edit_latency(root / page, base + page_url, runs, settle=max(3.0, pages / 100))
        table.add(Row("vmv serve: one page's body edited, to the page served", pages, body))
        other = base + "glossary/"
        titles = title_latency(root / page, other, max(2, runs // 2))
        table.add(Row("vmv serve: a title edited, to every page showing it", pages, titles))
    plain = peer_tree(root, work / f"serve-plain-{pages}", ["search"])
    for label, extra in (("mkdocs serve", []), ("mkdocs serve --dirty", ["--dirty"])):
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        command = [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}", *extra]
        with serving(command, plain, base):
            seconds = edit_latency(plain / "docs" / page, base + page_url, max(2, runs // 2), settle=1)
        table.add(Row(f"{label}: one page's body edited, to the page served", pages, seconds))


# -- editions ----------------------------------------------------------------------------------


def _next_edition(root: Path, version: str, number: int) -> None:
    vmv_yaml = root / "vmv.yaml"
    text = re.sub(r"version: .*", f"version: {version}", vmv_yaml.read_text(encoding="utf-8"), count=1)
    text = re.sub(
        r"statement: We keep promise 0 to every customer.*",
        f"statement: We keep promise 0 to every customer, edition {number}.",
        text,
        count=1,
    )
    vmv_yaml.write_text(text, encoding="utf-8")
    page = root / "playbook" / "section-000" / "page-0001.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nAdded in edition {version}.\n", encoding="utf-8")
    git(root, "commit", "-qam", f"Edition {version}")
    git(root, "tag", f"v{version}")


def compare_editions(table: Table, work: Path, pages: int, runs: int, one_build: float) -> None:
    root = repository(work / f"editions-{pages}", pages)
    for number in range(10):
        _next_edition(root, f"1.{number}.0", number)
    out = work / f"versioned-{pages}"
    command = [str(BIN / "vmv"), "build", "--all-versions", "-d", str(out)]
    cold = run([*command, "--clear-cache"], root)
    table.add(Row("vmv build --all-versions: 10 editions, empty cache", pages, [cold.seconds], one_build))
    seconds = []
    for attempt in range(runs):
        _next_edition(root, "1.10.0", 10 + attempt)
        seconds.append(run(command, root).seconds)
        git(root, "tag", "-d", "v1.10.0")
    row = table.add(Row("vmv build --all-versions: an 11th edition", pages, seconds, one_build))
    row.notes = "ratio: against one vmv build of the same pages"


# -- diff --------------------------------------------------------------------------------------


def large_edition(values: int, questions: int, variant: int) -> Project:
    """A synthetic edition; `variant` 1 rewords, removes, adds and reorders some items."""
    base = Document.model_validate(
        {
            "schema": 1,
            "organization": {"name": "Benchmark Co"},
            "edition": {"version": f"{1 + variant}.0.0", "date": "2026-01-01", "approved_by": ["ceo"]},
            "owners": [{"id": "ceo", "name": "Chief"}],
            "vision": "A vision.",
            "mission": "A mission.",
            "values": [{"id": "v", "name": "V", "statement": "S.", "behaviors": {"do": ["D."]}}],
        }
    )
    items = []
    for n in range(values):
        if variant and n % 50 == 0:
            continue  # removed in the new edition
        statement = f"Value {n} means we act for customers in way {n}."
        if variant and n % 7 == 0:
            statement = f"Value {n} means we always act for customers in way {n}."
        behaviors = [f"Behaviour {k} of value {n}, seen in the shop." for k in range(5)]
        if variant and n % 11 == 0:
            behaviors.reverse()
        items.append(
            Value.model_validate(
                {
                    "id": f"value-{n}",
                    "name": f"Value {n}",
                    "statement": statement,
                    "behaviors": {"do": behaviors},
                }
            )
        )
    if variant:
        items.insert(3, items.pop(10))
    # More than the 30 values a real vmv.yaml may hold: built without that check, for scale.
    document = base.model_copy(update={"values": items})
    pages = []
    per_page = 100
    for page_number in range(questions // per_page):
        qs = [
            {
                "id": f"q-{page_number}-{k}",
                "area": f"Area {k % 4}",
                "text": f"Question {k} on page {page_number}: how does it help the customer?"
                + (" And how do we know?" if variant and k % 13 == 0 else ""),
                "values": [f"value-{(page_number + k) % values}"],
            }
            for k in range(per_page)
            if not (variant and k == 99)
        ]
        body = "\n\n".join(f"Paragraph {p} of page {page_number}." for p in range(20))
        pages.append(
            Page(f"playbook/page-{page_number}.md", PageMeta.model_validate({"questions": qs}), body)
        )
    return Project(Path("."), document, tuple(pages))


def compare_diff(table: Table, runs: int) -> None:
    old, new = large_edition(500, 5000, 0), large_edition(500, 5000, 1)
    result = diff_projects(old, new)
    row = table.add(
        Row(
            "vmv diff: 500 values, 5,000 questions",
            None,
            [timed(lambda: diff_projects(old, new)) for _ in range(runs)],
        )
    )
    row.notes = f"{len(result.changes)} changes, {result.severity.value}"
    table.add(Row("  + the Markdown report", None, [timed(lambda: to_markdown(result)) for _ in range(runs)]))
    table.add(Row("  + the JSON report", None, [timed(lambda: to_json(result)) for _ in range(runs)]))


# -- main ----------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as handle:
        names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        cpu = names[0] if names else cpu
    memory = ""
    with contextlib.suppress(OSError), open("/proc/meminfo") as handle:
        total = next(line for line in handle if line.startswith("MemTotal:"))
        memory = f", {int(total.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    tools = ", ".join(
        f"{name} {installed(name) or 'not installed'}"
        for name in ("vmv", "mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "zensical", "mike")
    )
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}; "
        f"Python {platform.python_version()}; {tools}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,500,2000", help="page counts to build (default: 50,500,2000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is shown")
    parser.add_argument(
        "--large-runs", type=int, default=1, help="runs at the largest size, where a peer takes minutes"
    )
    parser.add_argument("--serve-size", type=int, default=500, help="pages for the serve measurements")
    parser.add_argument("--editions-size", type=int, default=500, help="pages for the editions measurements")
    parser.add_argument("--quick", action="store_true", help="sizes 50 and 500, 3 runs: a first look")
    parser.add_argument(
        "--parts",
        default="builds,serve,editions,diff",
        help="what to measure, of builds,serve,editions,diff (default: all)",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs = "50,500", 3
    sizes = sorted(int(size) for size in args.sizes.split(","))
    parts = set(args.parts.split(","))

    table = Table()
    builds: dict[int, dict[str, Row]] = {}
    with tempfile.TemporaryDirectory(prefix="vmv-bench-") as folder:
        work = Path(folder)
        for pages in sizes if "builds" in parts else []:
            runs = args.large_runs if pages == sizes[-1] and len(sizes) > 2 else args.runs
            print(f"building {pages} pages, {runs} runs", file=sys.stderr)
            builds[pages] = compare_builds(table, work, pages, runs)
        if "serve" in parts:
            print("serving", file=sys.stderr)
            compare_serve(table, work, args.serve_size, args.runs)
        if "editions" in parts:
            print("editions", file=sys.stderr)
            one_build = builds.get(args.editions_size)
            compare_editions(
                table,
                work,
                args.editions_size,
                max(1, args.runs // 2),
                one_build["vmv build"].median if one_build else 0,
            )
        if "diff" in parts:
            compare_diff(table, args.runs)
        shutil.rmtree(work, ignore_errors=True)

    header = [f"vmv benchmark on {machine()}", ""]
    if len(builds) >= 2:
        for name in ("vmv build", "plain mkdocs build"):
            points = [(pages, builds[pages][name].median) for pages in sorted(builds)]
            header.append(
                f"- {name}: time grows as pages^{exponent(points):.2f} over"
                f" {', '.join(map(str, sorted(builds)))} pages,"
                f" as pages^{exponent(points[-2:]):.2f} from {points[-2][0]} to {points[-1][0]}"
            )
    table.print("\n".join(header))


if __name__ == "__main__":
    main()
