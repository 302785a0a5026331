"""The only writer of content files: named fields changed, everything else kept byte for byte.

A content file is a Markdown file with a YAML front matter, or a plain YAML file
(`programme.yml`, `members.yml`). An edit changes the text of one value at the place
PyYAML's composer says it stands (its start and end in the text), and nothing else:
comments, key order, quoting, blank lines, the BOM, the line endings and the Markdown
body are never parsed into a model and written out again.

Why not ruamel.yaml's round trip (which `init.py` used before): it dumps the
whole document again. Measured without any change: 8 of the 26 files of `content/`
come back different (`closed: null` becomes `closed:`), and a list indented by four
spaces is re-indented by two, so an edit of one date would show in the coordinator's
history as a diff of unrelated lines. Here only the edited value's text changes; a
replaced value is written in the style PyYAML chooses (its old quotes are not kept).

Every edit is checked by reading the new text back with the reader's own loader: the
data must equal the old data with exactly that change, or the edit is refused (a value
YAML 1.1 would misread is quoted by PyYAML's own emitter, which knows its resolver).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import yaml

from generator import checks, overlay, reader
from generator.errors import Problem, TandemError, display_path
from generator.yamlbuild import CONTROL, control_name

if TYPE_CHECKING:
    from generator.cache import ReadCache

Key = str | int
Where = tuple[Key, ...]
Scalar: TypeAlias = str | int | bool | dt.date | None
Value: TypeAlias = Scalar | list["Value"] | dict[str, "Value"]

BOM = "\ufeff"
#: Wide enough that PyYAML never folds a value over several lines.
_WIDTH = 1_000_000_000


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe emitter, with multi-line text as a literal block (`|`) when it can be."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


@dataclass
class EditableFile:
    """One content file split into the text before its YAML, the YAML, and what follows.

    `head` is the opening « --- » line of a Markdown file, `tail` its closing line and
    body; both are empty for a plain YAML file. The YAML keeps its own line endings.
    """

    path: Path
    shown: str
    original: bytes
    bom: str
    newline: str
    head: str
    front: str
    tail: str

    @property
    def first_line(self) -> int:
        """The line of the file where the YAML begins (1-based)."""
        return self.head.count("\n") + 1

    def text(self) -> str:
        """The file's new text (the BOM included, as it was)."""
        return self.bom + self.head + self.front + self.tail

    def data(self) -> dict[str, Any]:
        return _read_back(self.front, self.shown, self.first_line - 1)

    def get(self, where: Where) -> Any:
        value: Any = self.data()
        for key in where:
            value = value[key]
        return value

    def set(self, where: Where, value: Value) -> None:
        """Set the value at `where`; a key missing from its mapping is added at its end.
        A refused edit (`TandemError`) leaves the text as it was."""
        with self._all_or_nothing():
            self._set(where, value)

    def append(self, where: Where, value: Value) -> None:
        """Add `value` at the end of the list at `where` (created if the key is missing or
        empty). A refused edit (`TandemError`) leaves the text as it was."""
        with self._all_or_nothing():
            self._append(where, value)

    @contextlib.contextmanager
    def _all_or_nothing(self) -> Iterator[None]:
        before = self.front
        try:
            yield
        except BaseException:
            self.front = before
            raise

    def _set(self, where: Where, value: Value) -> None:
        if not where:
            raise TandemError(f"{self.shown} : aucun champ à modifier")
        self._refuse_unwritable(value, where)
        expected = _unshared(self.data())
        _assign(expected, where, value, self.shown)
        root = self._compose()
        parent = _node_at(root, where[:-1], self)
        key = where[-1]
        target = _child(parent, key, self) if _has(parent, key) else None
        if target is None:
            if not isinstance(parent, yaml.MappingNode) or not isinstance(key, str):
                raise TandemError(f"{self._where(parent)}: « {_name(where)} » n’existe pas")
            self._add_key(parent, key, value, where)
        else:
            self._replace(parent, target, value, where)
        self._verify(expected, where)

    def _append(self, where: Where, value: Value) -> None:
        self._refuse_unwritable(value, where)
        expected = _unshared(self.data())
        current = _lookup(expected, where)
        if current is None:
            self._set(where, [value])
            return
        if not isinstance(current, list):
            raise TandemError(f"{self.shown} : « {_name(where)} » n’est pas une liste")
        current.append(copy.deepcopy(value))
        node = _node_at(self._compose(), where, self)
        assert isinstance(node, yaml.SequenceNode)  # the data says it is a list
        self._refuse_shared(node, where)
        if node.flow_style and not node.value:
            self._replace(_node_at(self._compose(), where[:-1], self), node, [value], where)
        elif node.flow_style:
            self._append_flow(node, value, where)
        else:
            self._append_block(node, value)
        self._verify(expected, where)

    def _refuse_unwritable(self, value: Value, where: Where) -> None:
        """A value the reader would refuse is refused before any change, with its field."""
        texts: list[Value] = [value]
        if isinstance(value, dict):
            texts = [*value, *value.values()]
        elif isinstance(value, list):
            texts = list(value)
        for text in texts:
            control = CONTROL.search(text) if isinstance(text, str) else None
            if control:
                char = control_name(control.group())
                raise TandemError(f"{self.shown} : « {_name(where)} » : caractère de contrôle "
                                  f"invisible ({char}) : retirez-le")
            if isinstance(text, (list, dict)) and text is not value:
                self._refuse_unwritable(text, where)

    # Text surgery ------------------------------------------------------------------

    def _compose(self) -> yaml.Node:
        # The pure-Python composer: its marks index characters of this very text
        # (libyaml's may count bytes), CRLF included.
        node = yaml.compose(self.front, Loader=yaml.SafeLoader)
        if not isinstance(node, yaml.MappingNode):
            raise TandemError(f"{self.shown}:{self.first_line}: l’en-tête YAML doit être "
                              "une liste de champs « clé: valeur »")
        return node

    def _splice(self, start: int, end: int, text: str) -> None:
        self.front = self.front[:start] + text.replace("\n", self.newline) + self.front[end:]

    def _where(self, node: yaml.Node) -> str:
        return f"{self.shown}:{self.first_line + node.start_mark.line}"

    def _replace(self, parent: yaml.Node, node: yaml.Node, value: Value, where: Where) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        self._refuse_shared(node, where)
        span = self.front[start:end]
        if isinstance(node, yaml.CollectionNode) and not (node.flow_style and not node.value):
            raise TandemError(f"{self._where(node)}: « {_name(where)} » contient déjà des "
                              "éléments : modifiez-les un à un")
        line_end = self.front.find("\n", end)
        rest = self.front[end: len(self.front) if line_end < 0 else line_end].strip()
        # What the old value's text ends with (a block scalar's line breaks) stays after it.
        kept = re.search(r"(?:\r?\n[ \t]*)*\Z", span)
        end -= len(kept.group()) if kept else 0
        if isinstance(value, (list, dict)) and value:
            if rest:
                raise TandemError(f"{self._where(node)}: « {_name(where)} » est suivi d’un "
                                  "commentaire : retirez-le pour y ajouter des éléments")
            while start > 0 and self.front[start - 1] in " \t":  # no space left after « : »
                start -= 1
            while end < len(self.front) and self.front[end] in " \t":  # nor after `[]`
                end += 1
            lines = _block(value, _indent_of(parent, self.front) + 2)
            self._splice(start, end, "".join("\n" + line for line in lines))
            return
        if getattr(parent, "flow_style", False):
            rendered = _flow_scalar(value)
        else:
            rendered = _scalar(value, _indent_of(parent, self.front), inline=bool(rest))
        bare = start == end and self.front[start - 1: start] == ":"  # `key:` with no value
        gap = " " if bare else ""
        self._splice(start, end, gap + rendered)

    def _refuse_shared(self, node: yaml.Node, where: Where) -> None:
        """An anchored value (or its alias) stands for several fields: not one to edit."""
        if self.front[node.start_mark.index: node.start_mark.index + 1] in ("&", "*") \
                or _uses(self._compose(), node) > 1:
            raise TandemError(f"{self._where(node)}: « {_name(where)} » est une ancre ou un "
                              "alias YAML (& ou *) : modifiez le fichier à la main")

    def _add_key(self, parent: yaml.MappingNode, key: str, value: Value, where: Where) -> None:
        if parent.flow_style:
            raise TandemError(f"{self._where(parent)}: « {_name(where[:-1])} » est écrit entre "
                              "accolades : écrivez un champ par ligne pour y ajouter "
                              f"« {key} »")
        indent = parent.value[0][0].start_mark.column if parent.value else 0
        lines = _entry(key, value, indent)
        self._insert_lines(self._after(parent), lines)

    def _append_block(self, node: yaml.SequenceNode, value: Value) -> None:
        first = node.value[0].start_mark
        line_start = self.front.rfind("\n", 0, first.index) + 1
        dash = self.front.rfind("-", line_start, first.index) - line_start
        items = _block([value], dash)
        self._insert_lines(self._after(node), items)

    def _append_flow(self, node: yaml.SequenceNode, value: Value, where: Where) -> None:
        end = node.end_mark.index - 1  # the closing bracket
        if self.front[end] != "]" or "\n" in self.front[node.start_mark.index: end]:
            raise TandemError(f"{self._where(node)}: « {_name(where)} » est une liste sur "
                              "plusieurs lignes entre crochets : écrivez-la un élément par ligne")
        if isinstance(value, (list, dict)):
            raise TandemError(f"{self._where(node)}: « {_name(where)} » est une liste entre "
                              "crochets : elle ne peut recevoir que des valeurs simples")
        item = _flow_scalar(value)
        last = node.value[-1].end_mark.index
        self._splice(last, last, ", " + item)

    def _after(self, node: yaml.Node) -> int:
        """Where a line after `node` goes: after the line of its last value, before the
        comments and blank lines that follow it (they belong to what comes next)."""
        leaf = node
        while isinstance(leaf, yaml.CollectionNode) and leaf.value and not leaf.flow_style:
            last = leaf.value[-1]
            leaf = last[1] if isinstance(last, tuple) else last
        span = self.front[leaf.start_mark.index: leaf.end_mark.index]
        end = leaf.start_mark.index + len(span.rstrip())
        line_end = self.front.find("\n", end)
        return len(self.front) if line_end < 0 else line_end + 1

    def _insert_lines(self, at: int, lines: list[str]) -> None:
        text = "".join(line + "\n" for line in lines)
        if at == len(self.front) and self.front and not self.front.endswith("\n"):
            text = "\n" + text[:-1]
        self._splice(at, at, text)

    def _verify(self, expected: dict[str, Any], where: Where) -> None:
        found = self.data()
        if found != expected:
            raise TandemError(f"{self.shown} : la modification de « {_name(where)} » ne peut "
                              "pas s’écrire sans changer d’autres champs ; modifiez le "
                              "fichier à la main")


def load(path: Path) -> EditableFile:
    """A content file ready to edit, or a `TandemError` saying why it cannot be."""
    shown = display_path(path)
    data = reader.read_bytes(path, shown)
    if isinstance(data, Problem):
        raise TandemError(data.render())
    return parse(path, data)


def parse(path: Path, data: bytes) -> EditableFile:
    """`load` of bytes already read (the file's `path` names it in messages)."""
    shown = display_path(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TandemError(f"{shown}:{line}: le fichier n’est pas encodé en UTF-8 "
                          "(enregistrez-le en UTF-8 depuis votre éditeur)") from None
    bom = BOM if text.startswith(BOM) else ""
    text = text[len(bom):]
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    head, front, tail = _split(text, shown) if path.suffix == ".md" else ("", text, "")
    edited = EditableFile(path, shown, data, bom, newline, head, front, tail)
    edited.data()  # refuses a file the reader refuses, before any change
    return edited


def _split(text: str, shown: str) -> tuple[str, str, str]:
    """(opening fence line, front matter, closing fence and body) as in `reader`."""
    lines = re.findall(r"[^\n]*\n|[^\n]+\Z", text)  # `splitlines` would split at U+2028 too
    if not lines or lines[0].rstrip() != reader.FENCE:
        raise TandemError(f"{shown}:1: en-tête YAML manquant : le fichier doit commencer "
                          "par une ligne « --- »")
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (reader.FENCE, "..."):
            return lines[0], "".join(lines[1:number]), "".join(lines[number:])
    raise TandemError(f"{shown}:1: en-tête YAML non fermé : ajoutez une ligne « --- » "
                      "après le dernier champ")


def _read_back(front: str, shown: str, offset: int) -> dict[str, Any]:
    """The data the reader makes of `front` (the same loader as `tandem check`)."""
    doc, problems = reader.load_yaml(front.replace("\r\n", "\n"), shown, offset)
    if problems or doc is None:
        first = min(problems) if problems else Problem(shown, offset + 1, "en-tête illisible")
        raise TandemError(f"{first.render()} (corrigez le fichier avant de le modifier)")
    return doc.data


# Locating values ---------------------------------------------------------------------

def _has(node: yaml.Node, key: Key) -> bool:
    if isinstance(node, yaml.MappingNode):
        return any(k.value == key for k, _ in node.value)
    return bool(isinstance(node, yaml.SequenceNode) and isinstance(key, int)
                and -len(node.value) <= key < len(node.value))


def _child(node: yaml.Node, key: Key, edited: EditableFile) -> yaml.Node:
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        found: list[yaml.Node] = [value for k, value in node.value if k.value == key]
        if len(found) == 1:
            return found[0]
    if isinstance(node, yaml.SequenceNode) and _has(node, key):
        assert isinstance(key, int)
        item: yaml.Node = node.value[key]
        return item
    raise TandemError(f"{edited._where(node)}: champ « {key} » introuvable ou en double")


def _node_at(root: yaml.Node, where: Where, edited: EditableFile) -> yaml.Node:
    node = root
    for key in where:
        node = _child(node, key, edited)
    return node


def _unshared(data: Any) -> Any:
    """`data` rebuilt without shared parts (an alias is the same object as its anchor)."""
    if isinstance(data, dict):
        return {key: _unshared(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_unshared(item) for item in data]
    return data


def _uses(root: yaml.Node, node: yaml.Node) -> int:
    """How many places of the tree hold `node` (an alias is the node of its anchor)."""
    if root is node:
        return 1
    if isinstance(root, yaml.MappingNode):
        return sum(_uses(key, node) + _uses(value, node) for key, value in root.value)
    if isinstance(root, yaml.SequenceNode):
        return sum(_uses(item, node) for item in root.value)
    return 0


def _lookup(data: Any, where: Where) -> Any:
    for key in where:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _assign(data: Any, where: Where, value: Value, shown: str) -> None:
    parent = _lookup(data, where[:-1])
    key = where[-1]
    in_list = isinstance(parent, list) and isinstance(key, int) and -len(parent) <= key < len(parent)
    if in_list or (isinstance(parent, dict) and isinstance(key, str)):
        parent[key] = copy.deepcopy(value)
    else:
        raise TandemError(f"{shown} : « {_name(where)} » n’existe pas")


def _name(where: Where) -> str:
    return ".".join(str(key + 1) if isinstance(key, int) else key for key in where)


def _indent_of(parent: yaml.Node, text: str) -> int:
    """The column of the keys (or dashes) of `parent`, under which a value is written."""
    if isinstance(parent, yaml.MappingNode) and parent.value:
        return int(parent.value[0][0].start_mark.column)
    if isinstance(parent, yaml.SequenceNode) and parent.value:
        first = parent.value[0].start_mark
        line_start = text.rfind("\n", 0, first.index) + 1
        return text.rfind("-", line_start, first.index) - line_start
    return 0


# Rendering values ----------------------------------------------------------------------

def _scalar(value: Value, indent: int, inline: bool = False) -> str:
    """`value` as YAML 1.1 reads it back: quoted when it would be misread, dates bare.

    Multi-line text is a literal block indented under `indent`, or with `inline` (a
    comment follows it on its line) one double-quoted line.
    """
    if isinstance(value, (dict, list)) and not value:
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, (dict, list)):
        raise TandemError("une valeur simple est attendue")
    if isinstance(value, dt.datetime) or not isinstance(value, (str, int, dt.date, type(None))):
        raise TypeError(f"type de valeur non pris en charge : {type(value).__name__}")
    control = CONTROL.search(value) if isinstance(value, str) else None
    if control:  # the reader would refuse the file (`tandem check`)
        raise TandemError(f"caractère de contrôle invisible ({control_name(control.group())}) "
                          "dans la valeur : retirez-le")
    # A literal block keeps its last line breaks only with « |+ », which swallows the blank
    # lines after it and ends a document with « ... »: such text is one double-quoted line.
    awkward = isinstance(value, str) and (not value.strip() or value.endswith("\n\n"))
    if isinstance(value, str) and "\n" in value and (inline or awkward):
        return yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', width=_WIDTH,
                         allow_unicode=True).rstrip("\n")
    out = yaml.dump({"k": value}, Dumper=_Dumper, default_flow_style=False, width=_WIDTH,
                    allow_unicode=True)[len("k: "):].rstrip("\n")
    lines = out.split("\n")
    return "\n".join([lines[0]] + [" " * indent + line for line in lines[1:]])


def _flow_scalar(value: Value) -> str:
    """`value` inside brackets or braces, where « , [ ] { } » end a bare word."""
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    _scalar(value, 0)  # the same types refused
    style = '"' if isinstance(value, str) and "\n" in value else None  # one line, escaped
    text = yaml.dump([value], Dumper=yaml.SafeDumper, default_flow_style=True, width=_WIDTH,
                     allow_unicode=True, default_style=style).strip()
    return text[1:-1]


def _entry(key: str, value: Value, indent: int) -> list[str]:
    """The lines of `key: value` at `indent`."""
    name = _scalar(key, indent)
    if isinstance(value, (dict, list)) and value:
        return [" " * indent + name + ":", *_block(value, indent + 2)]
    return (" " * indent + name + ": " + _scalar(value, indent)).split("\n")


def _block(value: list[Value] | dict[str, Value], indent: int) -> list[str]:
    """The lines of a list or mapping in block style at `indent`."""
    if isinstance(value, dict):
        return [line for key, item in value.items() for line in _entry(key, item, indent)]
    lines: list[str] = []
    for item in value:
        if isinstance(item, dict) and item:
            inner = _block(item, indent + 2)
            lines += [" " * indent + "- " + inner[0][indent + 2:], *inner[1:]]
        elif isinstance(item, list) and item:
            raise TandemError("une liste de listes ne peut pas s’écrire dans un fichier de contenu")
        else:
            lines += (" " * indent + "- " + _scalar(item, indent + 2)).split("\n")
    return lines


def compose(data: Mapping[str, Value], body: str = "", shown: str = "nouveau fichier") -> str:
    """The text of a new content file: `data` as a front matter written like every edit
    (values quoted where YAML 1.1 would misread them), then the Markdown `body`.

    Read back with the reader's own loader: what is written is what `tandem check` reads."""
    front = "\n".join(_block(dict(data), 0)) + "\n"
    if _read_back(front, shown, 1) != _unshared(dict(data)):
        raise TandemError(f"{shown} : une valeur ne peut pas s’écrire telle quelle")
    return f"---\n{front}---\n{body}"


# Writing ---------------------------------------------------------------------------------

def write_atomic(path: Path, text: str | bytes) -> None:
    """Replace `path` at once (a temporary file in its folder, then a rename), keeping its
    permissions; a new file gets the rights `open` would give it. A symbolic link stays
    a link: its target is replaced."""
    path = Path(os.path.realpath(path))
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp makes 0600: a shared repository would lose its rights
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(edited: EditableFile) -> None:
    """Write `edited` back, refused if the file changed on disk since it was loaded."""
    now = reader.read_bytes(edited.path, edited.shown)
    if now != edited.original:
        raise TandemError(f"{edited.shown} a été modifié pendant l’opération : relancez-la")
    try:
        write_atomic(edited.path, edited.text())
    except OSError as err:
        raise TandemError(f"{edited.shown} : écriture impossible "
                          f"({os.strerror(err.errno or 0)})") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Checking before writing ----------------------------------------------------------------

Edits = Mapping[Path, str | None]


def check_edits(content: Path, edits: Edits, cache: ReadCache | None = None) -> list[Problem]:
    """The problems `tandem check` would find in `content` with `edits` made (a new text,
    or None for a deleted file), nothing written.

    Through the reader's overlay (`generator.overlay`) when the reader and the catalog
    consult it; otherwise (the overlay not wired, or a file it cannot stand for) on a
    temporary copy of the folder, which gives the same answer more slowly.
    """
    targets = _targets(content, edits)
    with overlay.overlaid(targets) as seen:
        _, problems = checks.check(content, cache)  # the cache never answers for an edited file
    if seen.seen_all():
        return problems
    return _check_copy(content, targets)


def apply_edits(content: Path, edits: Edits, cache: ReadCache | None = None) -> list[Problem]:
    """Write `edits` if the content stays valid with them, and return no problem; else
    write nothing and return the problems. Every file is written atomically; if one
    cannot be, those already written are put back as they were."""
    problems = check_edits(content, edits, cache)
    if problems:
        return problems
    targets = _targets(content, edits)
    before = {path: path.read_bytes() if path.exists() else None for path in targets}
    done: list[Path] = []
    try:
        for path, text in targets.items():
            done.append(path)
            if text is None:
                path.unlink()
            else:
                write_atomic(path, text)
    except OSError as err:
        _restore(done, before)
        raise TandemError(f"{display_path(done[-1])} : écriture impossible "
                          f"({os.strerror(err.errno or 0)}) ; aucun fichier n’a été "
                          "modifié") from None
    return []


def _targets(content: Path, edits: Edits) -> dict[Path, str | None]:
    """The edited paths, inside `content` (a relative path is relative to it)."""
    root = Path(os.path.realpath(content))
    targets: dict[Path, str | None] = {}
    for path, text in edits.items():
        target = Path(os.path.realpath(content / path))
        if root not in target.parents:
            raise TandemError(f"{display_path(target)} est hors du dossier de contenu "
                              f"{display_path(content)}")
        if text is None and not target.is_file():
            raise TandemError(f"{display_path(target)} : fichier introuvable")
        targets[target] = text
    return targets


def _check_copy(content: Path, targets: dict[Path, str | None]) -> list[Problem]:
    """`check_edits` on a copy of `content`, with the problems' paths of the real folder."""
    root = Path(os.path.realpath(content))
    with tempfile.TemporaryDirectory(prefix="tandem-check-") as tmp:
        copy_root = Path(os.path.realpath(tmp)) / root.name
        shutil.copytree(root, copy_root, symlinks=True,
                        ignore=shutil.ignore_patterns(".tandem-cache", ".git"))
        for path, text in targets.items():
            twin = copy_root / path.relative_to(root)
            if text is None:
                twin.unlink()
            else:
                twin.parent.mkdir(parents=True, exist_ok=True)
                twin.write_bytes(text.encode("utf-8"))
        _, problems = checks.check(copy_root)
        return sorted({_moved(problem, copy_root, content) for problem in problems})


def _moved(problem: Problem, copy_root: Path, content: Path) -> Problem:
    shown = Path(os.path.abspath(problem.path))  # a shown path is relative to the working folder
    if copy_root in shown.parents or shown == copy_root:
        real = display_path(content / shown.relative_to(copy_root))
        return Problem(real, problem.line, problem.message.replace(str(copy_root), str(content)))
    return problem


def _restore(done: list[Path], before: dict[Path, bytes | None]) -> None:
    for path in done:
        old = before[path]
        with contextlib.suppress(OSError):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old)
