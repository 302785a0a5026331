"""Stage 1: reading files, splitting front matter, loading YAML — every failure has a line."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.reader import _Loader, read_markdown, read_yaml
from generator.yamlbuild import construct

VALID = "---\nid: 2026-001\ntitle: Un titre\n---\nLe texte.\n"


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        pytest.param(b"", 1, "le fichier est vide", id="empty"),
        pytest.param(b"  \n\n", 1, "le fichier est vide", id="blank"),
        pytest.param(b"id: 2026-001\n", 1, "en-tête YAML manquant : le fichier doit commencer "
                     "par une ligne « --- »", id="no-front-matter"),
        pytest.param(b"---\nid: 2026-001\ntitle: x\n", 1, "en-tête YAML non fermé : ajoutez une "
                     "ligne « --- » après le dernier champ", id="unclosed"),
        pytest.param(b"---\n---\ntext\n", 1, "l’en-tête YAML est vide", id="empty-front-matter"),
        pytest.param(b"---\n- a\n- b\n---\n", 2, "l’en-tête YAML doit être une liste de champs "
                     "« clé: valeur »", id="list"),
        pytest.param(b"---\njust a sentence\n---\n", 2, "l’en-tête YAML doit être une liste de "
                     "champs « clé: valeur »", id="scalar"),
        pytest.param(b"---\nid: 1\ntitle: caf\xe9\n---\n", 3, "le fichier n’est pas encodé en "
                     "UTF-8 (enregistrez-le en UTF-8 depuis votre éditeur)", id="latin-1"),
        pytest.param(b"---\ntitle: a\nid: 1\ntitle: b\n---\n", 4,
                     "clé « title » en double (déjà à la ligne 2)", id="duplicate-key"),
        pytest.param(b"---\nrequester:\n  name: a\n  name: b\n---\n", 4,
                     "clé « name » en double (déjà à la ligne 3)", id="duplicate-nested"),
        pytest.param(b"---\ntitle: a: b\n---\n", 2, "syntaxe YAML invalide (colonne 9) : « : » "
                     "inattendu dans une valeur : mettez la valeur entre guillemets", id="colon"),
        pytest.param(b"---\nthemes: [a, b\n---\n", 2, "syntaxe YAML invalide (colonne 9) : "
                     "crochet « [ » non fermé", id="bracket"),
        pytest.param(b'---\ntitle: "abc\n---\n', 2, "syntaxe YAML invalide (colonne 8) : "
                     "guillemet non fermé", id="quote"),
        pytest.param(b"---\n\ttitle: a\n---\n", 2, "syntaxe YAML invalide (colonne 1) : tabulation "
                     "en début de ligne : indentez avec des espaces, jamais avec des tabulations",
                     id="tab"),
        pytest.param(b"---\nid: 1\ntitle: a\n  \tnote: b\n---\n", 4, "syntaxe YAML invalide "
                     "(colonne 8) : tabulation en début de ligne : indentez avec des espaces, "
                     "jamais avec des tabulations", id="tab-after-spaces"),
        pytest.param(b"---\nr:\n\tname: a\n---\n", 3, "syntaxe YAML invalide (colonne 1) : "
                     "tabulation en début de ligne : indentez avec des espaces, jamais avec des "
                     "tabulations", id="tab-nested"),
        pytest.param(b"---\ntitle: @home\n---\n", 2, "syntaxe YAML invalide (colonne 8) : "
                     "caractère interdit en début de valeur (tabulation, @ ou `) : mettez la "
                     "valeur entre guillemets", id="at-sign"),
        pytest.param(b"---\nid: 1\nterms:\n  - 'Vall\xc3\xa9e' du Lignon\n---\n", 4,
                     "syntaxe YAML invalide (colonne 14) : la valeur commence par un guillemet "
                     "mais continue après lui : mettez toute la valeur entre guillemets, par "
                     "exemple - \"'Vallée' du Lignon\"", id="quoted-start-in-list"),
        pytest.param(b"---\nid:1\ntitle: a\n---\n", 2, "syntaxe YAML invalide : espace manquant "
                     "après « : » (écrivez « id: 1 »)", id="colon-without-space-above"),
        pytest.param(b"---\nid: 1\ntitle a\nstatus: open\n---\n", 3, "syntaxe YAML invalide "
                     "(colonne 1) : « : » manquant après une clé", id="missing-colon"),
        pytest.param(b"---\nid: 1\ntitle: Veille : outils\n---\n", 3, "syntaxe YAML invalide "
                     "(colonne 15) : « : » inattendu dans une valeur : mettez la valeur entre "
                     "guillemets", id="colon-in-value"),
        pytest.param(b"---\nlist:\n  - a\n b: c\n---\n", 4,
                     "syntaxe YAML invalide (colonne 2) : indentation incohérente", id="indent"),
        # Explicit tags that contradict their value: PyYAML raises unmarked Python errors.
        pytest.param(b"---\nid: 1\nrating: !!int cinq\n---\n", 3, "valeur YAML impossible "
                     "(colonne 9) : « cinq » ne peut pas être lu avec l’étiquette « !!int » : "
                     "retirez l’étiquette", id="tag-int"),
        pytest.param(b"---\nconfidential: !!bool peut-etre\n---\n", 2, "valeur YAML impossible "
                     "(colonne 15) : « peut-etre » ne peut pas être lu avec l’étiquette « !!bool » : "
                     "retirez l’étiquette", id="tag-bool"),
        pytest.param(b"---\nreceived: !!timestamp hier\n---\n", 2, "valeur YAML impossible "
                     "(colonne 11) : « hier » ne peut pas être lu avec l’étiquette « !!timestamp » : "
                     "retirez l’étiquette", id="tag-timestamp"),
        pytest.param(b"---\nid: 1\nthemes:\n  - !!set [a]\n---\n", 4, "valeur YAML impossible "
                     "(colonne 5) : l’étiquette « !!set » ne convient pas à cette valeur : retirez-la",
                     id="tag-set-on-list"),
        pytest.param(b"---\ntitle: !!seq {a: 1}\n---\n", 2, "syntaxe YAML invalide (colonne 8) : "
                     "cette étiquette attend une liste : retirez-la", id="tag-seq-on-mapping"),
        pytest.param(b"---\ntitle: !secret x\n---\n", 2, "syntaxe YAML invalide (colonne 8) : "
                     "étiquette YAML inconnue : retirez-la et écrivez une valeur simple",
                     id="unknown-tag"),
        pytest.param(b"---\n? [a, b]\n: 1\n---\n", 2, "clé YAML impossible (colonne 3) : la clé "
                     "« [a, b] » n’est pas un nom de champ : une clé est un simple mot, pas une "
                     "liste ni des champs", id="complex-key"),
        pytest.param(b"---\n<<: 5\n---\n", 2, "syntaxe YAML invalide (colonne 5) : fusion « << » "
                     "impossible : elle attend une ancre de champs", id="bad-merge"),
        # PyYAML would build a value that contains itself: nothing downstream could read it.
        pytest.param(b"---\nid: 1\nthemes: &t [a, *t]\n---\n", 3, "valeur YAML impossible "
                     "(colonne 9) : cette valeur ancrée (« & ») se contient elle-même par un alias "
                     "(« * ») : écrivez-la en entier", id="recursive-alias"),
        pytest.param(b"---\n&all\nid: 1\nself: *all\n---\n", 2, "valeur YAML impossible "
                     "(colonne 1) : cette valeur ancrée (« & ») se contient elle-même par un alias "
                     "(« * ») : écrivez-la en entier", id="recursive-document"),
        pytest.param(b"---\nb: &d {x: 1}\nc:\n  <<: *d\n  e: &f [*f]\n---\n", 5, "valeur YAML "
                     "impossible (colonne 6) : cette valeur ancrée (« & ») se contient elle-même "
                     "par un alias (« * ») : écrivez-la en entier", id="recursive-beside-merge"),
        pytest.param(b"---\nx: " + b"[" * 3000 + b"]" * 3000 + b"\n---\n", 2, "le YAML est imbriqué "
                     "trop profondément (plus de 100 niveaux) : simplifiez la structure",
                     id="too-deep"),
        pytest.param(b"---\nid: 1\nx:\n" + b"".join(b" " * i + b"- a:\n" for i in range(0, 400, 2))
                     + b"---\n", 53, "le YAML est imbriqué trop profondément (plus de 100 "
                     "niveaux) : simplifiez la structure", id="too-deep-by-indentation"),
        pytest.param(b"---\nid: 1\ntitle: a\x01b\n---\n", 3, "caractère de contrôle invisible "
                     "(U+0001) : supprimez-le (il vient souvent d’un copier-coller)",
                     id="control-character"),
        pytest.param(b"---\nid: 1\ntitle: a\xe2\x80\xa8b\nx: y\n---\n", 3, "caractère de "
                     "contrôle invisible (U+2028, séparateur de ligne) : supprimez-le (il vient "
                     "souvent d’un copier-coller)", id="line-separator"),
        pytest.param(b"---\nid: 1\ntitle: \xef\xbf\xbe\n---\n", 3, "caractère de contrôle "
                     "invisible (U+FFFE, non-caractère) : supprimez-le (il vient souvent d’un "
                     "copier-coller)", id="non-character"),
        pytest.param(b"---\nid: 1\n---\nTexte \xef\xbf\xbf\n", 4, "caractère de contrôle "
                     "invisible (U+FFFF, non-caractère) : supprimez-le (il vient souvent d’un "
                     "copier-coller)", id="non-character-in-body"),
    ],
)
def test_reading_problems(tmp_path: Path, data: bytes, line: int, message: str) -> None:
    path = tmp_path / "2026-001-x.md"
    path.write_bytes(data)
    doc, problems = read_markdown(path)
    assert [(p.line, p.message) for p in problems] == [(line, message)]
    if "double" not in message:
        assert doc is None


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(VALID.encode(), id="plain"),
        pytest.param(b"\xef\xbb\xbf" + VALID.encode(), id="bom"),
        pytest.param(VALID.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode(), id="bom-crlf"),
    ],
)
def test_bom_and_crlf_are_accepted(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "2026-001-x.md"
    path.write_bytes(data)
    doc, problems = read_markdown(path)
    assert problems == []
    assert doc is not None
    assert doc.data == {"id": "2026-001", "title": "Un titre"}
    assert (doc.line(("title",)), doc.body, doc.body_line) == (3, "Le texte.\n", 5)


def test_body_is_kept_whole(tmp_path: Path) -> None:
    """Unlike python-frontmatter, leading and trailing blank lines of the body survive."""
    path = tmp_path / "x.md"
    path.write_text("---\na: b\n---\n\n\nTexte\n\n\n", encoding="utf-8")
    doc, _ = read_markdown(path)
    assert doc is not None and doc.body == "\n\nTexte\n\n\n"


def test_lines_of_nested_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\na: 1\nresponses:\n  - name: x\n    email: y\n  - name: z\n---\n",
                    encoding="utf-8")
    doc, _ = read_markdown(path)
    assert doc is not None
    assert doc.line(("responses", 0, "email")) == 5
    assert doc.line(("responses", 1)) == 6
    assert doc.line(("responses", 1, "missing")) == 6
    assert doc.line(("nothing",)) == 1


def test_impossible_date_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("received: 2026-13-01\nok: 2026-02-10\n", encoding="utf-8")
    doc, problems = read_yaml(path)
    assert problems == [] and doc is not None
    assert doc.data["received"] == "2026-13-01"
    assert str(doc.data["ok"]) == "2026-02-10"


RECORDS = [p for root in (Path("content"), Path("tests/fixtures/mini"))
           for folder in ("requests", "binomes") for p in sorted((root / folder).glob("*.md"))]


@pytest.mark.parametrize("path", RECORDS, ids=str)
def test_reader_agrees_with_python_frontmatter(path: Path) -> None:
    """On valid files, our line-keeping reader reads what python-frontmatter reads."""
    import frontmatter

    doc, problems = read_markdown(path)
    post = frontmatter.load(path)
    assert problems == [] and doc is not None
    assert doc.data == post.metadata
    assert doc.body.strip() == post.content


# --------------------------------------------------------------------------- direct construction
# `reader.construct` builds plain documents itself and leaves the rest to PyYAML: it must
# give exactly what PyYAML's constructor gives (same values, same notes, same errors).

TRICKY_YAML = {
    "scalars": "a: text\nb: 12\nc: -0x1F\nd: 0o17\ne: 1_000\nf: 1.5e3\ng: .inf\nh: ~\ni:\nj: null\n"
               "k: 'quoted: yes'\nl: \"2026-02-10\"\n",
    "yaml-1.1-traps": "confirmed: NO\nat: 10:30\nphone: 0612345670\nlate: 2026-13-01\n"
                      "flags: [yes, No, TRUE, off, true, false]\n",
    "dates": "day: 2026-02-10\nwhen: 2026-02-10 10:30:00\nzoned: 2026-02-10T10:30:00+01:00\n",
    "nested": "a:\n  b:\n    - c: 1\n      d: [1, 2, {e: f}]\n    - []\n  g: {}\n",
    "duplicates": "title: a\nr:\n  name: b\n  name: c\n  x: [{k: 1, k: 2}]\ntitle: d\n",
    "duplicates-by-text": "'1': a\n'1': b\n’true': c\n’true': d\n",
    "anchors": "base: &b {x: 1, y: [a, b]}\ncopy: *b\nlist: [*b, *b]\n",
    "merge": "base: &b {x: 1, y: 2}\nover:\n  <<: *b\n  y: 3\n",
    "merge-list": "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n",
    "explicit-tags": "a: !!str 12\nb: !!int '7'\nc: !!float '1'\nd: !!bool 'yes'\n",
    "set": "s: !!set {a, b}\n",
    "omap": "o: !!omap [a: 1, b: 2]\n",
    "binary": "bin: !!binary aGVsbG8=\n",
    "unknown-tag": "x: !secret value\n",
    "value-key": "a:\n  =: 1\n",
    "str-tag-on-list": "a: !!str [1, 2]\n",
}


def _pyyaml(text: str) -> tuple[str, Any, list[Any], list[int]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return "ok", repr(loader.construct_document(node)), sorted(loader.duplicates), \
            sorted(loader.odd_booleans)
    except yaml.YAMLError as err:
        return "error", f"{type(err).__name__}: {err}", [], []
    finally:
        loader.dispose()


def _direct(text: str) -> tuple[str, Any, list[Any], list[int]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return "ok", repr(construct(loader, node)), sorted(loader.duplicates), \
            sorted(loader.odd_booleans)
    except yaml.YAMLError as err:
        return "error", f"{type(err).__name__}: {err}", [], []
    finally:
        loader.dispose()


@pytest.mark.parametrize("text", TRICKY_YAML.values(), ids=TRICKY_YAML.keys())
def test_direct_construction_equals_pyyaml(text: str) -> None:
    assert _direct(text) == _pyyaml(text)


class _FellBack(Exception):
    pass


def _no_fallback(node: yaml.Node) -> None:
    raise _FellBack


def test_direct_construction_falls_back_only_when_it_must() -> None:
    plain = ("scalars", "yaml-1.1-traps", "dates", "nested", "duplicates", "anchors")
    for name in plain:
        loader = _Loader(TRICKY_YAML[name])
        node = loader.get_single_node()
        loader.construct_document = _no_fallback
        construct(loader, node)
    for name in ("merge", "set", "unknown-tag", "value-key"):
        loader = _Loader(TRICKY_YAML[name])
        node = loader.get_single_node()
        loader.construct_document = _no_fallback
        with pytest.raises(_FellBack):
            construct(loader, node)


def _front_matters() -> dict[str, str]:
    """The YAML of every content and fixture file the reader gets to parse."""
    found = {}
    for root in (Path("content"), Path("tests/fixtures")):
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".md", ".yml"):
                continue
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                continue  # the reader stops before YAML
            if path.suffix == ".md":
                if not text.startswith("---"):
                    continue  # programme pages, the file without front matter
                text = text.split("\n---", 1)[0].removeprefix("---")
            found[str(path)] = text
    return found


FRONT_MATTERS = _front_matters()


@pytest.mark.parametrize("text", FRONT_MATTERS.values(), ids=FRONT_MATTERS.keys())
def test_direct_construction_on_every_file(text: str) -> None:
    assert _direct(text) == _pyyaml(text)


#: Text without the control characters and line separators the reader refuses.
_text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                                       blacklist_characters="\ufffe\uffff"), max_size=20)
_scalar = st.one_of(_text, st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False), st.dates())
_tree = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(_text, inner, max_size=4),
                     max_leaves=20)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_text.filter(bool), _tree, min_size=1, max_size=6),
       st.booleans())
def test_direct_construction_on_random_documents(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    assert _direct(text) == _pyyaml(text)


# What PyYAML builds but nothing downstream could read: refused, with the line and column
# of the node at fault, whichever construction (direct, or PyYAML's for merge keys) runs.
#: "Billion laughs": ten values, each next one ten aliases of the one before (10⁹ values).
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in itertools.pairwise("abcdefghi"))
KEY = "une clé est un nom de champ (mettez-la entre guillemets si ce nom est voulu)"
REFUSED_YAML = [
    ("int-key", "a: 1\n1: one\n", 2, 1, f"YAML lit la clé « 1 » comme un nombre : {KEY}"),
    ("float-key", "a: 1\n1.5: x\n", 2, 1, f"YAML lit la clé « 1.5 » comme un nombre : {KEY}"),
    ("date-key", "2026-02-10: day\n", 1, 1,
     f"YAML lit la clé « 2026-02-10 » comme une date : {KEY}"),
    ("null-key", "a:\n  null: x\n", 2, 3,
     f"YAML lit la clé « null » comme une valeur vide (null) : {KEY}"),
    ("bool-key", "yes: x\n", 1, 1, f"YAML lit la clé « yes » comme un booléen : {KEY}"),
    ("int-key-beside-merge", "b: &b {x: 1}\nc:\n  <<: *b\n  7: y\n", 4, 3,
     f"YAML lit la clé « 7 » comme un nombre : {KEY}"),
    ("complex-key", "? [a, b]\n: value\n", 1, 3, "la clé « [a, b] » n’est pas un nom de champ : "
     "une clé est un simple mot, pas une liste ni des champs"),
    ("mapping-key", "x: 1\n? {a: 1}\n: value\n", 2, 3, "la clé « {a: 1} » n’est pas un nom de "
     "champ : une clé est un simple mot, pas une liste ni des champs"),
    ("escaped-nul", 'a: "x\\0y"\n', 1, 4, "caractère de contrôle invisible (U+0000, caractère "
     "nul) écrit par un échappement « \\ » entre guillemets : retirez-le"),
    ("escaped-nel-beside-merge", 'b: &b {x: 1}\nc:\n  <<: *b\n  t: "\\N"\n', 4, 6,
     "caractère de contrôle invisible (U+0085, fin de ligne) écrit par un échappement « \\ » "
     "entre guillemets : retirez-le"),
    ("escaped-key", '"k\\x1b": v\n', 1, 1, "caractère de contrôle invisible (U+001B, "
     "échappement) écrit par un échappement « \\ » entre guillemets : retirez-le"),
    ("laughs", LAUGHS,
     1, 4, "ses alias (« * ») multiplient les valeurs au-delà du raisonnable : écrivez les "
     "valeurs en entier, sans ancres ni alias"),
    ("laughs-beside-merge", "m: &m {x: 1}\nn:\n  <<: *m\n" + LAUGHS,
     7, 4, "ses alias (« * ») multiplient les valeurs au-delà du raisonnable : écrivez les "
     "valeurs en entier, sans ancres ni alias"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), [r[1:] for r in REFUSED_YAML],
                         ids=[r[0] for r in REFUSED_YAML])
def test_construction_refuses_what_nothing_could_read(text: str, line: int, column: int,
                                                       message: str) -> None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        with pytest.raises(yaml.MarkedYAMLError) as caught:  # a TagError, in French
            construct(loader, node)
    finally:
        loader.dispose()
    mark = caught.value.problem_mark
    assert mark is not None
    assert (mark.line + 1, mark.column + 1, caught.value.problem) == (line, column, message)


def test_alias_expansion_is_bounded_by_the_text_not_refused() -> None:
    """Aliases are allowed while what they expand to stays small: a few shared values."""
    text = "base: &b {x: 1, y: [a, b]}\n" + "".join(f"k{i}: *b\n" for i in range(500))
    assert _direct(text) == _pyyaml(text)
    assert _direct(text)[0] == "ok"
