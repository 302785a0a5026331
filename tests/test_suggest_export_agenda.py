"""`tandem suggest`, `tandem export`, `tandem agenda`: exact messages, files read back
(CSV with the csv module as Excel-French writes it, the .ics with icalendar)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from test_status import programme, reply, request

from conftest import MINI, ROOT, make_content, relative
from generator.cli import cli

NBSP, NNBSP = "\u00a0", "\u202f"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def spaced(text: str) -> str:
    """The text with French no-break spaces made plain, to write expectations legibly."""
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# --- suggest ----------------------------------------------------------------------------

MEMBERS = """\
members:
  - name: Pôle Quarzeo
    aliases: [PQZ]
    domains: [quarzeo.example.org]
    region: Bretagne
    themes: [intelligence-economique, modele-economique]
  - name: Cluster Brivalon
    domains: [brivalon.example.org]
    region: Occitanie
    themes: [intelligence-economique, modele-economique]
  - name: Cluster Ondéa
    domains: [ondea.example.org]
    region: Occitanie
    themes: [modele-economique]
  - name: Grappe Arvalis
    domains: [arvalis.example.org]
    region: Bretagne
    themes: [intelligence-economique]
  - name: Réseau Zéphyr
    domains: [zephyr.example.org]
    region: Normandie
    themes: [modele-economique, intelligence-economique, gestion-equipe]
  - name: Pôle Sansthème
    domains: [sanstheme.example.org]
  - name: Cluster Équipia
    domains: [equipia.example.org]
    themes: [gestion-equipe]
"""


def suggest_programme(tmp: Path, status: str = "open") -> Path:
    # The requester under the member's alias; the reply under a name the directory does not
    # know, from the member's domain: both recognised, both left out.
    late = {**reply(dt.date(2026, 3, 5)), "organisation": "Brivalon (cluster)",
            "email": "paul.essaime@brivalon.example.org"}
    fields = {"responses": [late]} if status == "open" else {}
    path, text = request(1, status, received=dt.date(2026, 3, 1),
                         themes=["intelligence-economique", "modele-economique"], **fields)
    content = programme(tmp, (path, text.replace("organisation: Pôle Quarzeo",
                                                 "organisation: PQZ")))
    (content / "members.yml").write_text(MEMBERS, encoding="utf-8")
    return content


def test_suggest_best_first_with_why(tmp_path: Path) -> None:
    content = suggest_programme(tmp_path)
    code, out, err = run("suggest", "2026-001", "--content", str(content))
    assert (code, err) == (0, "")
    assert spaced(out).splitlines() == [
        "tandem suggest : 3 adhérents pour 2026-001 « Demande numéro 1 » (Intelligence "
        "économique, Modèle économique), du plus proche au moins proche",
        "  1. Réseau Zéphyr : 2 thèmes en commun (Intelligence économique, Modèle économique) "
        "; région : Normandie",
        "  2. Grappe Arvalis : 1 thème en commun (Intelligence économique) ; même région : Bretagne",
        "  3. Cluster Ondéa : 1 thème en commun (Modèle économique) ; région : Occitanie",
    ]


def test_suggest_a_draft_too(tmp_path: Path) -> None:
    content = suggest_programme(tmp_path, "draft")
    out = run("suggest", "2026-001", "--content", str(content))[1]
    assert "Cluster Brivalon" in out and "Pôle Quarzeo" not in out  # nobody replied yet


def test_suggest_when_nobody_fits(tmp_path: Path) -> None:
    content = suggest_programme(tmp_path)
    (content / "members.yml").write_text(MEMBERS.split("  - name: Cluster Ondéa")[0],
                                         encoding="utf-8")
    assert run("suggest", "2026-001", "--content", str(content)) == (
        0, f"tandem suggest{NBSP}: aucun adhérent de l’annuaire (members.yml) ne déclare l’un "
           f"des thèmes de 2026-001 (Intelligence économique, Modèle économique), en dehors de "
           f"l’organisation qui demande et de celles qui ont déjà répondu\n", "")


@pytest.mark.parametrize(("request_id", "message"), [
    ("2026-009", "demande inconnue « 2026-009 » (les derniers : 2026-001, 2026-002, 2026-003)"),
    ("2026-B01", "demande inconnue « 2026-B01 » (les derniers : 2026-001, 2026-002, 2026-003)"),
    ("2026-002", "2026-002 est « binôme formé » (matched) : on ne peut chercher des adhérents "
                 "pour une demande que si son état est « brouillon » (draft) ou « appel ouvert » "
                 "(open)"),
])
def test_suggest_refusals(request_id: str, message: str) -> None:
    before = tree_hash(MINI)
    code, out, err = run("suggest", request_id, "--content", str(MINI))
    assert (code, out, spaced(err)) == (1, "", f"tandem suggest : {message}\n")
    assert tree_hash(MINI) == before


# --- export -----------------------------------------------------------------------------

WARNING = ("Attention : ces fichiers contiennent des données personnelles (noms, adresses, "
           "téléphones, notes) et les demandes confidentielles. Ne les publiez pas, ne les "
           "ajoutez pas au dépôt, ne les partagez qu’avec qui en a besoin et supprimez-les "
           "après usage.")


def export(content: Path, out: Path, *more: str) -> tuple[int, str, str]:
    return run("export", "--content", str(content), "--out", str(out), "--today", "2026-04-01",
               *more)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def expiring_in_june(tmp_path: Path) -> Path:
    """The mini programme with its open call's `expires` on 30 June 2026."""
    veille = "requests/2026-001-veille.md"
    text = (MINI / veille).read_text(encoding="utf-8")
    return make_content(tmp_path, {veille: text.replace("expires: 2099-06-30",
                                                         "expires: 2026-06-30")})


def test_export_csv_as_french_excel_opens_it(tmp_path: Path) -> None:
    content = expiring_in_june(tmp_path)
    out = tmp_path / "exports"
    code, stdout, err = export(content, out)
    names = ["demandes", "reponses", "binomes"]
    paths = [out / f"{name}-2026-04-01.csv" for name in names]
    assert (code, err) == (0, "")
    assert spaced(stdout).splitlines() == [
        "tandem export : 3 demandes, 2 réponses, 1 binôme, 3 fichiers CSV écrits :",
        *(f"  {relative(path)}" for path in paths), WARNING]
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, accents intact
        rows = read_csv(path)
        # Every row ends with CRLF; a bare LF is only ever inside a quoted cell.
        assert data.count(b"\r\n") == len(rows)
        assert data.replace(b"\r\n", b"").count(b"\n") == sum(c.count("\n") for r in rows for c in r)
    requests = read_csv(paths[0])
    assert requests[0] == [
        "id", "titre", "état", "confidentielle", "reçue", "publiée", "fermée", "date limite",
        "thèmes", "format", "fonction", "demandeur organisation", "demandeur nom",
        "demandeur courriel", "demandeur téléphone", "réponses", "notes"]
    assert requests[1] == [
        "2026-001", "Mettre en place une cellule de veille", "open", "non", "2026-02-10",
        "2026-02-14", "", "2026-06-30", "intelligence-economique", "ponctuel", "direction",
        "Pôle Quarzeo", "Jeanne Testard", "jeanne.testard@example.org",
        "'+33 6 12 34 56 78", "1",
        "Message d'origine reçu par courriel, à anonymiser avant publication.\n"]
    assert [row[0] for row in requests[1:]] == ["2026-001", "2026-002", "2026-003"]
    assert requests[2][3] == "oui"  # 2026-002 is confidential: the coordinator's own export
    replies = read_csv(paths[1])
    assert replies[0] == ["demande", "numéro", "titre de la demande", "organisation", "nom",
                          "courriel", "téléphone", "reçue", "transmise", "note"]
    assert replies[1] == ["2026-001", "1", "Mettre en place une cellule de veille",
                          "Cluster Brivalon", "Paul Essaimé", "paul.essaime@example.org", "",
                          "2026-02-20", "", "A créé une cellule de veille en 2019."]
    pairs = read_csv(paths[2])
    assert dict(zip(pairs[0], pairs[1], strict=True)) | {} == {
        "id": "2026-B01", "demande": "2026-002", "état": "active", "formé": "2026-02-01",
        "terminé": "", "mentor organisation": "Pôle Quarzeo", "mentor nom": "Lise Volontin",
        "mentor courriel": "lise.volontin@example.org", "mentor téléphone": "",
        "mentoré organisation": "Cluster Brivalon", "mentoré nom": "Marc Demandier",
        "mentoré courriel": "marc.demandier@example.org", "mentoré téléphone": "",
        "objectifs": "Trois rituels d'équipe à essayer", "rythme": "mensuelle",
        "durée": "six mois", "points d’étape": "1", "dernier point": "2026-03-02",
        "prochain point": "2026-04-15", "note mentor": "", "note mentoré": "",
        "accord pour être cité": "non"}


@pytest.mark.parametrize("value", ["=SOMME(A1:A9)", "+33 6", "-2", "@import", "\tonglet"])
def test_export_never_lets_a_spreadsheet_run_a_cell(tmp_path: Path, value: str) -> None:
    note = f"{value} reçu par courriel"
    text = (MINI / "requests" / "2026-001-veille.md").read_text(encoding="utf-8")
    content = make_content(tmp_path, {"requests/2026-001-veille.md": text.replace(
        "A créé une cellule de veille en 2019.", json.dumps(note, ensure_ascii=False))})
    assert export(content, tmp_path / "out")[0] == 0
    replies = read_csv(tmp_path / "out" / "reponses-2026-04-01.csv")
    assert replies[1][-1] == "'" + note


def test_export_json_for_scripts(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    out = tmp_path / "exports"
    code, stdout, _ = export(content, out, "--format", "json")
    assert code == 0 and "3 fichiers JSON écrits" in stdout
    requests = json.loads((out / "demandes-2026-04-01.json").read_text(encoding="utf-8"))
    assert requests[0]["id"] == "2026-001" and requests[0]["themes"] == ["intelligence-economique"]
    assert requests[0]["published"] == "2026-02-14" and requests[0]["closed"] is None
    assert requests[1]["confidential"] is True
    assert requests[0]["requester_phone"] == "+33 6 12 34 56 78"  # JSON is not a spreadsheet
    pairs = json.loads((out / "binomes-2026-04-01.json").read_text(encoding="utf-8"))
    assert pairs[0]["checkins"] == 1 and pairs[0]["next_checkin"] == "2026-04-15"
    replies = json.loads((out / "reponses-2026-04-01.json").read_text(encoding="utf-8"))
    assert [(r["request"], r["number"]) for r in replies] == [("2026-001", 1), ("2026-002", 1)]


def test_export_never_overwrites(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    out = tmp_path / "exports"
    export(content, out)
    first = (out / "demandes-2026-04-01.csv").read_bytes()
    code, stdout, _ = export(content, out)
    assert code == 0 and f"  {relative(out / 'demandes-2026-04-01-2.csv')}" in stdout
    assert (out / "demandes-2026-04-01.csv").read_bytes() == first
    assert (out / "demandes-2026-04-01-2.csv").read_bytes() == first


@pytest.mark.parametrize(("folder", "what", "public"), [
    ("content", "du contenu", "content"),
    ("content/requests/x", "du contenu", "content"),
    ("site", "du site", "site"),
    ("site/exports", "du site", "site"),
    (".site.tandem/x", "de travail du site", ".site.tandem"),
])
def test_export_refused_where_it_would_be_published(tmp_path: Path, folder: str, what: str,
                                                    public: str) -> None:
    content = make_content(tmp_path)
    (tmp_path / "site").mkdir()
    before = tree_hash(tmp_path)
    out = tmp_path / folder
    code, stdout, err = run("export", "--content", str(content), "--out", str(out),
                            "--site-dir", str(tmp_path / "site"))
    assert (code, stdout) == (1, "")
    assert spaced(err) == (
        f"tandem export : {relative(out)}/ est dans le dossier {what} "
        f"({relative(tmp_path / public)}/) : ce fichier contient des données privées, "
        "choisissez un autre dossier (--outbox) ; rien n’a été écrit\n")
    assert tree_hash(tmp_path) == before


def test_export_refuses_content_with_problems(tmp_path: Path) -> None:
    content = make_content(tmp_path, {"requests/2026-009-x.md": "---\nid: 2026-009\n---\n"})
    code, _, err = export(content, tmp_path / "out")
    assert code == 1 and not (tmp_path / "out").exists()
    assert spaced(err).startswith("tandem export : le contenu a des problèmes, corrigez-les "
                                  "d’abord (tandem check)")


def test_export_format_is_checked() -> None:
    assert run("export", "--content", str(MINI), "--format", "xlsx")[0] == 2


# --- agenda -----------------------------------------------------------------------------


def agenda(content: Path, outbox: Path, today: str = "2026-04-01") -> tuple[int, str, str]:
    return run("agenda", "--content", str(content), "--outbox", str(outbox), "--today", today)


def test_agenda_of_the_follow_ups_parsed_back(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    code, out, err = agenda(expiring_in_june(tmp_path), outbox)
    path = outbox / "agenda-2026-04-01.ics"
    assert (code, err) == (0, "")
    assert spaced(out) == (f"tandem agenda : 3 rendez-vous de suivi dans {relative(path)} (à "
                           "importer dans votre agenda ; les mêmes rendez-vous y sont mis à "
                           "jour, pas ajoutés deux fois)\n")
    calendar = Calendar.from_ical(path.read_bytes())
    events = [(str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend"), spaced(str(e["summary"])))
              for e in calendar.walk("VEVENT")]
    assert events == [
        ("checkin-2026-B01@tandem.example.org", dt.date(2026, 4, 15), dt.date(2026, 4, 16),
         "Binôme 2026-B01 : point d’étape"),
        ("expires-2026-001@tandem.example.org", dt.date(2026, 6, 30), dt.date(2026, 7, 1),
         "Appel 2026-001 : date limite"),
        ("agreement-2026-B01@tandem.example.org", dt.date(2026, 8, 1), dt.date(2026, 8, 2),
         "Binôme 2026-B01 : fin de l’accord"),
    ]
    first = next(iter(calendar.walk("VEVENT")))
    assert spaced(str(first["description"])) == (
        "Point d’étape du binôme 2026-B01 (demande 2026-002) : point prévu le 15 avril 2026. "
        "L’enregistrer : tandem checkin 2026-B01 --note \"…\"")
    stamps = {e.decoded("dtstamp") for e in calendar.walk("VEVENT")}
    assert stamps == {dt.datetime(2026, 4, 1, tzinfo=dt.UTC)}
    text = path.read_text(encoding="utf-8")
    for private in ("Jeanne", "Testard", "Lise", "Volontin", "@example.org", "Quarzeo"):
        assert private not in text  # ids and call titles only


def test_agenda_is_deterministic_and_late_follow_ups_are_today(tmp_path: Path) -> None:
    outbox, content = tmp_path / "outbox", expiring_in_june(tmp_path)
    agenda(content, outbox, "2026-07-10")
    agenda(content, outbox, "2026-07-10")
    first = (outbox / "agenda-2026-07-10.ics").read_bytes()
    assert (outbox / "agenda-2026-07-10-2.ics").read_bytes() == first
    events = {str(e["uid"]): e for e in Calendar.from_ical(first).walk("VEVENT")}
    late = events["checkin-2026-B01@tandem.example.org"]
    assert late.decoded("dtstart") == dt.date(2026, 7, 10)
    assert str(late["description"]).startswith("En retard : prévu le 15 avril 2026.".replace(
        " :", f"{NBSP}:"))
    assert events["expires-2026-001@tandem.example.org"].decoded("dtstart") == dt.date(2026, 7, 10)


def test_agenda_with_nothing_to_follow(tmp_path: Path) -> None:
    content = programme(tmp_path, request(1, published=dt.date(2026, 3, 3)))
    code, out, _ = agenda(content, tmp_path / "outbox")
    assert code == 0 and "0 rendez-vous de suivi" in out
    calendar = Calendar.from_ical((tmp_path / "outbox" / "agenda-2026-04-01.ics").read_bytes())
    assert list(calendar.walk("VEVENT")) == [] and str(calendar["version"]) == "2.0"


def test_agenda_refused_in_the_content(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    before = tree_hash(tmp_path)
    code, out, err = agenda(content, content / "agenda")
    assert (code, out) == (1, "")
    assert spaced(err) == (f"tandem agenda : {relative(content / 'agenda')}/ est dans le dossier "
                           f"du contenu ({relative(content)}/) : ce fichier contient des données "
                           "privées, choisissez un autre dossier (--outbox) ; rien n’a été écrit\n")
    assert tree_hash(tmp_path) == before


def test_the_example_programme_agenda(tmp_path: Path) -> None:
    code, _, _ = agenda(ROOT / "content", tmp_path, "2026-12-01")
    calendar = Calendar.from_ical((tmp_path / "agenda-2026-12-01.ics").read_bytes())
    uids = sorted(str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT"))
    assert code == 0 and uids == [
        "agreement-2026-B01", "checkin-2026-B01", "checkin-2026-B02", "checkin-2026-B03",
        "expires-2026-001", "expires-2026-004", "expires-2026-005", "expires-2026-006",
        "expires-2026-007"]
