"""Building the values of a YAML document from libyaml's nodes (part of stage 1).

PyYAML's constructor is generic Python and costs as much as libyaml's parse
itself; content files hold plain mappings, lists and scalars, which `construct`
builds in one tight recursion, leaving anything unusual to PyYAML. It also
turns into French problems, with their line, what PyYAML would accept or fail
on without a line: a value containing itself, an explicit tag its value
contradicts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from generator.reader import _Loader

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
#: Scalars built by the loader's own constructors (the overrides above included).
_SCALARS = {_TAG + name for name in ("int", "float", "bool", "null", "timestamp")}
_KEY_TAGS = _SCALARS | {_STR}
#: What YAML read a key as, when it is not text (`1:`, `null:`, `2026-01-01:`).
_KEY_KINDS = {_TAG + "int": "un nombre", _TAG + "float": "un nombre", _TAG + "bool": "un booléen",
              _TAG + "null": "une valeur vide (null)", _TAG + "timestamp": "une date"}
#: Invisible control characters (C0 but tab and newline, DEL, C1), Unicode line separators
#: and the two non-characters XML forbids: a vertical tab pasted from Word, a NUL. Feeds
#: (XML) refuse them, and libyaml counts some as line breaks, which would shift every line
#: it reports.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_CONTROL_NAMES = {"\x00": "caractère nul", "\x0b": "tabulation verticale",
                  "\x0c": "saut de page", "\x0d": "retour chariot", "\x1b": "échappement",
                  "\x85": "fin de ligne", "\u2028": "séparateur de ligne",
                  "\u2029": "séparateur de paragraphe", "\ufffe": "non-caractère",
                  "\uffff": "non-caractère"}


def control_name(char: str) -> str:
    """'U+000B, tabulation verticale'."""
    name = _CONTROL_NAMES.get(char)
    return f"U+{ord(char):04X}" + (f", {name}" if name else "")


class _Unusual(Exception):
    """A node the direct construction leaves to PyYAML (merge keys, explicit tags…)."""


class TagError(yaml.MarkedYAMLError):
    """A value its explicit YAML tag cannot describe (`!!int abc`, `!!set [a]`), in French."""

    def __init__(self, french_text: str, mark: yaml.Mark,
                 lead: str = "valeur YAML impossible") -> None:
        super().__init__(problem=french_text, problem_mark=mark)
        self.french = french_text
        self.lead = lead


#: Errors PyYAML's constructors raise, unmarked, on a value that contradicts its tag.
_CONSTRUCTION_ERRORS = (ValueError, KeyError, AttributeError, TypeError, IndexError)


def _cycle_error(node: yaml.Node) -> TagError:
    return TagError("cette valeur ancrée (« & ») se contient elle-même par un alias (« * ») : "
                    "écrivez-la en entier", node.start_mark)


def _key_error(node: yaml.Node) -> TagError:
    kind = _KEY_KINDS[node.tag]
    written = str(node.value)
    if not written:
        return TagError("clé vide : écrivez le nom du champ avant « : »", node.start_mark,
                        lead="clé YAML impossible")
    return TagError(f"YAML lit la clé « {written} » comme {kind} : une clé est un nom de champ "
                    f"(mettez-la entre guillemets si ce nom est voulu)", node.start_mark,
                    lead="clé YAML impossible")


def _control_error(node: yaml.Node, char: str) -> TagError:
    return TagError(f"caractère de contrôle invisible ({control_name(char)}) écrit par un "
                    f"échappement « \\ » entre guillemets : retirez-le", node.start_mark)


def _aliases_error(node: yaml.Node) -> TagError:
    return TagError("ses alias (« * ») multiplient les valeurs au-delà du raisonnable : "
                    "écrivez les valeurs en entier, sans ancres ni alias", node.start_mark,
                    lead="YAML refusé")


def _scalar_problem(node: yaml.ScalarNode) -> TagError | None:
    """A double-quoted scalar whose escapes write an invisible control character."""
    if node.style == '"':
        control = CONTROL.search(str(node.value))
        if control:
            return _control_error(node, control.group())
    return None


def _written(node: yaml.Node, text: str) -> str:
    """What the file says for `node`, on one line."""
    return " ".join(text[node.start_mark.index:node.end_mark.index].split())


def _check_graph(node: yaml.Node, budget: int, text: str) -> None:
    """Before PyYAML builds it: refuse a value containing itself, aliases expanding beyond
    `budget` values, keys that are not text and control characters written by escapes.

    One depth-first walk that remembers each node's expanded size (a document of shared
    aliases is walked in linear time, however large its expansion).
    """
    sizes: dict[int, int] = {}

    def size(current: yaml.Node, path: set[int]) -> int:
        if id(current) in sizes:
            return sizes[id(current)]
        if id(current) in path:
            raise _cycle_error(current)
        total = 1
        if isinstance(current, yaml.ScalarNode):
            error = _scalar_problem(current)
            if error:
                raise error
        else:
            path.add(id(current))
            if isinstance(current, yaml.MappingNode):
                for key, _ in current.value:
                    if key.tag in _KEY_KINDS and isinstance(key, yaml.ScalarNode):
                        raise _key_error(key)
                    if not isinstance(key, yaml.ScalarNode):
                        raise TagError(f"la clé « {_written(key, text)} » n’est pas un nom de "
                                       "champ : une clé est un simple mot, pas une liste ni des "
                                       "champs", key.start_mark, lead="clé YAML impossible")
            children = [c for pair in current.value for c in pair] \
                if isinstance(current, yaml.MappingNode) else current.value
            total += sum(size(child, path) for child in children)
            path.discard(id(current))
        if total > budget:
            raise _aliases_error(current)
        sizes[id(current)] = total
        return total

    size(node, set())


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _first_odd_node(node: yaml.Node) -> yaml.Node:
    """The first node (in document order) that is not a plain mapping, list or scalar."""
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode) and current.tag == _MAP:
            stack.extend(child for pair in reversed(current.value) for child in reversed(pair))
        elif isinstance(current, yaml.SequenceNode) and current.tag == _SEQ:
            stack.extend(reversed(current.value))
        elif not (isinstance(current, yaml.ScalarNode) and current.tag in _KEY_TAGS):
            return current
    return node


def construct(loader: _Loader, node: yaml.Node) -> Any:
    """The document of `node`, as `loader.construct_document(node)` would build it.

    PyYAML's constructor is generic Python (a recursion guard, a generator per
    mapping, a dispatch per node) and costs as much as libyaml's parse itself.
    Content files use plain mappings, lists and scalars: those are built here in
    one tight recursion, with the loader's own scalar constructors (and the same
    notes on duplicate keys and odd booleans). Anything else — a merge key, an
    explicit or unknown tag, a key that is not a scalar — goes to PyYAML, which
    builds it or raises the same errors as before. Two things PyYAML would accept
    are refused, in French, with their line: a value that contains itself through
    an alias (nothing downstream could read it), and an explicit tag its value
    contradicts (PyYAML raises a bare Python error without a line).
    """
    try:
        return _build(loader, node, set())
    except _Unusual:
        loader.duplicates.clear()
        loader.odd_booleans.clear()
    _check_graph(node, loader.budget, loader.text)  # what PyYAML would build but nothing could read
    try:
        return loader.construct_document(node)
    except _CONSTRUCTION_ERRORS as err:  # PyYAML does not say where: find the odd node
        odd = _first_odd_node(node)
        raise TagError(f"l’étiquette « {_short(odd.tag)} » ne convient pas à cette valeur : "
                       f"retirez-la", odd.start_mark) from err


def _build(loader: _Loader, node: yaml.Node, path: set[int]) -> Any:
    tag = node.tag
    if tag == _STR and isinstance(node, yaml.ScalarNode):
        if node.style == '"' and (error := _scalar_problem(node)):  # escapes can write them
            raise error
        return node.value
    if tag in _SCALARS and isinstance(node, yaml.ScalarNode):
        try:
            return loader.yaml_constructors[tag](loader, node)
        except _CONSTRUCTION_ERRORS as err:  # only an explicit tag can contradict its value
            raise TagError(f"« {node.value} » ne peut pas être lu avec l’étiquette « {_short(tag)} » : "
                           f"retirez l’étiquette", node.start_mark) from err
    if id(node) in path:
        raise _cycle_error(node)
    loader.budget -= len(node.value)  # aliases repeat what they name: bound the expansion
    if loader.budget < 0:
        raise _aliases_error(node)
    path.add(id(node))
    try:
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            return _build_mapping(loader, node, path)
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return [_build(loader, item, path) for item in node.value]
    finally:
        path.discard(id(node))
    raise _Unusual


def note_duplicates(node: yaml.MappingNode, duplicates: list[tuple[str, int, int]]) -> None:
    """Add (key as written, its 0-based line, the line of its first use) for each repeated key."""
    names = [str(key.value) for key, _ in node.value]
    if len(set(names)) == len(names):  # the usual case: no line is looked up
        return
    seen: dict[str, int] = {}
    for name, (key, _) in zip(names, node.value, strict=True):
        if name in seen:
            duplicates.append((name, key.start_mark.line, seen[name]))
        seen.setdefault(name, key.start_mark.line)


def _build_mapping(loader: _Loader, node: yaml.MappingNode, path: set[int]) -> dict[Any, Any]:
    note_duplicates(node, loader.duplicates)
    data: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag not in _KEY_TAGS or not isinstance(key_node, yaml.ScalarNode):
            raise _Unusual  # merge keys, "=" keys, keys that are lists or mappings
        if key_node.tag in _KEY_KINDS:
            raise _key_error(key_node)
        data[_build(loader, key_node, path)] = _build(loader, value_node, path)
    return data
