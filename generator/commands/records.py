"""What every editing command shares: the content read and checked first, a record found
by its id, the next free id, the member of the directory behind an address, and the
edits written together through the edit module (checked before, all or nothing)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from pathlib import Path

from generator import edit
from generator.catalog import Catalog, Record
from generator.checks import check
from generator.errors import ContentError, Problem, TandemError, display_path
from generator.fold import fold
from generator.models import Binome, Member, Request

STATUS_WORDS = {"draft": "brouillon", "open": "appel ouvert", "matched": "binôme formé",
                "withdrawn": "retirée", "expired": "expirée", "active": "en cours",
                "completed": "terminé", "stopped": "arrêté"}
SLUG_WORDS = 6
#: How the body `tandem new` gives a draft begins (`intake.PLACEHOLDER`): the coordinator
#: replaces it by the anonymised call text; `tandem publish` refuses a body that still
#: holds it, wherever it stands (text written above it and the placeholder left below).
DRAFT_BODY_MARK = "À remplacer par le texte public de l’appel"


ALREADY_INVALID = "le contenu a déjà des problèmes, corrigez-les d’abord (tandem check)"


def checked(content: Path, why: str = ALREADY_INVALID) -> Catalog:
    """The content, read and valid: an edit starts only from content `tandem check` accepts.

    Read through the working folder's read cache, as `tandem check` reads it: the edit's
    own check (through the overlay) then finds the private words already folded."""
    from generator.cache import ReadCache

    catalog, problems = check(content, ReadCache.default(content))
    if problems or catalog is None:
        raise ContentError(problems, why=why)
    return catalog


def request(catalog: Catalog, request_id: str) -> Record[Request]:
    found = catalog.requests_by_id.get(request_id.strip())
    if found is None:
        raise TandemError(f"demande inconnue « {request_id} » ({_known(catalog.requests_by_id)})")
    return found


def binome(catalog: Catalog, binome_id: str) -> Record[Binome]:
    by_id = {b.model.id: b for b in catalog.binomes}
    found = by_id.get(binome_id.strip())
    if found is None:
        raise TandemError(f"binôme inconnu « {binome_id} » ({_known(by_id)})")
    return found


def _known(ids: Mapping[str, object]) -> str:
    if not ids:
        return "il n’y en a aucun"
    latest = sorted(ids)[-3:]
    return "les derniers : " + ", ".join(latest)


def require_status(record: Record[Request] | Record[Binome], allowed: Collection[str],
                   action: str) -> None:
    """Refuse `action` unless the record's status is one of `allowed`, saying which."""
    status = record.model.status
    if status not in allowed:
        wanted = " ou ".join(f"« {STATUS_WORDS[s]} » ({s})" for s in allowed)
        raise TandemError(f"{record.model.id} est « {STATUS_WORDS[status]} » ({status}) : "
                          f"on ne peut {action} que si son état est {wanted}")


def next_request_id(catalog: Catalog, year: int) -> str:
    """'2026-011': one more than the highest number of the year (never reuses a number)."""
    return f"{year}-{_next_number(catalog.requests, f'{year}-', 3):03d}"


def next_binome_id(catalog: Catalog, year: int) -> str:
    """'2026-B04'."""
    return f"{year}-B{_next_number(catalog.binomes, f'{year}-B', 2):02d}"


def _next_number(records: list[Record[Request]] | list[Record[Binome]], prefix: str,
                 digits: int) -> int:
    numbers = [int(r.model.id[len(prefix):]) for r in records if r.model.id.startswith(prefix)
               and r.model.id[len(prefix):].isdigit()]
    number = max(numbers, default=0) + 1
    if number >= 10 ** digits:
        raise TandemError(f"plus aucun numéro libre pour {prefix}… ({10 ** digits - 1} utilisés)")
    return number


def file_name(record_id: str, title: str) -> str:
    """'2026-011-premier-projet-europeen.md': the id, then a few words of the title."""
    words = re.findall(r"[a-z0-9]+", fold(title))[:SLUG_WORDS]
    return "-".join([record_id, *words]) + ".md"


def member_of(catalog: Catalog, address: str) -> Member | None:
    """The member of the directory whose domain is the address's (or a parent of it)."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    if not domain:
        return None
    for member in catalog.directory.members:
        for known in member.domains:
            known = known.strip().lower().rstrip(".")
            if domain == known or domain.endswith("." + known):
                return member
    return None


def save(content: Path, edits: Mapping[Path, str | None]) -> list[Path]:
    """Write `edits` (paths inside `content`) if the content stays valid; else nothing.

    Returns the written paths. Refused with the problems `tandem check` would find."""
    from generator.cache import ReadCache

    # The read cache answers for every file but the edited ones (`overlay.edited`).
    problems = edit.apply_edits(content, edits, ReadCache.default(content))
    if problems:
        raise ContentError(_lines_on_disk(problems, content, edits),
                           why="le contenu serait invalide après cette modification")
    return [content / path for path in edits]


def _lines_on_disk(problems: list[Problem], content: Path,
                   edits: Mapping[Path, str | None]) -> list[Problem]:
    """The problems of an edited file at the line the coordinator finds on disk, where the
    edit left that line as it was (a line the edit adds keeps its number in the new text):
    a field added above the call text would otherwise shift every line of it by one."""
    moved: dict[str, dict[int, int]] = {}
    for path, text in edits.items():
        target = content / path
        if text is None or not target.is_file():
            continue
        old = target.read_text(encoding="utf-8", errors="replace").splitlines()
        same = difflib.SequenceMatcher(a=text.splitlines(), b=old, autojunk=False)
        moved[display_path(target)] = {block.a + k + 1: block.b + k + 1
                                       for block in same.get_matching_blocks()
                                       for k in range(block.size)}
    return [Problem(p.path, moved[p.path].get(p.line, p.line), p.message)
            if p.path in moved else p for p in problems]


def is_draft_body(body: str) -> bool:
    """No call text written yet: the body is empty, or still holds the draft's placeholder."""
    return not body.strip() or DRAFT_BODY_MARK in body


def shown(path: Path) -> str:
    return display_path(path)
