"""The CLI in-process with CliRunner: exact French messages and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI, ROOT, make_content
from generator.cli import cli

NBSP, NNBSP = "\u00a0", "\u202f"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_passes_on_the_mini_programme() -> None:
    assert run("check", "--content", str(MINI)) == (
        0, f"tandem check{NBSP}: 3 demandes, 1 binôme, aucun problème\n", "")


def test_check_reports_each_problem_with_path_and_line(tmp_path: Path) -> None:
    request = MINI / "requests" / "2026-001-veille.md"
    content = make_content(tmp_path, {
        "requests/2026-001-veille.md": request.read_text(encoding="utf-8")
        .replace("confidential: false", "confidental: false")})
    path = content / "requests" / "2026-001-veille.md"
    code, out, err = run("check", "--content", str(content))
    assert code == 1
    assert out == (f"{path}:1: champ obligatoire «{NBSP}confidential{NBSP}» manquant\n"
                   f"{path}:5: clé inconnue «{NBSP}confidental{NBSP}» (vouliez-vous dire "
                   f"«{NBSP}confidential{NBSP}»\u202f?)\n")
    assert err == f"tandem check{NBSP}: 2 problèmes dans 1 fichier\n"


def test_check_without_content_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert run("check", "--content", str(missing)) == (
        1, f"{missing}:1: dossier de contenu introuvable\n",
        f"tandem check{NBSP}: 1 problème dans 1 fichier\n")


@pytest.mark.parametrize("args", [["nope"], ["check", "--bad-option"], ["audit"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args)[0] == 2


def test_every_command_has_a_french_help() -> None:
    for name, command in cli.commands.items():
        assert command.help and "Exemple" in command.help, name
        code, out, _ = run(name, "--help")
        assert code == 0 and "tandem" in out


def test_build_then_audit(tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, out, err = run("build", "--content", str(MINI), "--site-dir", str(site))
    assert (code, err) == (0, ""), out + err
    assert out.startswith(f"tandem build{NBSP}: 10 pages dont 1 appel ouvert, ")
    assert (site / "appels" / "2026-001" / "index.html").is_file()
    assert (site / "appels" / "2026-002" / "index.html").is_file()  # tombstone
    assert not (site / "appels" / "2026-003").exists()  # a draft is never public
    code, out, err = run("audit", "--content", str(MINI), str(site))
    assert code == 0
    assert out.startswith(f"tandem audit{NBSP}: aucune valeur privée ni adresse d’un autre site dans ")


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("build", "--content", str(MINI), "--site-dir", str(site))[0] == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    request = MINI / "requests" / "2026-001-veille.md"
    broken = make_content(tmp_path, {"requests/2026-001-veille.md": request.read_text(
        encoding="utf-8").replace("status: open", "status: opne")})
    code, out, err = run("build", "--content", str(broken), "--site-dir", str(site))
    path = broken / "requests" / "2026-001-veille.md"
    assert code == 1
    assert out == (f"{path}:4: «{NBSP}status{NBSP}»{NBSP}: valeur inconnue «{NBSP}opne{NBSP}» "
                   f"(vouliez-vous dire «{NBSP}open{NBSP}»\u202f?)\u202f; valeurs possibles{NBSP}: "
                   "draft, open, matched, withdrawn, expired\n")
    assert err == f"tandem build{NBSP}: 1 problème dans 1 fichier\u202f; rien n’a été publié\n"
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_audit_hit_fails_and_names_the_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("build", "--content", str(MINI), "--site-dir", str(site))[0] == 0
    (site / "leak.json").write_text('{"who": "Jeanne Testard"}', encoding="utf-8")
    code, out, err = run("audit", "--content", str(MINI), str(site))
    assert code == 1
    assert out == (f"site/leak.json{NBSP}: valeur privée «{NBSP}Jeanne Testard{NBSP}» "
                   "(2026-001 requester.name, 2026-003 requester.name)\n")
    assert err.startswith(f"tandem audit{NBSP}: 1 valeur privée trouvée dans ")


def _rebuild_with_contact_line(tmp_path: Path, line: str) -> tuple[Path, dict[Path, bytes], int, str, str]:
    """Build the mini programme with a copy of the templates, add `line` to the contact page
    template, build again: the site, its files before, and the second build's result."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    site = root / "site"
    args = ["build", "--content", str(MINI), "--site-dir", str(site), "--config",
            str(root / "mkdocs.yml")]
    assert run(*args)[0] == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with (root / "site_templates" / "pages" / "contact.md.j2").open("a", encoding="utf-8") as f:
        f.write(line)
    return site, before, *run(*args)


def test_build_refuses_a_leaking_template(tmp_path: Path) -> None:
    """A private value that reaches the pages by any path is caught by the build's audit."""
    site, before, code, out, err = _rebuild_with_contact_line(tmp_path, "Merci à Paul Essaimé.\n")
    assert code == 1
    assert out == (f"site/contact/index.html{NBSP}: valeur privée «{NBSP}Paul Essaimé{NBSP}» "
                   "(2026-001 responses.name)\n"
                   f"site/search/search_index.json{NBSP}: valeur privée «{NBSP}Paul Essaimé{NBSP}» "
                   "(2026-001 responses.name)\n")
    assert err == (f"tandem build{NBSP}: audit{NBSP}: 2 valeurs privées trouvées dans le site "
                   "construit\u202f; rien n’a été publié\n")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_build_refuses_a_template_that_loads_from_another_site(tmp_path: Path) -> None:
    """Whatever path it takes (here a template), a third-party request fails the build."""
    site, before, code, out, err = _rebuild_with_contact_line(
        tmp_path, '\n<img alt="" src="https://cdn.example.net/pixel.gif">\n\n'
                  '<a href="https://www.example.net/">Un lien, pas une requête</a>\n')
    assert code == 1
    assert out == (f"site/contact/index.html{NBSP}: ferait charger «{NBSP}https://cdn.example.net/"
                   f"pixel.gif{NBSP}», une adresse d’un autre site{NBSP}: le site public ne charge "
                   "rien d’ailleurs\n")
    assert err == (f"tandem build{NBSP}: audit{NBSP}: 1 adresse d’un autre "
                   "site dans le site construit\u202f; rien n’a été publié\n")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_audit_names_what_a_page_would_load_from_another_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("build", "--content", str(MINI), "--site-dir", str(site))[0] == 0
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</head>", '<link rel="stylesheet" href="//fonts.example.net/a.css"></head>'), encoding="utf-8")
    code, out, err = run("audit", "--content", str(MINI), str(site))
    assert code == 1
    assert out == (f"site/index.html{NBSP}: ferait charger «{NBSP}//fonts.example.net/a.css{NBSP}», "
                   f"une adresse d’un autre site{NBSP}: le site public ne charge rien d’ailleurs\n")
    assert err.startswith(f"tandem audit{NBSP}: 1 adresse d’un autre site "
                          "dans ")


def test_check_reads_programme_pages(tmp_path: Path) -> None:
    leaky = make_content(tmp_path, {"pages/programme.md": "# Le programme\n\nAvec Paul Essaimé.\n"})
    code, out, _ = run("check", "--content", str(leaky))
    assert code == 1
    assert out == (f"{leaky}/pages/programme.md:3: la page contient «{NBSP}Paul Essaimé{NBSP}», "
                   f"valeur privée de la demande 2026-001 (responses.name)\n")


@pytest.mark.parametrize("folder", ["content", ".", "site_templates"])
def test_audit_refuses_a_folder_that_is_not_a_built_site(folder: str) -> None:
    code, out, err = run("audit", folder)
    assert (code, out) == (1, "")
    assert err == (f"tandem audit{NBSP}: {folder}/ n’est pas un site construit par tandem (pas de "
                   f"fichier .tandem-site){NBSP}: indiquez le dossier du site construit, par exemple "
                   f"site/{NNBSP}; rien n’a été audité\n")
