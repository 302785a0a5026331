"""Edits of content files: byte-exact round trips, YAML 1.1 traps quoted, atomic writes,
and edits checked before they are written."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, make_content
from generator import catalog, checks, edit, overlay, reader
from generator.errors import Problem, TandemError

CONTENT = ROOT / "content"
EXAMPLES = sorted([*CONTENT.glob("requests/*.md"), *CONTENT.glob("binomes/*.md")])
ALL_FILES = [*EXAMPLES, CONTENT / "programme.yml", CONTENT / "members.yml"]

#: A request written by hand in a hurry: comments everywhere, every kind of quoting,
#: blank lines, a flow list, a block scalar, an empty value (CRLF and BOM added below).
HOSTILE = """\
---
# Demande reçue par téléphone
id: 2026-001   # l’identifiant
title: 'Mettre en place une cellule de veille'
status: "open"
confidential: false
received: 2026-02-10

published: 2026-02-14
closed:
expires: 2026-06-30  # fin de l’appel
themes: [intelligence-economique]   # un seul thème
format: ponctuel
role: direction
requester:
  organisation: "Pôle Quarzeo"
  name: Jeanne Testard
  email: jeanne.testard@example.org   # adresse pro
  phone: '+33 6 12 34 56 78'
  # fin du demandeur
identifying_terms: [Vallée du Lignon]
responses:
    - organisation: Cluster Brivalon
      name: "Paul Essaimé"
      email: paul.essaime@example.org
      received: 2026-02-20
      note: >
        A créé une cellule
        de veille en 2019.

# les notes restent privées
notes: |
  Message d’origine reçu par courriel.
  Deuxième ligne.
---
Un cluster industriel souhaite structurer sa **veille**.

---
Une règle horizontale dans le corps ne ferme rien.
"""

#: Strings YAML 1.1 reads as something else, or cannot read bare.
TRAPS = ["NO", "no", "Yes", "yes", "on", "OFF", "y", "n", "~", "null", "Null", "true",
         "10:30", "1:2:3", "0612345670", "0o17", "0x1F", "+33", "1_000", "2026-13-01",
         "2026-02-10", "2026-2-3", "2026-02-10 10:00:00", "1e3", ".5", "-.inf", ".NaN", "3.",
         "'quoted", '"double', "# dièse", "a #b", "clé: valeur", "a:", "@arobase", "`code",
         "!tag", "&ancre", "*alias", "%directive", "- tiret", "? question", "[liste]", "{x}",
         "|", ">", ",", " espace devant", "espace derrière ", "", " ", "deux\nlignes",
         "fin\n", "\ndébut", "ligne  \nespaces", "tab\tulation", "€ et « guillemets »", "=",
         "<<", "...", "---", "a\\b", "é" * 3, "\u00a0insécable"]


def diff(before: str, after: str) -> list[str]:
    """The changed lines, as `-old` and `+new` (no context)."""
    lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return [line.rstrip("\r\n") for line in lines
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def front_data(text: str) -> dict[str, Any]:
    """What PyYAML (YAML 1.1) reads in the front matter of `text`."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    front = text.split("\n---\n")[0].removeprefix("---\n") + "\n"  # as the reader cuts it
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data


def hostile(tmp_path: Path, newline: str = "\n", bom: bool = False) -> Path:
    path = tmp_path / "2026-001-veille.md"
    path.write_bytes((("\ufeff" if bom else "") + HOSTILE.replace("\n", newline)).encode())
    return path


# Round trips -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_unchanged_file_is_written_back_byte_for_byte(path: Path) -> None:
    assert edit.load(path).text().encode() == path.read_bytes()


def test_every_example_file_is_covered() -> None:
    assert len(EXAMPLES) == 24


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_edit_changes_only_its_line(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    edited = edit.load(copy)
    old_status = edited.get(("status",))
    edited.set(("status",), "NO")
    edited.set(("zz_new",), dt.date(2026, 3, 4))
    before = path.read_text(encoding="utf-8")
    assert diff(before, edited.text()) == [f"-status: {old_status}", "+status: 'NO'",
                                           "+zz_new: 2026-03-04"]
    edit.save(edited)
    data = front_data(copy.read_text(encoding="utf-8"))
    assert (data["status"], data["zz_new"]) == ("NO", dt.date(2026, 3, 4))


#: (edit, the diff it must make in HOSTILE)
EDITS: list[tuple[str, tuple[Any, ...], list[str]]] = [
    ("set", (("status",), "matched"), ['-status: "open"', "+status: matched"]),
    ("set", (("id",), "2026-002"), ["-id: 2026-001   # l’identifiant",
                                    "+id: 2026-002   # l’identifiant"]),
    ("set", (("closed",), dt.date(2026, 5, 1)), ["-closed:", "+closed: 2026-05-01"]),
    ("set", (("confidential",), True), ["-confidential: false", "+confidential: true"]),
    ("set", (("title",), "oui"), ["-title: 'Mettre en place une cellule de veille'",
                                  "+title: oui"]),
    ("set", (("requester", "phone"), "0612345670"),
     ["-  phone: '+33 6 12 34 56 78'", "+  phone: '0612345670'"]),
    ("set", (("requester", "email"), "a@b.example"),
     ["-  email: jeanne.testard@example.org   # adresse pro",
      "+  email: a@b.example   # adresse pro"]),
    ("set", (("responses", 0, "forwarded"), dt.date(2026, 2, 21)),
     ["+      forwarded: 2026-02-21"]),
    ("set", (("responses", 0, "note"), "Court."),
     ["-      note: >", "-        A créé une cellule", "-        de veille en 2019.",
      "+      note: Court."]),
    ("set", (("notes",), "Une\nautre note"),
     ["-notes: |", "-  Message d’origine reçu par courriel.", "-  Deuxième ligne.",
      "+notes: |-", "+  Une", "+  autre note"]),
    ("set", (("requester", "title"), "10:30"), ["+  title: '10:30'"]),
    ("set", (("checkins",), [{"date": dt.date(2026, 3, 1), "note": "yes"}]),
     ["+checkins:", "+  - date: 2026-03-01", "+    note: 'yes'"]),
    ("append", (("themes",), "gestion-equipe"),
     ["-themes: [intelligence-economique]   # un seul thème",
      "+themes: [intelligence-economique, gestion-equipe]   # un seul thème"]),
    ("append", (("identifying_terms",), "a, b"),
     ["-identifying_terms: [Vallée du Lignon]", "+identifying_terms: [Vallée du Lignon, 'a, b']"]),
    ("append", (("responses",), {"organisation": "Pôle Y", "name": "NO",
                                 "received": dt.date(2026, 3, 2)}),
     ["+    - organisation: Pôle Y", "+      name: 'NO'", "+      received: 2026-03-02"]),
    ("append", (("tags",), "off"), ["+tags:", "+  - 'off'"]),
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
@pytest.mark.parametrize(("kind", "args", "expected"), EDITS,
                         ids=[f"{e[0]}-{'.'.join(map(str, e[1][0]))}" for e in EDITS])
def test_hostile_file_edit_diff_is_exactly_the_intended_lines(
        tmp_path: Path, newline: str, bom: bool, kind: str, args: tuple[Any, ...],
        expected: list[str]) -> None:
    path = hostile(tmp_path, newline, bom)
    edited = edit.load(path)
    getattr(edited, kind)(*args)
    before = path.read_bytes().decode()
    after = edited.text()
    assert diff(before, after) == expected
    assert after.startswith("\ufeff") == bom
    assert after.count("\r\n") == (after.count("\n") if newline == "\r\n" else 0)
    assert after.split("\n---\n".replace("\n", newline), 1)[1] == \
        before.split("\n---\n".replace("\n", newline), 1)[1]  # the body, untouched
    where, value = args
    data: Any = front_data(after)
    old: Any = front_data(before)
    for key in where:
        data, old = data[key], old.get(key) if isinstance(old, dict) else old[key]
    assert data == (value if kind == "set" else [*(old or []), value])


def test_every_kind_of_edit_in_one_file(tmp_path: Path) -> None:
    path = hostile(tmp_path, "\r\n", bom=True)
    edited = edit.load(path)
    for kind, args, _ in EDITS:
        getattr(edited, kind)(*args)
    expected = [line for _, _, lines in EDITS for line in lines]
    changed = diff(path.read_bytes().decode(), edited.text())
    assert sorted(changed) == sorted(expected)
    edit.save(edited)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf---\r\n")


# YAML 1.1 traps ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", TRAPS)
@pytest.mark.parametrize("where", [("title",), ("requester", "name"), ("notes",), ("id",),
                                   ("requester", "email"), ("themes", 0),
                                   ("responses", 0, "note"), ("new",)])
def test_trap_values_read_back_as_written(tmp_path: Path, value: str,
                                          where: tuple[str | int, ...]) -> None:
    edited = edit.load(hostile(tmp_path))
    edited.set(where, value)
    data: Any = front_data(edited.text())
    for key in where:
        data = data[key]
    assert data == value


_ALPHABET = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"
                          "\ufffe\uffff") | st.sampled_from(["\n", "\t", " ", ":", "#", "'", '"'])
_SCALARS = (st.sampled_from(TRAPS) | st.text(_ALPHABET, max_size=30)
            | st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31))
            | st.integers(-10**12, 10**12) | st.booleans() | st.none())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_SCALARS, key=st.sampled_from([("title",), ("requester", "phone"), ("closed",),
                                            ("responses", 0, "name"), ("notes",), ("added",),
                                            ("requester", "added")]),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_random_values_read_back_by_pyyaml(tmp_path: Path, value: Any, key: tuple[str | int, ...],
                                           newline: str) -> None:
    path = hostile(tmp_path, newline, bom=True)
    edited = edit.load(path)
    edited.set(key, value)
    data: Any = front_data(edited.text())
    for part in key:
        data = data[part]
    assert data == value
    before = front_data(path.read_bytes().decode())
    after = front_data(edited.text())
    target: Any = before
    for part in key[:-1]:
        target = target[part]
    target[key[-1]] = value
    assert after == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.sampled_from(TRAPS) | st.text(_ALPHABET, max_size=12), max_size=4))
def test_random_appends_read_back_by_pyyaml(tmp_path: Path, values: list[str]) -> None:
    edited = edit.load(hostile(tmp_path))
    for value in values:
        edited.append(("identifying_terms",), value)
        edited.append(("responses",), {"name": value, "received": dt.date(2026, 1, 2)})
    data = front_data(edited.text())
    assert data["identifying_terms"] == ["Vallée du Lignon", *values]
    assert [r["name"] for r in data["responses"][1:]] == values


# Refusals -------------------------------------------------------------------------------

REFUSALS: list[tuple[str, tuple[Any, ...], str]] = [
    ("set", (("title",), "cloche\x07"), "2026-001-veille.md\u00a0: «\u00a0title\u00a0»\u00a0: "
     "caractère de contrôle invisible"),
    ("set", (("notes",), "retour\rchariot"), "caractère de contrôle invisible (U+000D, retour chariot)"),
    ("set", (("responses",), []), "«\u00a0responses\u00a0» contient déjà des éléments"),
    ("set", (("responses", 3, "name"), "x"), "«\u00a0responses.4.name\u00a0» n’existe pas"),
    ("set", (("status", "x"), "y"), "«\u00a0status.x\u00a0» n’existe pas"),
    ("set", (("themes",), ["a"]), "contient déjà des éléments"),
    ("append", (("status",), "x"), "«\u00a0status\u00a0» n’est pas une liste"),
    ("set", (("themes", 0), "a, b"), ""),  # allowed: quoted in the flow list
    ("set", ((), "x"), "aucun champ à modifier"),
]


@pytest.mark.parametrize(("kind", "args", "message"), REFUSALS)
def test_refused_edit_leaves_file_byte_identical(tmp_path: Path, kind: str, args: tuple[Any, ...],
                                                 message: str) -> None:
    path = hostile(tmp_path, "\r\n", bom=True)
    original = path.read_bytes()
    edited = edit.load(path)
    if not message:
        getattr(edited, kind)(*args)
        assert front_data(edited.text())["themes"] == ["a, b"]
        return
    with pytest.raises(TandemError) as err:
        getattr(edited, kind)(*args)
    assert message in str(err.value)
    assert edited.text().encode() == original
    assert path.read_bytes() == original


@pytest.mark.parametrize(("text", "message"), [
    ("id: 1\n", "en-tête YAML manquant"),
    ("---\nid: 1\n", "en-tête YAML non fermé"),
    ("---\nid: [1\n---\n", "syntaxe YAML invalide"),
    ("---\nid: 1\nid: 2\n---\n", "clé «\u00a0id\u00a0» en double"),
    ("---\n- a\n---\n", "doit être une liste de champs"),
])
def test_unreadable_file_is_refused_in_french(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TandemError) as err:
        edit.load(path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path) if not path.is_relative_to(Path.cwd()) else "")


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\nid: caf\xe9\n---\n")
    with pytest.raises(TandemError, match=r"x.md:2: le fichier n’est pas encodé en UTF-8"):
        edit.load(path)


def test_file_changed_since_loaded_is_not_overwritten(tmp_path: Path) -> None:
    path = hostile(tmp_path)
    edited = edit.load(path)
    edited.set(("status",), "matched")
    path.write_text(HOSTILE + "\nÉcrit par quelqu’un d’autre.\n", encoding="utf-8")
    changed = path.read_bytes()
    with pytest.raises(TandemError, match="a été modifié pendant l’opération"):
        edit.save(edited)
    assert path.read_bytes() == changed


# Atomic writes -----------------------------------------------------------------------------

@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600, 0o640])
def test_atomic_write_keeps_the_mode(tmp_path: Path, mode: int) -> None:
    path = hostile(tmp_path)
    path.chmod(mode)
    edited = edit.load(path)
    edited.set(("status",), "matched")
    edit.save(edited)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_atomic_write_of_a_new_file_uses_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        edit.write_atomic(tmp_path / "new.md", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_failed_write_leaves_no_temporary_file_and_the_old_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hostile(tmp_path)
    original = path.read_bytes()

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    edited = edit.load(path)
    edited.set(("status",), "matched")
    with pytest.raises(TandemError, match="écriture impossible"):
        edit.save(edited)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_atomic_write_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    target = hostile(tmp_path)
    link = tmp_path / "lien.md"
    link.symlink_to(target.name)
    edit.write_atomic(link, "nouveau\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "nouveau\n"


# Checking an edit before writing it -----------------------------------------------------

REQUEST = "requests/2026-001-veille.md"


def _wired(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two hooks proposed for reader.py and catalog.py, applied for the test."""
    read_bytes, content_files = reader.read_bytes, catalog._content_files

    def hooked_read(path: Path, shown: str) -> bytes | Problem:
        hit = overlay.read(path, shown)
        return hit if hit is not None else read_bytes(path, shown)

    def hooked_files(folder: Path, problems: list[Problem]) -> list[Path]:
        return overlay.listed(folder, content_files(folder, problems))

    monkeypatch.setattr(reader, "read_bytes", hooked_read)
    monkeypatch.setattr(catalog, "_content_files", hooked_files)


def _edited(content: Path, where: tuple[str | int, ...], value: Any) -> str:
    edited = edit.load(content / REQUEST)
    edited.set(where, value)
    return edited.text()


CHECKED: list[tuple[str, tuple[str | int, ...], Any, str | None]] = [
    ("valid", ("title",), "Monter une veille", None),
    ("bad status", ("status",), "NO", "status"),
    ("bad date", ("closed",), "2026-13-01", "closed"),
]


@pytest.mark.parametrize("wired", [False, True], ids=["copy", "overlay"])
@pytest.mark.parametrize(("name", "where", "value", "field"), CHECKED, ids=[c[0] for c in CHECKED])
def test_check_edits_sees_the_edit_without_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wired: bool, name: str,
        where: tuple[str | int, ...], value: Any, field: str | None) -> None:
    if wired:
        _wired(monkeypatch)
    content = make_content(tmp_path)
    snapshot = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    problems = edit.check_edits(content, {Path(REQUEST): _edited(content, where, value)})
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == snapshot
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
    if field is None:
        assert problems == []
    else:
        assert problems and all(p.path.endswith(REQUEST) for p in problems), problems
        line = edit.load(content / REQUEST).front.split("\n").index(
            next(line for line in edit.load(content / REQUEST).front.split("\n")
                 if line.startswith(f"{field}:"))) + 2
        assert any(p.line == line for p in problems), problems


@pytest.mark.parametrize("wired", [False, True], ids=["copy", "overlay"])
def test_overlay_and_copy_agree_on_new_and_deleted_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wired: bool) -> None:
    content = make_content(tmp_path)
    new = "requests/2026-009-nouvelle.md"
    text = (content / "requests/2026-003-brouillon.md").read_text(encoding="utf-8")
    edits: dict[Path, str | None] = {Path(new): text,  # the same id twice
                                     Path("requests/2026-002-equipe.md"): None}
    expected = edit._check_copy(content, edit._targets(content, edits))
    if wired:
        _wired(monkeypatch)
        with overlay.overlaid(edit._targets(content, edits)) as seen:
            _, problems = checks.check(content)
        assert seen.seen_all()
        assert problems == expected
    assert edit.check_edits(content, edits) == expected
    assert expected and any(p.path.endswith(new) for p in expected)
    assert not (content / new).exists()


def test_apply_edits_writes_only_valid_content(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    path = content / REQUEST
    original = path.read_bytes()
    refused = edit.apply_edits(content, {Path(REQUEST): _edited(content, ("status",), "NO")})
    assert refused and path.read_bytes() == original
    assert edit.apply_edits(content, {path: _edited(content, ("title",), "Une veille")}) == []
    assert diff(original.decode(), path.read_text(encoding="utf-8")) == [
        "-title: Mettre en place une cellule de veille", "+title: Une veille"]


@pytest.mark.parametrize(("edits", "message"), [
    ({Path("../dehors.md"): "x"}, "est hors du dossier de contenu"),
    ({Path("requests/absent.md"): None}, "absent.md\u00a0: fichier introuvable"),
])
def test_apply_edits_refuses_paths_it_cannot_edit(tmp_path: Path, edits: dict[Path, str | None],
                                                  message: str) -> None:
    content = make_content(tmp_path)
    with pytest.raises(TandemError) as err:
        edit.apply_edits(content, edits)
    assert message in str(err.value)
    assert not (tmp_path / "dehors.md").exists()


@pytest.mark.parametrize(("line", "expected"), [
    ("responses: []", ["-responses: []", "+responses:", "+  - name: 'NO'", "+    received: 2026-01-02"]),
    ("responses: []   ", ["-responses: []   ", "+responses:", "+  - name: 'NO'",
                          "+    received: 2026-01-02"]),
    ("responses:", ["+  - name: 'NO'", "+    received: 2026-01-02"]),
    ("responses: ~", ["-responses: ~", "+responses:", "+  - name: 'NO'", "+    received: 2026-01-02"]),
])
def test_first_reply_turns_an_empty_list_into_a_block(tmp_path: Path, line: str,
                                                        expected: list[str]) -> None:
    path = tmp_path / "x.md"
    before = f"---\nid: 2026-001\n{line}\nnotes: a\n---\ncorps\n"
    path.write_text(before, encoding="utf-8")
    edited = edit.load(path)
    edited.append(("responses",), {"name": "NO", "received": dt.date(2026, 1, 2)})
    assert diff(before, edited.text()) == expected
    assert front_data(edited.text())["responses"] == [{"name": "NO", "received": dt.date(2026, 1, 2)}]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(EXAMPLES), value=_SCALARS,
       key=st.sampled_from([("title",), ("status",), ("notes",), ("requester", "name"),
                            ("requester", "added"), ("added",)]))
def test_random_values_on_the_example_files_change_one_value(
        tmp_path: Path, path: Path, value: Any, key: tuple[str, ...]) -> None:
    edited = edit.load(path)
    if key[0] == "requester" and "requester" not in edited.data():
        key = ("mentee", *key[1:])  # a binôme
    edited.set(key, value)
    before = path.read_text(encoding="utf-8")
    after = edited.text()
    expected = front_data(before)
    target: Any = expected
    for part in key[:-1]:
        target = target[part]
    target[key[-1]] = value
    assert front_data(after) == expected
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]
    removed = [line for line in diff(before, after) if line.startswith("-")]
    old_lines = (before.split("\n---\n")[0].count("\n") - after.split("\n---\n")[0].count("\n"))
    assert len(removed) <= max(1, old_lines + 1) or key == ("notes",)


@pytest.mark.parametrize(("text", "kind", "args", "message"), [
    ("---\nid: 1\nrequester: {name: A}\n---\n", "set", (("requester", "email"), "a@b.c"),
     "«\u00a0requester\u00a0» est écrit entre accolades"),
    ("---\nid: 1\nthemes: [a,\n  b]\n---\n", "append", (("themes",), "c"),
     "est une liste sur plusieurs lignes entre crochets"),
    ("---\nid: 1\nthemes: [a]\n---\n", "append", (("themes",), {"x": 1}),
     "elle ne peut recevoir que des valeurs simples"),
    ("---\nid: 1\nnote: x  # commentaire\n---\n", "set", (("note",), ["a"]),
     "est suivi d’un commentaire"),
    ("---\na: &x 1\nb: *x\n---\n", "set", (("b",), 2), "«\u00a0b\u00a0» est une ancre ou un alias"),
    ("---\na: &x 1\nb: *x\n---\n", "set", (("a",), 2), "«\u00a0a\u00a0» est une ancre ou un alias"),
    ("---\na: &x [1]\nb: *x\n---\n", "append", (("b",), 2), "«\u00a0b\u00a0» est une ancre ou un alias"),
    ("---\na: &x {k: 1}\nb: *x\n---\n", "set", (("b", "k"), 2),
     "«\u00a0b.k\u00a0» ne peut pas s’écrire sans changer d’autres champs"),
])
def test_layouts_that_cannot_be_edited_in_place_are_refused(
        tmp_path: Path, text: str, kind: str, args: tuple[Any, ...], message: str) -> None:
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8")
    edited = edit.load(path)
    with pytest.raises(TandemError) as err:
        getattr(edited, kind)(*args)
    assert message in str(err.value)
    assert edited.text() == text


def test_flow_mapping_values_are_quoted_for_the_flow(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nrequester: {name: A, email: a@b.c}\n---\n", encoding="utf-8")
    edited = edit.load(path)
    edited.set(("requester", "name"), "Dupont, Jean")
    assert edited.text() == "---\nrequester: {name: 'Dupont, Jean', email: a@b.c}\n---\n"


def test_missing_file_is_refused_in_french(tmp_path: Path) -> None:
    with pytest.raises(TandemError, match=r"absent.md:1: fichier introuvable"):
        edit.load(tmp_path / "absent.md")


def test_apply_edits_puts_back_the_files_written_before_a_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_content(tmp_path)
    first, second = content / REQUEST, content / "requests/2026-002-equipe.md"
    snapshot = {p: p.read_bytes() for p in (first, second)}
    edits: dict[Path, str | None] = {first: _edited(content, ("title",), "Une veille")}
    other = edit.load(second)
    other.set(("title",), "Une équipe")
    edits[second] = other.text()
    real = edit.write_atomic
    calls: list[Path] = []

    def failing(path: Path, text: str | bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(edit, "write_atomic", failing)
    with pytest.raises(TandemError, match=r"écriture impossible .* aucun fichier n’a été modifié"):
        edit.apply_edits(content, edits)
    assert {p: p.read_bytes() for p in (first, second)} == snapshot


def test_the_read_cache_never_answers_for_an_edited_file(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit is checked with the read cache warm for every other file; the edited file
    is read as edited, through the overlay (the cache would answer with the file on disk,
    and `check_edits` would then fall back to checking a copy of the whole folder)."""
    from generator import cache as cache_module
    from generator.cache import ReadCache

    monkeypatch.delenv("TANDEM_NO_CACHE", raising=False)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", -1)  # keep files just written
    monkeypatch.chdir(tmp_path)
    content = make_content(tmp_path)
    cache = ReadCache.default(content)
    assert checks.check(content, cache)[1] == []
    assert len(ReadCache.default(content).entries) >= 3  # warm
    path = content / "requests" / "2026-001-veille.md"
    text = path.read_text(encoding="utf-8").replace("format: ponctuel", "format: ponctuelle")
    with overlay.overlaid({path: text}) as seen:
        problems = checks.check(content, ReadCache.default(content))[1]
    assert seen.seen_all()  # read through the overlay: no slower check of a copy needed
    assert [p.message for p in problems if "format" in p.message], problems
    assert edit.check_edits(content, {path: text}, ReadCache.default(content)) == problems
