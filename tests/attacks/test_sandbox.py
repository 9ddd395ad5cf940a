"""Template-injection payloads in a playbook page run no code and leak nothing."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.conftest import copy_example
from vmv.app.pipeline import build_site, check
from vmv.core.load.project import load_project
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
    monkeypatch.setattr("vmv.core.render.template_environment.SECONDS_PER_PAGE", 0.5)
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


# -- templates see data, not objects -------------------------------------------------------

NAMES = [
    *("parse_raw", "parse_file", "parse_obj", "from_orm", "construct", "copy", "dict", "json"),
    *("schema", "schema_json", "validate", "update_forward_refs", "model_construct", "model_copy"),
    *("model_dump", "model_dump_json", "model_validate", "model_validate_json", "model_json_schema"),
    *("model_validate_strings", "model_rebuild", "model_post_init", "model_fields", "model_config"),
    *("model_computed_fields", "model_extra", "model_fields_set", "__fields__", "__fields_set__"),
    *("__pydantic_validator__", "__pydantic_core_schema__", "__pydantic_fields__", "__pydantic_extra__"),
    *("__pydantic_serializer__", "__pydantic_decorators__", "__pydantic_private__", "__get_validators__"),
    *("__class__", "__init__", "__dict__", "__module__", "__reduce_ex__", "__getstate__", "__setstate__"),
    *("__copy__", "__deepcopy__", "__repr_args__", "__dataclass_fields__", "__dataclass_params__"),
    *("__post_init__", "__slots__", "__getattr__", "__setattr__", "__init_subclass__", "__subclasses__"),
    *("__globals__", "mro", "fields", "replace", "asdict", "_fields", "_kind", "owner", "as_dict"),
    *("without_pages", "rank", "highest", "strftime", "today", "fromtimestamp", "gi_frame", "pop"),
]
"""Methods and internals of pydantic, dataclasses, vmv's classes, dates, enums and Python."""

READABLE = {
    *(("vmv", "schema"), ("meta", "owner"), ("standard", "owner"), ("measure", "owner")),
    *(("change kind", "replace"), ("severity", "replace")),
}
"""Declared fields named like a method elsewhere, and a text method of enum members that are text."""


def _probe(label: str, expression: str) -> str:
    """Jinja that writes 'FOUND label.name' for each name of NAMES it can reach on the object,
    through the three ways Jinja looks a name up: `.name`, `[name]` and `attr(name)`; and
    'PROBED label' once it ran (objects inside a list only when the list has one)."""
    probe = f"{{% set probed = {expression} %}}PROBED {label}\n"
    probe += (
        f"{{% for name in {json.dumps(NAMES)} %}}"
        "{% if probed[name] is defined or (probed | attr(name)) is defined %}"
        f"FOUND {label}.{{{{ name }}}}\n{{% endif %}}{{% endfor %}}"
    )
    probe += "".join(
        f"{{% if probed.{name} is defined %}}FOUND {label}.{name}\n{{% endif %}}" for name in NAMES
    )
    container = expression.partition("[0]")[0]
    return f"{{% if {container} %}}{probe}{{% endif %}}" if container != expression else probe


PAGE_OBJECTS = {
    "vmv": "vmv",
    "organization": "vmv.organization",
    "edition": "vmv.edition",
    "date": "vmv.edition.date",
    "owner": "vmv.owners[0]",
    "approver": "vmv.approvers[0]",
    "values": "vmv.values",
    "value": "vmv.values[0]",
    "behaviors": "vmv.values[0].behaviors",
    "glossary term": "vmv.glossary[0]",
    "onboarding": "vmv.onboarding",
    "path": "vmv.onboarding.paths[0]",
    "step": "vmv.onboarding.paths[0].steps[0]",
    "scenario": "vmv.onboarding.scenarios[0]",
    "answer": "vmv.onboarding.scenarios[0].answers[0]",
    "measure": "vmv.measures[0]",
    "reading": "vmv.measures[0].history[0]",
    "meta": "page",
    "question": "page.questions[0]",
    "standard": "page.standards[0]",
    "values by id": "values_by_id",
    "last changed": "last_changed",
    "namespace": "namespace(a=1)",
    "cycler": "cycler(1, 2)",
    "joiner": "joiner()",
    "range": "range(3)",
    "dict": "dict(a=1)",
}
TEMPLATE_OBJECTS = {
    "playbook-page.md.j2": {
        "playbook page": "page",
        "meta": "meta",
        "keeper": "owner",
        "question entry": "question_groups[0][1][0]",
        "question item": "question_groups[0][1][0].item",
        "standard entry": "standards[0]",
        "standard": "standards[0].item",
    },
    "value.md.j2": {"story": "stories[0]", "serving page": "pages[0]", "serving entry": "questions[0]"},
    "onboarding-path.md.j2": {"planned step": "steps[0]", "planned step's step": "steps[0].step"},
    "what-changed.md.j2": {
        "diff": "changes",
        "old project": "changes.old",
        "change": "changes.changes[0]",
        "change kind": "changes.changes[0].kind",
        "severity": "changes.severity",
        "change row": "change_groups[0][1][0]",
    },
    "measures.md.j2": {"charts": "charts"},
    "question-bank.md.j2": {"area ids": "area_ids"},
    "values-in-action.md.j2": {"stories": "stories"},
    "home.md.j2": {"pages": "pages"},
}


def _render_probes(example: Path) -> str:
    front = (
        "---\ntitle: Probe\nvalues: [customer-first]\nowner: ceo\n"
        "questions: [{id: probe-q, area: Probing, text: Who?}]\n"
        "standards: [{id: probe-s, name: N, promise: P, owner: O, metric: M, target: T}]\n---\n"
    )
    body = "".join(_probe(label, expression) for label, expression in PAGE_OBJECTS.items())
    (example / "playbook" / "probe.md").write_text(front + body, encoding="utf-8")
    (example / "templates").mkdir(exist_ok=True)
    for template, objects in TEMPLATE_OBJECTS.items():
        probes = "".join(_probe(label, expression) for label, expression in objects.items())
        # The playbook page's own template shows its body, which probes the page's objects.
        probes += "{{ body if body is defined }}"
        (example / "templates" / template).write_text(probes, encoding="utf-8")
    before = copy_example(example.parent / "before")
    edit = (before / "vmv.yaml").read_text(encoding="utf-8").replace("version: 2.1.0", "version: 2.0.0")
    (before / "vmv.yaml").write_text(edit.replace("Customer", "Client"), encoding="utf-8")
    _, rendered = check(example, previous=load_project(before))
    return "".join(rendered.pages.values())


def test_templates_reach_no_method_of_any_object(example: Path) -> None:
    """What every kind of object a template can hold lets it reach: fields, nothing else."""
    output = _render_probes(example)
    labels = {*PAGE_OBJECTS, *(label for objects in TEMPLATE_OBJECTS.values() for label in objects)}
    assert set(re.findall(r"PROBED ([^\n]+)", output)) == labels
    assert set(re.findall(r"FOUND ([^.\n]+)\.(\S+)", output)) == READABLE


SECRET = "vmv-secret-3f9a2c"


# pydantic warns on its old methods; as errors, the warnings would stop them before they run.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(
    "call",
    [
        "vmv.parse_file(MARKER)",
        "vmv.__class__.parse_file(MARKER)",
        "(vmv | attr('parse_file'))(MARKER)",
        "vmv['parse_file'](MARKER)",
        "page.parse_file(MARKER)",
        "vmv.values[0].parse_file(MARKER)",
        "vmv.model_validate_json(MARKER)",
        "(vmv.values | map(attribute='parse_file') | first)(MARKER)",
        "vmv.parse_raw(PICKLE, content_type='application/pickle', allow_pickle=True)",
        "vmv.values[0].parse_raw(PICKLE, content_type='application/pickle', allow_pickle=True)",
        "vmv.copy(update={'vision': MARKER}).vision",
        "vmv.json()",
        "vmv.schema_json()",
        "vmv.owner('ceo')",
        "'{0.__class__.parse_file}'.format(vmv)",
    ],
)
def test_library_methods_cannot_be_called(starter: Path, tmp_path: Path, call: str) -> None:
    marker = tmp_path / "marker.json"
    marker.write_text(json.dumps({"secret": SECRET}), encoding="utf-8")
    planted = tmp_path / "planted"
    pickle = f"cos\\nsystem\\n(S'touch {planted}'\\ntR."
    body = call.replace("MARKER", json.dumps(str(marker))).replace("PICKLE", f'"{pickle}"')
    (starter / "playbook" / "attack.md").write_text(f"---\ntitle: Attack\n---\n{{{{ {body} }}}}\n")
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    (problem,) = caught.value.problems
    assert (problem.location.file, problem.location.line) == ("playbook/attack.md", 4)
    assert SECRET not in problem.message and str(tmp_path) not in problem.message
    for leak in ("<class", "<function", "<bound", "Traceback", "object at 0x"):
        assert leak not in problem.message
    assert not planted.exists()


@pytest.mark.parametrize(
    ("template", "text", "message"),
    [
        (None, "{{ vmv.valeus }}", "Document has no field 'valeus' (did you mean 'values'?)"),
        (None, "{{ vmv.values[0].statment }}", "Value has no field 'statment' (did you mean 'statement'?)"),
        ("playbook-page.md.j2", "{{ page.titel }}", "Page has no field 'titel' (did you mean 'title'?)"),
        ("playbook-page.md.j2", "{{ meta.parse_raw }}", "PageMeta has no field 'parse_raw' (it has: title, "),
    ],
)
def test_a_misspelt_field_gets_a_suggestion(
    starter: Path, template: str | None, text: str, message: str
) -> None:
    if template is None:
        (starter / "playbook" / "typo.md").write_text(f"---\ntitle: Typo\n---\n{text}\n")
    else:
        (starter / "templates").mkdir()
        (starter / "templates" / template).write_text(f"{text}\n")
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    assert caught.value.problems[0].message.startswith(f"template error: {message}")


def test_fields_templates_use_are_data(starter: Path) -> None:
    (starter / "templates").mkdir()
    (starter / "templates" / "playbook-page.md.j2").write_text(
        "{{ page.title }}|{{ page.output_path }}|{{ page.heading_in_body }}|{{ vmv.approvers[0].name }}|"
        "{{ vmv.edition.date.year }}|{{ vmv.values | map(attribute='id') | join(',') }}|{{ body | length > 0 }}\n"
    )
    _, rendered = check(starter)
    assert rendered.pages["playbook/leader-questions.md"].startswith(
        "Leader questions|playbook/leader-questions.md|False|"
    )


def test_what_templates_define_themselves_stays_usable(starter: Path) -> None:
    (starter / "templates").mkdir()
    (starter / "templates" / "macros.j2").write_text("{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}")
    (starter / "playbook" / "features.md").write_text(
        "---\ntitle: Features\n---\n"
        '{% import "macros.j2" as m %}{% set ns = namespace(total=0) %}{% set c = cycler("a", "b") %}'
        "{% for v in vmv.values %}{% set ns.total = ns.total + 1 %}{{ loop.index }}{{ c.next() }}"
        '{{ loop.cycle("x", "y") }}{{ "," if not loop.last }}{% endfor %}|{{ ns.total }}|{{ m.twice("z") }}|'
        '{{ vmv.edition.date.year }}|{{ vmv.organization.name.upper() }}|{{ {"k": 1}.get("k") }}\n'
    )
    _, rendered = check(starter)
    assert "1ax,2by,3ax|3|zz|" in rendered.pages["playbook/features.md"]
    assert "|ACME COMPANY|1" in rendered.pages["playbook/features.md"]
