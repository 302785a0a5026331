"""Stage 1: find the content files, split their front matter, load the YAML.

Every file becomes a `Document` that keeps, for each key and list item, the
line it stands on in the file, so that any later problem can be reported as
`path:line: message`. Nothing here raises on bad input: problems are returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, display_path

Loc = tuple[str | int, ...]

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, where an impossible date stays the text that was written."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

FENCE = "---"


@dataclass
class Document:
    """One content file once read: its data, its body and where each key stands."""

    path: Path
    shown: str
    data: dict[str, Any]
    lines: dict[Loc, int] = field(default_factory=dict)
    raw: dict[Loc, str] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest parent that is in the file."""
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return 1


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text with a BOM and CRLF endings removed, or the problem."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(shown, line, "le fichier n'est pas encodé en UTF-8 "
                                           "(enregistrez-le en UTF-8 depuis votre éditeur)")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Problem(shown, 1, "le fichier est vide")]
    return text, []


def split_front_matter(text: str, shown: str) -> tuple[str, str, int] | Problem:
    """(front matter, body, line of the body) of a Markdown file."""
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return Problem(shown, 1, "en-tête YAML manquant : le fichier doit commencer "
                                 "par une ligne « --- »")
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in (FENCE, "..."):
            front = "".join(line + "\n" for line in lines[1 : number - 1])
            return front, "\n".join(lines[number:]), number + 1
    return Problem(shown, 1, "en-tête YAML non fermé : ajoutez une ligne « --- » "
                             "après le dernier champ")


def load_yaml(text: str, shown: str, offset: int) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document (its first line is line `offset + 1` of the file)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(shown, max(offset, 1), "le fichier YAML est vide")]
        problems: list[Problem] = []
        lines: dict[Loc, int] = {}
        raw: dict[Loc, str] = {}
        _walk(node, (), offset, shown, lines, raw, problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = _where(err)
        line = offset + (mark.line + 1 if mark else 1)
        return None, [Problem(shown, line, yaml_message(err))]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, [Problem(shown, offset + node.start_mark.line + 1,
                              "l'en-tête YAML doit être une liste de champs « clé: valeur »")]
    return Document(path=Path(), shown=shown, data=data, lines=lines, raw=raw), problems


#: libyaml's problems, as a coordinator can act on them.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "« : » inattendu dans une valeur : mettez la valeur "
                                       "entre guillemets"),
    ("could not find expected ':'", "« : » manquant après une clé"),
    ("cannot start any token", "caractère interdit en début de valeur (tabulation, @ ou `) : "
                               "mettez la valeur entre guillemets"),
    ("found unexpected end of stream", "guillemet non fermé"),
    ("found unknown escape character", "caractère d'échappement inconnu entre guillemets"),
    ("expected ',' or ']'", "crochet « [ » non fermé"),
    ("expected ',' or '}'", "accolade « { » non fermée"),
    ("expected <block end>", "indentation incohérente"),
    ("did not find expected key", "indentation incohérente"),
    ("did not find expected '-'", "indentation incohérente dans une liste"),
    ("found undefined alias", "alias YAML inconnu"),
    ("found duplicate anchor", "ancre YAML en double"),
)


def _where(err: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where to point: an unclosed quote is shown where it opens, not at the end of the file."""
    if err.context_mark and "quoted scalar" in (err.context or ""):
        return err.context_mark
    return err.problem_mark or err.context_mark


def yaml_message(err: yaml.MarkedYAMLError) -> str:
    """A French message for a YAML syntax error."""
    text = f"{err.problem or ''} {err.context or ''}"
    mark = _where(err)
    column = f" (colonne {mark.column + 1})" if mark else ""
    for english, french_text in _YAML_PROBLEMS:
        if english in text:
            return f"syntaxe YAML invalide{column} : {french_text}"
    return f"syntaxe YAML invalide{column}"


def _walk(node: yaml.Node, loc: Loc, offset: int, shown: str, lines: dict[Loc, int],
          raw: dict[Loc, str], problems: list[Problem]) -> None:
    """One pass over the node tree: the line of each key and item, the raw text of each
    scalar, and the duplicate keys (the first occurrence keeps its line)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = offset + key.start_mark.line + 1
            name = str(key.value)
            if name in seen:
                problems.append(Problem(shown, line, f"clé « {name} » en double "
                                                     f"(déjà à la ligne {seen[name]})"))
            seen.setdefault(name, line)
            child = (*loc, name)
            lines.setdefault(child, line)
            _walk(value, child, offset, shown, lines, raw, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            lines[child] = offset + item.start_mark.line + 1
            _walk(item, child, offset, shown, lines, raw, problems)
    elif isinstance(node, yaml.ScalarNode):
        raw[loc] = str(node.value)


def read_markdown(path: Path) -> tuple[Document | None, list[Problem]]:
    """A Markdown file with a YAML front matter."""
    shown = display_path(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    split = split_front_matter(text, shown)
    if isinstance(split, Problem):
        return None, [split]
    front, body, body_line = split
    if not front.strip():
        return None, [Problem(shown, 1, "l'en-tête YAML est vide")]
    doc, problems = load_yaml(front, shown, offset=1)
    if doc is not None:
        doc.path, doc.body, doc.body_line = path, body, body_line
    return doc, problems


def read_yaml(path: Path) -> tuple[Document | None, list[Problem]]:
    """A plain YAML file (settings, member directory)."""
    shown = display_path(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    doc, problems = load_yaml(text, shown, offset=0)
    if doc is not None:
        doc.path = path
    return doc, problems
