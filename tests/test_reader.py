"""Stage 1: reading files, splitting front matter, loading YAML — every failure has a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.reader import read_markdown, read_yaml

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
        pytest.param(b"---\n---\ntext\n", 1, "l'en-tête YAML est vide", id="empty-front-matter"),
        pytest.param(b"---\n- a\n- b\n---\n", 2, "l'en-tête YAML doit être une liste de champs "
                     "« clé: valeur »", id="list"),
        pytest.param(b"---\njust a sentence\n---\n", 2, "l'en-tête YAML doit être une liste de "
                     "champs « clé: valeur »", id="scalar"),
        pytest.param(b"---\nid: 1\ntitle: caf\xe9\n---\n", 3, "le fichier n'est pas encodé en "
                     "UTF-8 (enregistrez-le en UTF-8 depuis votre éditeur)", id="latin-1"),
        pytest.param(b"---\ntitle: a\nid: 1\ntitle: b\n---\n", 4,
                     "clé « title » en double (déjà à la ligne 2)", id="duplicate-key"),
        pytest.param(b"---\nrequester:\n  name: a\n  name: b\n---\n", 4,
                     "clé « name » en double (déjà à la ligne 3)", id="duplicate-nested"),
        pytest.param(b"---\ntitle: a: b\n---\n", 2, "syntaxe YAML invalide (colonne 9) : « : » "
                     "inattendu dans une valeur : mettez la valeur entre guillemets", id="colon"),
        pytest.param(b"---\nthemes: [a, b\n---\n", 3, "syntaxe YAML invalide (colonne 1) : "
                     "crochet « [ » non fermé", id="bracket"),
        pytest.param(b'---\ntitle: "abc\n---\n', 2, "syntaxe YAML invalide (colonne 8) : "
                     "guillemet non fermé", id="quote"),
        pytest.param(b"---\n\ttitle: a\n---\n", 2, "syntaxe YAML invalide (colonne 1) : caractère "
                     "interdit en début de valeur (tabulation, @ ou `) : mettez la valeur entre "
                     "guillemets", id="tab"),
        pytest.param(b"---\nlist:\n  - a\n b: c\n---\n", 4,
                     "syntaxe YAML invalide (colonne 2) : indentation incohérente", id="indent"),
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
