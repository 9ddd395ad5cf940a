"""Rendering in a child process whose memory and processor time the operating system caps.

The sandbox (sandbox.py) decides what a template may reach and checks sizes before
the operations it sees. It cannot stop one long operation done in C, such as a
power of huge numbers, a join or a sort of a huge list: Python checks nothing until
the operation ends, and no time limit inside the process can interrupt it. So the
templates of a repository are rendered in a child process:

- its processor time is capped per step (RLIMIT_CPU, raised before each page): at the
  cap the kernel ends it with SIGXCPU;
- its memory is capped (RLIMIT_AS, a fixed amount above what it holds at its start):
  an allocation past the cap fails, and Python raises MemoryError;
- this process kills it (SIGKILL) when one step runs past a deadline on the clock,
  whatever it is doing.

Before each step the child tells this process which page it starts, over a pipe, so
that the problem line names the page even when the child dies in the middle of it.
The results come back through the same pipe, pickled: the child runs vmv's own code,
and the process boundary is one of resources, not of trust (templates never run code:
that is the sandbox's and the views' job).

The child is a plain `os.fork()`, not a forkserver or a spawned interpreter. It starts
in a few milliseconds with vmv imported, the project loaded and the compiled templates
at hand; a fresh interpreter would first spend about 0.3 s importing Jinja, pydantic
and Markdown, and the project and the previous rendering (`vmv serve`) would be pickled
into it at every edit. `vmv serve` renders in a thread while the live server's threads
run, and a forked child inherits any lock those threads held at that instant: the
child therefore takes none of them. It prints nothing, logs nothing and imports
nothing new; it only computes and writes to its own pipe, and `os._exit` ends it
without flushing or running exit handlers. Should it ever block, the deadline kills it.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import gc
import math
import os
import resource
import signal
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection

from vmv.core.changes import Diff
from vmv.core.inputs import VMV_FILE
from vmv.core.load.project import Project
from vmv.core.render.labels import Labels
from vmv.core.render.rendered_site import RenderedSite
from vmv.core.render.site import Progress, render_site
from vmv.core.render.template_environment import COMPILED_TEMPLATES
from vmv.errors import InvalidInput, Location, Problem, ProblemCode
from vmv.review.report import change_groups

CPU_SECONDS_PER_STEP = 10
"""Processor time one step of rendering (compiling or rendering a page) may use."""
MEMORY_BYTES = 2 * 2**30
"""Memory (address space) rendering may take beyond what vmv holds when it starts: 2 GiB,
where a site of 2,000 pages takes about 200 MB."""
DEADLINE_SECONDS_PER_STEP = 30.0
"""Time on the clock one step may take before the child is killed: a step that waits rather
than computes (a machine swapping, a child stuck) ends too."""


_TICK_SECONDS = 0.05
"""How often the parent looks at the steps the child started: waking up for each one, of
thousands, would slow the child down."""
_PIPE_BYTES = 2**20
_PREPARING = (VMV_FILE, "preparing to render the pages")


@dataclass(frozen=True)
class _Step:
    """What the child starts: the file a problem points at, and what the step makes."""

    file: str
    what: str


@dataclass(frozen=True)
class _Rendered:
    site: RenderedSite | None
    problems: list[Problem]
    compiled: dict[str, bytes] = field(default_factory=dict)
    """Templates the child compiled, kept here for the next rendering (`vmv serve`)."""


@dataclass(frozen=True)
class _OutOfMemory:
    pass


@dataclass(frozen=True)
class _Failed:
    error: str
    details: str


class RenderingFailed(Exception):
    """Rendering stopped on a bug in vmv; the child's traceback is attached as a note."""


def render_isolated(
    project: Project,
    changes: Diff | None = None,
    *,
    last_changed: dict[str, datetime.date] | None = None,
    edit_base: str | None = None,
    previous: RenderedSite | None = None,
    labels: Labels | None = None,
    text_language: str | None = None,
) -> RenderedSite:
    """`render_site` in a child process with capped memory and processor time, its words
    in the language of `labels` (English by default); `text_language` is the language of
    the texts "What changed" compares, when the site is in another (a translation).

    Raise `InvalidInput` with every template problem, or with one problem that names the
    step a limit stopped and the limit.
    """

    def render(progress: Progress) -> RenderedSite:
        # The rows of "What changed" mark changed words: that work too runs under the limits.
        return render_site(
            project,
            changes,
            change_groups(changes, labels, text_language),
            last_changed=last_changed,
            edit_base=edit_base,
            previous=previous,
            progress=progress,
            labels=labels,
        )

    # Two pipes: the steps, read a tick at a time, and the outcome, read as soon as it comes.
    steps, step_writer = _pipe()
    outcomes, outcome_writer = _pipe()
    pid = _fork()
    if pid == 0:  # the child
        code = 1
        try:
            steps.close()
            outcomes.close()
            code = _render_in_child(render, step_writer, outcome_writer)
        finally:
            os._exit(code)
    step_writer.close()
    outcome_writer.close()
    with steps, outcomes:
        return _result(pid, steps, outcomes)


def _pipe() -> tuple[Connection, Connection]:
    reader, writer = Pipe(duplex=False)
    with contextlib.suppress(AttributeError, OSError):  # Linux only, and only up to its maximum
        # Steps of a tick never fill it; a site's text comes back in fewer, larger writes.
        fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    return reader, writer


def _fork() -> int:
    # The child shares this process's memory until it writes to it, and its garbage collector
    # would write to every object it inherited: frozen, they are left out of its collections.
    gc.freeze()
    pid = -1
    try:
        with warnings.catch_warnings():
            # Python 3.12 warns when a process with threads forks (`vmv serve`): the module's
            # docstring says why the child is safe.
            warnings.filterwarnings("ignore", r".*multi-threaded.*fork", DeprecationWarning)
            pid = os.fork()
    finally:
        if pid != 0:  # in this process, whether the fork worked or not
            gc.unfreeze()
    return pid


def _cap_memory() -> None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return  # not Linux: the memory cap is Linux's (macOS does not enforce RLIMIT_AS)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = held + MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def _render_in_child(
    render: Callable[[Progress], RenderedSite], steps: Connection, outcomes: Connection
) -> int:
    _cap_memory()
    # At the processor cap the kernel sends SIGXCPU, whose default action ends the process
    # (and would write a core file), whatever handler this process had inherited.
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _, hard_cpu = resource.getrlimit(resource.RLIMIT_CPU)
    compiled_before = COMPILED_TEMPLATES.names()

    def starting(file: str, what: str) -> None:
        # The cap counts the child's whole life: each step gets the full amount from now.
        cap = math.ceil(time.process_time()) + CPU_SECONDS_PER_STEP
        if hard_cpu != resource.RLIM_INFINITY:
            cap = min(cap, hard_cpu)
        resource.setrlimit(resource.RLIMIT_CPU, (cap, hard_cpu))
        steps.send(_Step(file, what))

    outcome: _Rendered | _OutOfMemory | _Failed
    try:
        starting(*_PREPARING)
        outcome = _Rendered(render(starting), [])
    except InvalidInput as error:
        outcome = _Rendered(None, error.problems)
    except MemoryError:
        outcome = _OutOfMemory()
    except Exception as error:
        outcome = _Failed(f"{type(error).__name__}: {error}", traceback.format_exc())
    # Sent after the except blocks: the frames an exception held, and their memory, are freed.
    if isinstance(outcome, _Rendered):
        outcome = _Rendered(outcome.site, outcome.problems, COMPILED_TEMPLATES.added_since(compiled_before))
    try:
        outcomes.send(outcome)
    except MemoryError:
        outcomes.send(_OutOfMemory())
    except OSError:
        return 1  # the parent is gone
    return 0


def _result(pid: int, steps: Connection, outcomes: Connection) -> RenderedSite:
    step = _Step(*_PREPARING)
    outcome: object = None
    killed = False
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS_PER_STEP
        while True:
            done = outcomes.poll(max(min(_TICK_SECONDS, deadline - time.monotonic()), 0))
            with contextlib.suppress(EOFError):  # the child died: its last step is in the pipe
                while steps.poll():
                    step, deadline = steps.recv(), time.monotonic() + DEADLINE_SECONDS_PER_STEP
            if done:
                with contextlib.suppress(EOFError):
                    outcome = outcomes.recv()
                break
            if time.monotonic() >= deadline:
                killed = True
                break
    finally:
        if outcome is None:
            # Whatever stopped the wait (the deadline, the child's death, Ctrl-C here), no
            # child may outlive it; a signal to a child already dead changes nothing.
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if isinstance(outcome, _Rendered):
        COMPILED_TEMPLATES.add(outcome.compiled)
        if outcome.problems:
            raise InvalidInput(outcome.problems)
        assert outcome.site is not None
        return outcome.site
    if isinstance(outcome, _Failed):
        error = RenderingFailed(outcome.error)
        error.add_note(outcome.details)
        raise error
    out_of_memory = isinstance(outcome, _OutOfMemory)
    stopped = _stopped(step.what, status, killed, out_of_memory)
    raise InvalidInput([Problem(Location(step.file), stopped, code=ProblemCode.TEMPLATE_LIMIT)])


def _stopped(what: str, status: int, killed: bool, out_of_memory: bool) -> str:
    """Why the child stopped, as the end of a problem line that begins with the step."""
    signalled = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if killed:
        return (
            f"{what} took longer than {DEADLINE_SECONDS_PER_STEP:g} s, the limit; "
            "look for a loop that never ends or a computation on huge numbers or lists"
        )
    if signalled == signal.SIGXCPU:
        return (
            f"{what} used more than {CPU_SECONDS_PER_STEP} s of processor time, the limit; "
            "look for a loop that never ends or a computation on huge numbers or lists"
        )
    if out_of_memory or signalled == signal.SIGKILL:  # SIGKILL not from here: the system's OOM killer
        return (
            f"{what} needed more than {MEMORY_BYTES // 2**20:,} MB of memory, the limit; "
            "look for text or lists built to a huge size"
        )
    how = signal.strsignal(signalled) if signalled else f"exit status {os.WEXITSTATUS(status)}"
    return f"{what} stopped the rendering process ({how}); simplify the templates it uses"
