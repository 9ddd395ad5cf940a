"""Template-injection payloads in a playbook page run no code and leak nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from vmv.build import build_site, check
from vmv.errors import InvalidInput

PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].system('touch /tmp/vmv-pwned') }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ vmv.__class__.__init__.__globals__ }}",
    "{{ vmv.model_construct() }}",
    "{{ request.application.__globals__ }}",
    "{{ config.items() }}",
    "{{ ''.format.__globals__ }}",
    "{{ '{0.__class__}'.format(vmv) }}",
    "{{ '%s' % vmv.__dict__ }}",
    "{{ 'x' * 100000000 }}",
    "{{ 2 ** 99999999 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '%0999999999d' | format(1) }}",
    "{% for i in range(10 ** 9) %}{% endfor %}",
    "{% macro loop() %}{{ loop() }}{% endmacro %}{{ loop() }}",
    "{% set x = [] %}{{ x.append(1) }}",
    "{{ vmv.values.append(1) }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_refused_without_leaking(starter: Path, payload: str) -> None:
    page = starter / "playbook" / "attack.md"
    page.write_text(f"---\ntitle: Attack\n---\nBefore.\n\n{payload}\n")
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    assert time.perf_counter() - started < 8
    (problem,) = caught.value.problems
    assert problem.location.file == "playbook/attack.md"
    assert problem.location.line in (1, 6)
    for leak in ("<class", "<function", "<module", "uid=", "{'", "object at 0x"):
        assert leak not in problem.message
    assert not Path("/tmp/vmv-pwned").exists()
    assert not (starter / "site").exists()


def test_runaway_loop_is_stopped_by_the_time_limit(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vmv.render.SECONDS_PER_PAGE", 0.5)
    page = starter / "playbook" / "slow.md"
    page.write_text(
        "---\ntitle: Slow\n---\n{% for i in range(99999) %}{% for j in range(99999) %}"
        "{% endfor %}{% endfor %}\n"
    )
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    assert time.perf_counter() - started < 5
    assert "took longer than 0.5 seconds" in caught.value.problems[0].message


def test_page_can_use_the_vmv_data(starter: Path) -> None:
    page = starter / "playbook" / "welcome.md"
    page.write_text(
        "---\ntitle: Welcome\n---\n{% for v in vmv.values %}- {{ v.name }}\n{% endfor %}"
        "{{ vmv.organization.name | upper }}\n"
    )
    _, rendered = check(starter)
    text = rendered.pages["playbook/welcome.md"]
    assert "- Customer First\n- Own It\n- Keep Promises\n" in text
    assert "ACME COMPANY" in text


@pytest.mark.parametrize(
    "payload",
    [
        "{{ 'x'.ljust(200000000) }}",
        "{{ 'x'.center(200000000) }}",
        "{{ 'x' | center(200000000) }}",
        "{{ '{:>{}}'.format('x', 200000000) }}",
        "{{ '%*s' % (200000000, 'x') }}",
        "{{ ('x' * 900000) | replace('x', 'yyyyyyyyyy') }}",
        "{{ ('x\\n' * 400000) | indent(1000) }}",
        "{{ '%(a)s' % {} }}",
        "{{ 'abcdef' | truncate(1) }}",
    ],
)
def test_size_tricks_and_odd_errors_are_problems(starter: Path, payload: str) -> None:
    page = starter / "playbook" / "attack.md"
    page.write_text(f"---\ntitle: Attack\n---\n{payload}\n")
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    (problem,) = caught.value.problems
    assert problem.location.file == "playbook/attack.md" and problem.location.line == 4
