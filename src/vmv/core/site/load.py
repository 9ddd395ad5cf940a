"""Read mkdocs.yml into the typed site settings, gathering every problem.

The file is read with vmv's YAML reader (positions, aliases counted, nothing
constructed), then:

1. every YAML tag and merge key is refused at its position: tags are how
   MkDocs' loader runs code (`!!python/...`) and reads the machine (`!ENV`),
   merge keys how a setting hides under another name;
2. settings MkDocs knows but vmv refuses get a reason and a remedy
   (`site_refusals`), and only the plugins and extensions vmv knows pass;
3. the forms MkDocs accepts for one setting (`theme: material` or a mapping,
   one palette or a list, extensions as names or as names with options) become
   one, keeping each value's position;
4. the model (`site_settings`) checks the rest, through the loader's
   translation of pydantic's errors, and every file named must be a regular
   file inside the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vmv.core.boundary import RefusedPath, is_present, read_inside, resolve_inside
from vmv.core.inputs import SITE_FILE
from vmv.core.model.problems import validate_model
from vmv.core.site import refusals as site_refusals
from vmv.core.site.extensions import MarkdownExtensions
from vmv.core.site.settings import SiteSettings
from vmv.core.yaml_reader import ParsedYaml, PathKey, ReadError, decode, format_path, parse_yaml
from vmv.errors import Location, Problem, ProblemCode, closest

RESERVED_FOLDER = "assets/vmv/"
"""Where vmv's own stylesheets and scripts go in the site."""

_EXTENSION_NAMES = [field.alias or name for name, field in MarkdownExtensions.model_fields.items()]
_PLUGIN_NAMES = ["search"]
_LONG_PREFIX = "markdown.extensions."


@dataclass(frozen=True)
class SiteFile:
    """mkdocs.yml as read: its settings, and where each is written."""

    settings: SiteSettings
    source: ParsedYaml | None = None
    """Positions of the settings by their path in the model; None without a file."""

    def locate(self, path: PathKey) -> Location:
        """Where the setting at `path` (or its nearest parent) is written."""
        return self.source.locate(path) if self.source else Location(SITE_FILE)


def load_site(root: Path, *, check_files: bool = True) -> tuple[SiteFile | None, list[Problem]]:
    """The site settings of the repository at `root` and the problems found; the
    settings are None when there are problems. Without mkdocs.yml, the defaults.

    With `check_files=False`, the files the settings name need not be there yet (an
    edition's settings say which files to take from its tag)."""
    if not is_present(root, SITE_FILE):
        return SiteFile(SiteSettings()), []
    try:
        text = decode(read_inside(root, SITE_FILE), SITE_FILE)
        parsed = parse_yaml(text, SITE_FILE)
    except RefusedPath as refused:
        return None, [refused.problem()]
    except ReadError as error:
        return None, [error.problem]
    reading = _Reading(parsed, text)
    data = reading.normalize()
    source = ParsedYaml(data, reading.values, reading.keys)
    settings, found = validate_model(SiteSettings, source, data)
    problems = reading.problems + [p for p in found if p.location not in reading.neutralized]
    if settings is not None and check_files:
        problems += _file_problems(root, settings, source)
    if problems:
        return None, problems
    return SiteFile(settings, source), []


def _file_problems(root: Path, settings: SiteSettings, source: ParsedYaml) -> list[Problem]:
    """Each file the settings name must be a regular file inside the repository."""
    named: list[tuple[PathKey, str]] = [(("extra_css", i), name) for i, name in enumerate(settings.extra_css)]
    named += [(("extra_javascript", i), name) for i, name in enumerate(settings.extra_javascript)]
    named += [(("theme", key), getattr(settings.theme, key)) for key in ("logo", "favicon")]
    problems = []
    for path, name in named:
        if name is None:
            continue
        where = source.locate(path)
        if name.startswith(RESERVED_FOLDER):
            message = f"'{RESERVED_FOLDER}' holds vmv's own files; put yours in another folder"
            problems.append(Problem(where, message, format_path(path), code=ProblemCode.SITE_RESERVED_FOLDER))
            continue
        try:
            resolve_inside(root, name)
        except RefusedPath as refused:
            problems.append(
                Problem(where, f"'{name}': {refused.message}", format_path(path), code=refused.code)
            )
    return problems


def _tag_at(lines: list[str], location: Location) -> str | None:
    """The YAML tag a node starts with (after its anchor, if any), or None."""
    if not 1 <= location.line <= len(lines):
        return None
    rest = lines[location.line - 1][location.column - 1 :]
    while rest.startswith("&"):
        rest = rest.split(None, 1)[1] if " " in rest or "\t" in rest else ""
    return rest.split(None, 1)[0] if rest.startswith("!") else None


def _child(data: Any, part: str | int) -> Any:
    if isinstance(data, dict):
        return data.get(part)
    if isinstance(data, list) and isinstance(part, int) and part < len(data):
        return data[part]
    return None


class _Reading:
    """One pass over the parsed file: refusals, then one form per setting."""

    def __init__(self, parsed: ParsedYaml, text: str) -> None:
        self.parsed = parsed
        self.values = dict(parsed.values)
        self.keys = dict(parsed.keys)
        self.problems: list[Problem] = []
        self.neutralized: set[Location] = set()
        """Where values stood that were removed for a problem of their own: the model's
        complaints about them there would say the same thing again."""
        self.lines = text.split("\n")

    def refuse(
        self,
        written: PathKey,
        message: str,
        setting: PathKey,
        code: ProblemCode,
        *,
        suggestion: str | None = None,
        hint: str | None = None,
    ) -> None:
        """A problem at the key (or item) written at `written`, about `setting`."""
        where = self.parsed.locate(written, key=True)
        problem = Problem(where, message, format_path(setting), code=code, suggestion=suggestion, hint=hint)
        self.problems.append(problem)

    def normalize(self) -> Any:
        data = self.parsed.data
        self._refuse_tags_and_merges()
        self.problems += [p for p in self.parsed.problems if p.location not in self.neutralized]
        if not isinstance(data, dict):
            return data
        self._refuse_settings(data, ())
        if isinstance(data.get("theme"), str):
            data["theme"] = {"name": data["theme"]}
            self.copy_positions(("theme",), ("theme", "name"))
        theme = data.get("theme")
        if isinstance(theme, dict):
            if isinstance(theme.get("palette"), dict):
                theme["palette"] = [theme["palette"]]
                self.copy_positions(("theme", "palette"), ("theme", "palette", 0))
            if theme.get("font") is False:
                del theme["font"]
        if "markdown_extensions" in data:
            data["markdown_extensions"] = self._named(data, "markdown_extensions", self._extension_name)
        if "plugins" in data:
            data["plugins"] = self._named(data, "plugins", self._plugin_name)
            search = data["plugins"].get("search") if isinstance(data["plugins"], dict) else None
            if isinstance(search, dict) and isinstance(search.get("lang"), str):
                search["lang"] = [search["lang"]]
                self.copy_positions(("plugins", "search", "lang"), ("plugins", "search", "lang", 0))
        return data

    def copy_positions(self, old: PathKey, new: PathKey) -> None:
        """Give the value now at `new` (and its parts) the positions of `old`."""
        for table, source in ((self.values, self.parsed.values), (self.keys, self.parsed.keys)):
            for path, location in source.items():
                if path[: len(old)] == old:
                    table[new + path[len(old) :]] = location

    def _refuse_tags_and_merges(self) -> None:
        for table in (self.parsed.keys, self.parsed.values):
            for path, location in sorted(table.items(), key=lambda item: len(item[0]), reverse=True):
                tag = _tag_at(self.lines, location)
                if tag is None and not (table is self.parsed.keys and path and path[-1] == "<<"):
                    continue
                if location not in self.neutralized:
                    message = site_refusals.MERGE_KEY if tag is None else site_refusals.tag_message(tag)
                    code = ProblemCode.YAML_MERGE_KEY if tag is None else ProblemCode.YAML_TAG
                    shown = format_path(path[:-1] if tag is None else path)
                    self.problems.append(Problem(location, message, shown, code=code))
                self.neutralized.add(location)
                self._remove(path, whole_entry=table is self.parsed.keys)

    def _remove(self, path: PathKey, *, whole_entry: bool) -> None:
        """Take the value at `path` out of the data: the entry with its key, or the value alone."""
        if not path:
            self.parsed.data = None
            return
        parent = self.parsed.data
        for part in path[:-1]:
            parent = _child(parent, part)
        last = path[-1]
        if isinstance(parent, dict) and last in parent:
            if whole_entry:
                del parent[last]
            else:
                parent[last] = None
        elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            parent[last] = None

    def _refuse_settings(self, data: dict[str, Any], path: PathKey) -> None:
        for key in list(data):
            child = (*path, key)
            hint = site_refusals.SETTINGS.get(".".join(str(p) for p in child))
            if hint:
                self.refuse(child, f"not allowed: {hint}", child, ProblemCode.SITE_NOT_ALLOWED)
                del data[key]
            elif not path and key in ("theme", "extra") and isinstance(data[key], dict):
                self._refuse_settings(data[key], child)

    def _named(self, data: dict[str, Any], setting: str, check: Any) -> Any:
        """A list of names, each alone or with its options, or a mapping of names to
        options, as one mapping of the names vmv knows to their options."""
        given = data[setting]
        entries: list[tuple[PathKey, Any, Any]] = []
        if isinstance(given, dict):
            entries = [((setting, name), name, options) for name, options in given.items()]
        elif isinstance(given, list):
            for index, item in enumerate(given):
                if isinstance(item, str):
                    entries.append(((setting, index), item, {}))
                elif isinstance(item, dict) and len(item) == 1:
                    name, options = next(iter(item.items()))
                    entries.append(((setting, index, name), name, options))
                else:
                    expected = "a name, or one name with its options ('- name:' and the options below)"
                    where = self.parsed.locate((setting, index))
                    code = ProblemCode.FIELD_WRONG_TYPE
                    self.problems.append(Problem(where, "", setting, code=code, expected=expected))
        else:
            return given
        mapping: dict[str, Any] = {}
        for written, name, options in entries:
            known = check(written, name)
            if known is None:
                continue
            if known in mapping:
                self.refuse(
                    written,
                    f"'{name}' is listed twice",
                    (setting,),
                    ProblemCode.SITE_LISTED_TWICE,
                    hint="list it once",
                )
                continue
            mapping[known] = {} if options is None else options
            self.copy_positions(written, (setting, known))
        return mapping

    def _extension_name(self, written: PathKey, name: str) -> str | None:
        short = name.removeprefix(_LONG_PREFIX)
        code, suggestion, hint = ProblemCode.SITE_NOT_ALLOWED, None, None
        if ":" in name:
            message = (
                f"'{name}' names Python code to load; vmv turns on only the extensions it knows "
                "(listed in vmv-site.schema.json)"
            )
        elif short in site_refusals.EXTENSIONS or name in site_refusals.EXTENSIONS:
            reason = site_refusals.EXTENSIONS.get(short) or site_refusals.EXTENSIONS[name]
            message = f"the Markdown extension '{name}' is not allowed: {reason}"
        elif short in _EXTENSION_NAMES:
            return short
        else:
            code, suggestion = ProblemCode.SITE_UNKNOWN_EXTENSION, closest(short, _EXTENSION_NAMES)
            message = f"'{name}' is not a Markdown extension vmv can turn on"
            hint = "the ones it can are listed in vmv-site.schema.json"
        self.refuse(written, message, written[:1], code, suggestion=suggestion, hint=hint)
        return None

    def _plugin_name(self, written: PathKey, name: str) -> str | None:
        short = name.removeprefix("material/")
        if short in _PLUGIN_NAMES:
            return short
        reason = site_refusals.PLUGINS.get(short)
        if reason:
            self.refuse(
                written,
                f"the plugin '{name}' is not allowed: {reason}",
                written[:1],
                ProblemCode.SITE_NOT_ALLOWED,
            )
        else:
            self.refuse(
                written,
                f"vmv runs only the plugins it configures itself (search), not '{name}'",
                written[:1],
                ProblemCode.SITE_UNKNOWN_PLUGIN,
                suggestion=closest(short, _PLUGIN_NAMES),
                hint="remove it",
            )
        return None
