"""Stage 1: find the content files, split their front matter, load the YAML.

Every file becomes a `Document` that keeps, for each key and list item, the
line it stands on in the file, so that any later problem can be reported as
`path:line: message`. Nothing here raises on bad input: problems are returned.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import overlay
from generator.errors import Problem, display_path
from generator.fold import words
from generator.yamlbuild import CONTROL, TagError, construct, control_name, note_duplicates

Loc = tuple[str | int, ...]

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, noting what YAML would silently accept.

    An impossible date stays the text that was written; duplicate keys and
    booleans written other than true/false are noted (with their 0-based line)
    while the document is built, so that valid files need no second pass.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []
        self.odd_booleans: list[int] = []
        #: How many values the document may hold once its aliases are expanded (see yamlbuild).
        self.budget = ALIAS_ALLOWANCE + len(stream)
        self.text = stream

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> Any:
        if str(node.value).lower() not in ("true", "false"):
            self.odd_booleans.append(node.start_mark.line)
        return super().construct_yaml_bool(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        note_duplicates(node, self.duplicates)
        return super().construct_mapping(node, deep)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)

FENCE = "---"
#: A content file is a few kilobytes: a bigger one is a mistake (an export, a binary, an
#: attack), and libyaml would hold hundreds of megabytes of nodes for it.
MAX_BYTES = 1_000_000
#: Content is a few levels deep. libyaml's composer recurses in C: tens of thousands of
#: levels crash the process, so the depth is bounded before the text reaches it.
MAX_DEPTH = 100
#: Values that aliases may add beyond the size of the text ("billion laughs").
ALIAS_ALLOWANCE = 10_000
_TOO_DEEP = f"le YAML est imbriqué trop profondément (plus de {MAX_DEPTH} niveaux) : " \
    "simplifiez la structure"
_FLOW_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
#: Fewer opening brackets than this cannot nest deep enough to exhaust libyaml's C stack
#: (it fails near 30,000 levels); Python's recursion limit stops the construction first.
_FEW_OPENINGS = 5_000
_FLOW = re.compile(r"[\[\]{}]")
#: A line whose indentation (with "- ", "? " and ": " of compact nesting) could nest deeply
#: (after a newline rather than at `^` in multiline mode: a third of the time).
_DEEP_INDENT = re.compile(rf"\n[ ?:-]{{{MAX_DEPTH // 4}}}")


@dataclass
class Document:
    """One content file once read: its data, its body and where each key stands.

    The line of each key and the raw text of each scalar are only needed to
    report a problem: they are worked out from the YAML text on first use.
    """

    path: Path
    shown: str
    data: dict[str, Any]
    source: str = ""
    offset: int = 0
    body: str = ""
    body_line: int = 1
    #: Lines (in the file) of booleans written other than true or false.
    odd_booleans: tuple[int, ...] = ()
    _lines: dict[Loc, int] | None = field(default=None, repr=False)
    _raw: dict[Loc, str] = field(default_factory=dict, repr=False)

    @property
    def lines(self) -> dict[Loc, int]:
        if self._lines is None:
            self._lines = {}
            loader = _Loader(self.source)
            try:
                _walk(loader.get_single_node(), (), self.offset, self._lines, self._raw)
            finally:
                loader.dispose()
        return self._lines

    @property
    def raw(self) -> dict[Loc, str]:
        """What was written for each scalar, before YAML read it."""
        _ = self.lines
        return self._raw

    def __getstate__(self) -> dict[str, Any]:
        """What a cache keeps: the lines, raw texts and words are worked out again."""
        state = {**self.__dict__, "_lines": None, "_raw": {}}
        state.pop("text_words", None)
        return state

    @functools.cached_property
    def text_words(self) -> tuple[str, ...]:
        """The words of the title and the body (a request's public text), folded once
        for both the check of that text and the private values it may repeat."""
        title = self.data.get("title")
        return tuple(words(f"{title if isinstance(title, str) else ''}\n{self.body}"))

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest parent that is in the file."""
        lines = self.lines
        while loc:
            if loc in lines:
                return lines[loc]
            loc = loc[:-1]
        return 1


def read_bytes(path: Path, shown: str) -> bytes | Problem:
    """The bytes of a regular file of at most `MAX_BYTES`, or why it cannot be read.

    The file is opened without blocking and checked on its open descriptor, so that a
    FIFO never hangs the reader and nothing can swap the file between check and read.
    """
    if (edited := overlay.read(path, shown)) is not None:  # an edit checked before it is written
        return edited
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        return Problem(shown, 1, _open_problem(err, path))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Problem(shown, 1, _kind_problem(info.st_mode))
        if info.st_size > MAX_BYTES:
            return Problem(shown, 1, _too_big(info.st_size))
        data = os.read(fd, info.st_size + 1)  # sized by fstat: no megabyte buffer per file
        while 0 < len(data) <= MAX_BYTES:  # a short read, or a file growing as it is read
            more = os.read(fd, 1 << 16)
            if not more:
                break
            data += more
    except OSError as err:
        return Problem(shown, 1, _open_problem(err, path))
    finally:
        os.close(fd)
    return Problem(shown, 1, _too_big(len(data))) if len(data) > MAX_BYTES else data


def _too_big(size: int) -> str:
    return (f"fichier trop gros ({size / 1_000_000:.1f} Mo) : un fichier de contenu fait "
            f"au plus {MAX_BYTES // 1_000_000} Mo").replace(".", ",")


def _open_problem(err: OSError, path: Path) -> str:
    """Why a file could not be opened, in French (the system's message is English)."""
    if err.errno == errno.ENOENT:
        return ("lien symbolique cassé : le fichier qu’il désigne n’existe pas"
                if os.path.islink(path) else "fichier introuvable")
    if err.errno == errno.ELOOP:
        return "lien symbolique en boucle : il mène à lui-même"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "lecture refusée : vous n’avez pas le droit de lire ce fichier (vérifiez ses droits)"
    try:  # a socket cannot be opened (ENXIO): say what it is
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        return _kind_problem(mode)
    return f"fichier illisible (erreur système {errno.errorcode.get(err.errno or 0, err.errno)})"


def _kind_problem(mode: int) -> str:
    """Why something named like a content file is not one."""
    if stat.S_ISDIR(mode):
        return "c’est un dossier, pas un fichier : renommez-le ou déplacez-le"
    if stat.S_ISFIFO(mode):
        return "c’est un tube nommé (FIFO), pas un fichier : supprimez-le"
    if stat.S_ISSOCK(mode):
        return "c’est une socket, pas un fichier : supprimez-la"
    return "ce n’est pas un fichier ordinaire (périphérique) : supprimez-le"


def read_text(path: Path, shown: str, empty_ok: bool = False) -> tuple[str | None, list[Problem]]:
    """The file's text with a BOM and CRLF endings removed, or the problem."""
    data = read_bytes(path, shown)
    if isinstance(data, Problem):
        return None, [data]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(shown, line, "le fichier n’est pas encodé en UTF-8 "
                                           "(enregistrez-le en UTF-8 depuis votre éditeur)")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() and not empty_ok:
        return None, [Problem(shown, 1, "le fichier est vide")]
    control = CONTROL.search(text)
    if control:  # YAML would refuse some, count lines after others; feeds refuse them all
        line = text.count("\n", 0, control.start()) + 1
        return None, [Problem(shown, line, f"caractère de contrôle invisible "
                                           f"({control_name(control.group())}) : supprimez-le "
                                           "(il vient souvent d’un copier-coller)")]
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
    deep = _too_deep(text)
    if deep is not None:
        return None, [Problem(shown, offset + deep + 1, _TOO_DEEP)]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(shown, max(offset, 1), "le fichier YAML est vide")]
        data = construct(loader, node)
        problems = [Problem(shown, offset + line + 1,
                            f"clé « {name} » en double (déjà à la ligne {offset + first + 1})")
                    for name, line, first in loader.duplicates]
    except yaml.MarkedYAMLError as err:
        line, message = syntax_problem(err, text, offset)
        last = offset + text.count("\n") + 1  # a mark past the end ("end of stream"): the last line
        return None, [Problem(shown, min(offset + line + 1, last), message)]
    except RecursionError:  # nesting hidden from `_too_deep` by brackets in quoted text
        return None, [Problem(shown, offset + 1, _TOO_DEEP)]
    except yaml.reader.ReaderError as err:  # a character YAML refuses anywhere, quoted or not
        line = offset + text.count("\n", 0, err.position) + 1
        return None, [Problem(shown, line, f"caractère interdit dans un fichier YAML "
                                           f"(U+{err.character:04X}) : supprimez-le")]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, [Problem(shown, offset + node.start_mark.line + 1,
                              "l’en-tête YAML doit être une liste de champs « clé: valeur »")]
    odd = tuple(offset + line + 1 for line in loader.odd_booleans)
    return Document(path=Path(), shown=shown, data=data, source=text, offset=offset,
                    odd_booleans=odd), problems


def _too_deep(text: str) -> int | None:
    """The 0-based line where the YAML nests deeper than `MAX_DEPTH`, or None.

    Cheap bounds first (brackets, long indentation): only a text that could be deep is
    scanned with libyaml's event parser, which is iterative and stops at the first line
    too deep.
    """
    limit = MAX_DEPTH // 4
    opens = text.count("[") + text.count("{")
    if opens > _FEW_OPENINGS:
        return _deep_line(text)
    if opens > limit:  # brackets in quoted text could hide nesting from this sum, but no
        # more than `_FEW_OPENINGS` levels, which the construction refuses by its own depth
        flow = _FLOW.findall(text)
        if max(itertools.accumulate(_FLOW_STEP[c] for c in flow)) > limit:
            return _deep_line(text)
    deep_indent = _DEEP_INDENT.search(text) or _DEEP_INDENT.match("\n" + text[:limit])
    return _deep_line(text) if deep_indent else None


def _deep_line(text: str) -> int | None:
    """The 0-based line where libyaml's events go deeper than `MAX_DEPTH`, or None."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line if event.start_mark else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:  # reported by the real parse, which stops at the same place
        return None
    return None


#: libyaml's problems, as a coordinator can act on them.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "« : » inattendu dans une valeur : mettez la valeur "
                                       "entre guillemets"),
    ("could not find expected ':'", "« : » manquant après une clé"),
    ("cannot start any token", "caractère interdit en début de valeur (tabulation, @ ou `) : "
                               "mettez la valeur entre guillemets"),
    ("found unexpected end of stream", "guillemet non fermé"),
    ("found unknown escape character", "caractère d’échappement inconnu entre guillemets"),
    ("expected ',' or ']'", "crochet « [ » non fermé"),
    ("expected ',' or '}'", "accolade « { » non fermée"),
    ("expected <block end>", "indentation incohérente"),
    ("did not find expected key", "indentation incohérente"),
    ("did not find expected '-'", "indentation incohérente dans une liste"),
    ("found undefined alias", "alias YAML inconnu"),
    ("found duplicate anchor", "ancre YAML en double"),
    ("could not determine a constructor", "étiquette YAML inconnue : retirez-la et écrivez "
                                          "une valeur simple"),
    ("expected a mapping or list of mappings for merging", "fusion « << » impossible : elle "
                                                           "attend une ancre de champs"),
    ("found unhashable key", "une clé doit être un simple mot, pas une liste ni des champs"),
    ("expected a scalar node", "cette étiquette attend une valeur simple : retirez-la"),
    ("expected a sequence node", "cette étiquette attend une liste : retirez-la"),
    ("expected a mapping node", "cette étiquette attend des champs : retirez-la"),
)


#: Errors whose problem mark is already past the mistake (often on the next line): the
#: context mark is where it is (the key missing its « : », the bracket never closed).
_CONTEXT_FIRST = ("quoted scalar", "simple key", "flow sequence", "flow mapping")
#: `key: "quoted" more` or `- 'quoted' more`: a quote that opens a value must close it.
_QUOTED_START = re.compile(r"""^(\s*(?:- +)?(?:[^\s"'#:][^:#]*:\s+)?)(["'])""")
_KEY_LINE = re.compile(r"^(\s*)[^\s:#-][^:#]*:(?:\s|$)")
#: `id:1`: a colon without the space YAML needs after it, so the line is not a key.
_TIGHT_COLON = re.compile(r"^\s*([^\s:#][^:#\s]*):(?!\s|$)(.*)$")


def _where(err: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where to point: an unclosed quote or bracket where it opens, a key missing its colon
    on its own line, not where libyaml gave up (the end of the file, the next line)."""
    if err.context_mark and any(c in (err.context or "") for c in _CONTEXT_FIRST):
        return err.context_mark
    return err.problem_mark or err.context_mark


def syntax_problem(err: yaml.MarkedYAMLError, text: str, offset: int = 0) -> tuple[int, str]:
    """The 0-based line of a YAML error in `text` and its French message (whose text says
    lines of the file, where `text` begins at line `offset + 1`).

    Beyond libyaml's own words, the line itself tells the usual mistakes apart: a tab
    used to indent, a value that starts with a quote but goes on after it, a line
    indented too far, a colon without its space on the line above.
    """
    mark = _where(err)
    if mark is None or isinstance(err, TagError):
        return (mark.line if mark else 0), yaml_message(err)
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    about = f"{err.problem or ''} {err.context or ''}"
    column = f"syntaxe YAML invalide (colonne {mark.column + 1})"
    if "\t" in line[: len(line) - len(line.lstrip())] or "tab character" in about:
        return mark.line, (f"{column} : tabulation en début de ligne : indentez avec des "
                           "espaces, jamais avec des tabulations")
    quoted = _QUOTED_START.match(line)
    if quoted and ("expected key" in about or "expected '-'" in about) \
            and mark.column > quoted.end():
        return mark.line, f"{column} : {_quote_advice(line, quoted)}"
    if "mapping values are not allowed" in about:
        return _misplaced_colon(lines, mark.line, column, offset) or (mark.line, yaml_message(err))
    if "could not find expected ':'" in about and _tight_colon(line):
        return mark.line, _tight_colon(line)
    return mark.line, yaml_message(err)


def _tight_colon(line: str) -> str:
    """`status:open`: the message for a colon without its space, or ""."""
    tight = _TIGHT_COLON.match(line)
    if tight is None or ": " in line:
        return ""
    return (f"syntaxe YAML invalide : espace manquant après « : » "
            f"(écrivez « {tight.group(1)}: {tight.group(2).strip()} »)")


def _quote_advice(line: str, quoted: re.Match[str]) -> str:
    """`title: "Mettre en place" une démarche`: quote the whole value, with the other quote."""
    head, quote = quoted.group(1), quoted.group(2)
    value = line[len(head):].rstrip()
    if quote == '"':
        example = head.strip() + " '" + value.replace("'", "''") + "'"
    else:
        example = head.strip() + ' "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (f"la valeur commence par un guillemet mais continue après lui : mettez toute la "
            f"valeur entre guillemets, par exemple {example}")


def _misplaced_colon(lines: list[str], number: int, column: str,
                     offset: int) -> tuple[int, str] | None:
    """A key line libyaml found inside a value: the line above lacks the space after its
    colon, or this line is indented further than the key above it."""
    above = next((i for i in range(number - 1, -1, -1) if lines[i].strip()), None)
    key_line = _KEY_LINE.match(lines[number]) if number < len(lines) else None
    if above is None or key_line is None:
        return None
    if _tight_colon(lines[above]):
        return above, _tight_colon(lines[above])
    indent = len(key_line.group(1))
    above_indent = len(lines[above]) - len(lines[above].lstrip())
    if indent > above_indent and _KEY_LINE.match(lines[above]) \
            and lines[above].rstrip()[-1:] != ":":
        return number, (f"{column} : ligne trop indentée : alignez-la sur la ligne {offset + above + 1} "
                        f"(même nombre d’espaces en début de ligne)")
    return None


def yaml_message(err: yaml.MarkedYAMLError) -> str:
    """A French message for a YAML syntax error."""
    text = f"{err.problem or ''} {err.context or ''}"
    mark = _where(err)
    column = f" (colonne {mark.column + 1})" if mark else ""
    if isinstance(err, TagError):
        return f"{err.lead}{column} : {err.french}"
    for english, french_text in _YAML_PROBLEMS:
        if english in text:
            return f"syntaxe YAML invalide{column} : {french_text}"
    return f"syntaxe YAML invalide{column}"


def _walk(node: yaml.Node | None, loc: Loc, offset: int, lines: dict[Loc, int],
          raw: dict[Loc, str]) -> None:
    """The line of each key and list item (a repeated key keeps its first line) and the raw
    text of each scalar."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*loc, str(key.value))
            lines.setdefault(child, offset + key.start_mark.line + 1)
            _walk(value, child, offset, lines, raw)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            lines[child] = offset + item.start_mark.line + 1
            _walk(item, child, offset, lines, raw)
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
        return None, [Problem(shown, 1, "l’en-tête YAML est vide")]
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
