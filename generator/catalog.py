"""Read every content file and validate it against the schema, problems in French.

`load(content_dir)` gathers everything first; nothing is ever written here.
"""

from __future__ import annotations

import difflib
import hashlib
import inspect
import os
import re
import typing
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from generator import overlay
from generator.errors import Problem, display_path
from generator.fold import fold
from generator.models import BINOME_ID, REQUEST_ID, Binome, Directory, Member, Request, Settings
from generator.privacy import WORD_PARTS, NarrowIndex, PrivateIndex, Vocabulary, build_index
from generator.reader import Document, Loc, read_markdown, read_text, read_yaml

if TYPE_CHECKING:
    from generator.cache import ReadCache

SETTINGS_FILE = "programme.yml"
DIRECTORY_FILE = "members.yml"
PAGES_DIR = "pages"
HOME_PAGE = "index.md"
REQUESTS_DIR = "requests"
BINOMES_DIR = "binomes"
CONTENT_SUFFIX = ".md"

#: What editors and systems leave beside the files (Emacs and LibreOffice locks, backups,
#: vim swap files, Finder metadata and its "._" twins, Windows metadata, git placeholders):
#: ignored on purpose.
_LEFTOVER = re.compile(r"\.#.*|\._.*|.*~|\..*\.sw[a-p]|#.*#|\.~lock\..*#|~\$.*|\.DS_Store|"
                       r"\.gitkeep|\.gitignore|\.keep|Thumbs\.db|desktop\.ini", re.IGNORECASE)
#: Text files that were probably meant as content, under another extension.
_TEXT_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".txt", ".yml", ".yaml", ".text", ""}
#: Names people give the files and folders tandem reads, folded (see `fold`).
_MEANT = {"programme.yml": SETTINGS_FILE, "programme.yaml": SETTINGS_FILE,
          "program.yml": SETTINGS_FILE, "program.yaml": SETTINGS_FILE,
          "members.yml": DIRECTORY_FILE, "members.yaml": DIRECTORY_FILE,
          "membres.yml": DIRECTORY_FILE, "membres.yaml": DIRECTORY_FILE,
          "requests": REQUESTS_DIR, "request": REQUESTS_DIR, "demandes": REQUESTS_DIR,
          "binomes": BINOMES_DIR, "binome": BINOMES_DIR, "pages": PAGES_DIR}


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Record(Generic[M]):
    """A validated model and the document it came from."""

    model: M
    doc: Document

    @property
    def body(self) -> str:
        return self.doc.body


@dataclass
class Catalog:
    """All the content of a programme, read and validated."""

    root: Path
    settings: Settings
    settings_doc: Document
    directory: Directory = field(default_factory=Directory)
    requests: list[Record[Request]] = field(default_factory=list)
    binomes: list[Record[Binome]] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)
    directory_doc: Document | None = None
    #: Files that were read but failed the schema: still cited, to avoid cascades.
    invalid: list[Document] = field(default_factory=list)
    #: The index the public-text rules scan with (see `checks.run_checks`); None: the whole.
    text_index: NarrowIndex | None = None

    @property
    def scan_index(self) -> PrivateIndex | NarrowIndex:
        return self.text_index if self.text_index is not None else self.check_index

    @cached_property
    def requests_by_id(self) -> dict[str, Record[Request]]:
        return {r.model.id: r for r in self.requests}

    @cached_property
    def directory_names(self) -> dict[str, Member]:
        """The directory's members by name as written (computed once, not per record)."""
        return {m.name: m for m in self.directory.members}

    @cached_property
    def site_pages(self) -> frozenset[str]:
        """The pages of the docs tree (see `routes`) a public text may link to."""
        from generator import routes
        from generator.review.files import commentary_files

        pages = {routes.HOME, routes.CALLS, routes.PROPOSE, routes.CONTACT, routes.RSS_FEED,
                 routes.JSON_FEED}
        pages |= {page.file for page in self.settings.pages}
        pages |= {routes.theme_page(key) for key in self.settings.themes}
        pages |= {routes.call_page(r.model.id) for r in self.requests
                  if r.model.published is not None and r.model.status != "draft"}
        years = commentary_files(self.root)[0]
        if years:
            pages.add(routes.REVIEWS_INDEX)
            pages |= {routes.review_page(year) for year in years}
        return frozenset(pages)

    @cached_property
    def own_host(self) -> str:
        """The public site's host: addresses on it are the site's own."""
        from generator.weblinks import parse_url

        site_url = getattr(self.settings, "site_url", None)
        return parse_url(site_url).host if isinstance(site_url, str) else ""

    @cached_property
    def private_index(self) -> PrivateIndex:
        """Every private value of the programme (see `public.private_values`), as the audit
        of the built site looks for them: whole, and the parts that are not common words."""
        return self.index_for(skip_parts=WORD_PARTS)

    @cached_property
    def check_index(self) -> PrivateIndex:
        """Every private value and every part of one, as `tandem check` looks for them."""
        return self.index_for()

    def index_key(self, keep: Vocabulary) -> str:
        """What `index_for(keep)` depends on, as a digest: the same digest, the same index."""
        from generator.public import private_values, public_domains

        digest = hashlib.blake2b(digest_size=32)
        for part in (sorted(keep.words), sorted(map("\x1f".join, keep.runs)),
                     sorted(public_domains(self.settings)),
                     list(getattr(self.settings, "public_phrases", ()))):
            digest.update("\x1e".join(part).encode() + b"\x1d")
        for value, public in private_values(self):
            digest.update(f"{value.text}\x1f{value.record}\x1f{value.field}\x1f".encode())
            if public:
                digest.update("\x1f".join(public).encode())
            digest.update(b"\x1e")
        return digest.hexdigest()

    def index_for(self, keep: Vocabulary | None = None,
                  skip_parts: frozenset[str] = frozenset()) -> PrivateIndex:
        """The private index, restricted to what could be found in `keep`'s words if given."""
        from generator.public import private_values, public_domains

        phrases = getattr(self.settings, "public_phrases", ())
        return build_index(private_values(self), public_domains(self.settings), phrases, keep,
                           skip_parts)


def _folded_slug(text: str) -> str:
    """« Intelligence économique » → 'intelligence-economique'."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def vocabulary_problem(value: str, vocabulary: dict[str, str], word: str, words: str) -> str:
    """'thème inconnu « x » (vouliez-vous dire « y » ?) ; thèmes possibles : a, b'.

    The value is compared, without accents, case or punctuation, with the ids and the
    labels: « Intelligence économique » means `intelligence-economique`.
    """
    folded = {_folded_slug(key): key for key in vocabulary}
    folded.update({_folded_slug(label): key for label, key in
                   ((label, key) for key, label in vocabulary.items()) if _folded_slug(label)})
    written = _folded_slug(value)
    meant = folded.get(written)
    if meant is None:
        close = difflib.get_close_matches(written, list(folded), n=1, cutoff=0.6)
        meant = folded[close[0]] if close else None
    hint = f" (vouliez-vous dire « {meant} » ?)" if meant else ""
    feminine = "e" if word.endswith("ion") else ""
    return f"{word} inconnu{feminine} « {value} »{hint} ; {words} possibles : {', '.join(vocabulary)}"


def close_match(value: str, choices: typing.Iterable[str]) -> str:
    """' (vouliez-vous dire « x » ?)' when a choice is close to `value`."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {match[0]} » ?)" if match else ""


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel] | None, loc: Loc) -> type[BaseModel] | None:
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _inner_model(info.annotation) if info else None
    return model


def _field_name(loc: Loc) -> str:
    return ".".join(str(p) for p in loc if isinstance(p, str))


def _message(err: Any, loc: Loc, doc: Document, model: type[BaseModel]) -> str:
    kind, name = err["type"], _field_name(loc)
    raw = doc.raw.get(loc, str(err.get("input")))
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"champ obligatoire « {name} » manquant"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        known = parent.model_fields if parent else {}
        return f"clé inconnue « {loc[-1]} »" + close_match(str(loc[-1]), known)
    if kind == "literal_error":
        allowed = [a for a in ctx.get("expected", "").split("'") if a.strip(" ,or")]
        return (f"« {name} » : valeur inconnue « {raw} »" + close_match(raw, allowed)
                + f" ; valeurs possibles : {', '.join(allowed)}")
    if kind == "tandem":
        return f"« {name} » " + str(err["msg"]).replace("{raw}", raw)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"« {name} » doit être un ensemble de champs « clé: valeur »"
    if kind == "list_type":
        return f"« {name} » doit être une liste, par exemple [a, b]"
    if kind == "too_short":
        return f"« {name} » doit contenir au moins {ctx.get('min_length', 1)} élément"
    if kind == "greater_than_equal":
        return f"« {name} » doit être supérieur ou égal à {ctx['ge']}, reçu « {raw} »"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"« {name} » doit être un nombre entier, reçu « {raw} »"
    if kind in ("string_type", "bool_type", "date_type"):
        return f"« {name} » a un type incorrect, reçu « {raw} »"
    return f"« {name} » : valeur invalide « {raw} » ({err['msg']})"


def validate(doc: Document, model: type[M],
                           extra: dict[str, Any] | None = None) -> tuple[M | None, list[Problem]]:
    """The document as `model`, or its problems with their lines."""
    try:
        return model.model_validate({**doc.data, **(extra or {})}), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if p != "[key]")
            line = doc.line(loc)
            problems.append(Problem(doc.shown, line, _message(err, loc, doc, model)))
        return None, problems


def _read_records(folder: Path, model: type[M], problems: list[Problem],
                  invalid: list[Document], cache: ReadCache | None) -> list[Record[M]]:
    records = []
    read = cache.read_markdown if cache is not None else read_markdown
    for path in _content_files(folder, problems):
        doc, found = read(path)
        problems.extend(found)
        if doc is not None:
            obj, found = validate(doc, model)
            misplaced = _misplaced(doc, model) if obj is None else None
            problems.extend([misplaced] if misplaced else found)
            if obj is not None:
                records.append(Record(obj, doc))
            elif misplaced is None:
                invalid.append(doc)
    return records


def _misplaced(doc: Document, model: type[BaseModel]) -> Problem | None:
    """A request among the binômes, or a binôme among the requests: one problem, not twenty."""
    record_id = doc.data.get("id")
    if not isinstance(record_id, str):
        return None
    if model is Binome and REQUEST_ID.fullmatch(record_id):
        return Problem(doc.shown, doc.line(("id",)), f"{record_id} est une demande : déplacez "
                                                     f"ce fichier dans le dossier {REQUESTS_DIR}/")
    if model is Request and BINOME_ID.fullmatch(record_id):
        return Problem(doc.shown, doc.line(("id",)), f"{record_id} est un binôme : déplacez "
                                                     f"ce fichier dans le dossier {BINOMES_DIR}/")
    return None


def _content_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The `.md` files of a folder, in order; anything else in it is a problem or a leftover.

    One directory read (its entries' types come with it): a file named like content
    that is not a regular file is reported when it is read (see `reader.read_bytes`).
    """
    root = folder.parent
    if os.path.islink(folder) and _outside(folder, root):
        problems.append(Problem(display_path(folder), 1, _outside(folder, root) or ""))
        return []
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except FileNotFoundError:
        return []
    except OSError as err:
        problems.append(Problem(display_path(folder), 1, _folder_problem(err)))
        return []
    paths = []
    for entry in entries:
        path = Path(entry.path)
        try:  # the entry's type comes with the listing: no system call in the usual case
            problem = _entry_problem(entry, folder.name)
            if problem is None and entry.is_symlink():
                problem = _outside(path, root)
        except OSError:  # its type cannot be known: reading it will say why
            problem = None
        if problem is None:
            paths.append(path)
        elif problem:
            problems.append(Problem(display_path(path), 1, problem))
    return overlay.listed(folder, paths)  # an edit's new and deleted files


def _folder_problem(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "lecture du dossier refusée : vous n’avez pas le droit de le lire (vérifiez ses droits)"
    if isinstance(err, NotADirectoryError):
        return "devrait être un dossier, c’est un fichier"
    return f"dossier illisible (erreur système {err.errno})"


def _entry_problem(entry: os.DirEntry[str], folder: str) -> str | None:
    """Why an entry of requests/ or binomes/ is not read: None to read it, "" to ignore it."""
    name = entry.name
    if _LEFTOVER.fullmatch(name):
        return ""
    stem, suffix = os.path.splitext(name)
    if suffix == CONTENT_SUFFIX:
        return None
    if entry.is_dir(follow_symlinks=False):
        return (f"dossier non lu : tandem ne lit pas les sous-dossiers de {folder}/ "
                "(déplacez ses fichiers dans le dossier lui-même)")
    if suffix.lower() in _TEXT_SUFFIXES:
        return (f"fichier non lu : tandem ne lit que les fichiers « {CONTENT_SUFFIX} » "
                f"(renommez-le « {stem}{CONTENT_SUFFIX} »)")
    return (f"fichier non lu : le dossier {folder}/ ne contient que des fichiers "
            f"« {CONTENT_SUFFIX} » (déplacez celui-ci hors du dossier de contenu)")


def _outside(path: Path, root: Path) -> str | None:
    """A symbolic link leading out of the content folder is refused: what it shows
    would not be the programme's (and could be anything on the machine)."""
    target = Path(os.path.realpath(path))
    if target.is_relative_to(os.path.realpath(root)):
        return None
    kind = "dossier" if os.path.isdir(path) else "fichier"
    return (f"lien symbolique vers un {kind} hors du dossier de contenu : refusé "
            f"(copiez le {kind} dans le dossier)")


def _misnamed(root: Path, problems: list[Problem]) -> None:
    """Files and folders named almost like the ones tandem reads (`programme.yaml`,
    `Requests/`, `binômes/`) would be silently skipped: each one is a problem."""
    try:
        with os.scandir(root) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as err:
        problems.append(Problem(display_path(root), 1, _folder_problem(err)))
        return
    for name in names:
        meant = _MEANT.get(fold(name))
        if meant and meant != name:
            kind = "dossier" if "." not in meant else "fichier"
            problems.append(Problem(display_path(root / name), 1,
                                    f"{kind} non lu : renommez-le « {meant} », le seul "
                                    "nom que tandem lit"))


def _exists(path: Path, root: Path, problems: list[Problem]) -> bool:
    """True when `path` is there (even as a broken link, which reading reports) and
    does not lead out of the content folder."""
    if not os.path.lexists(path):
        return False
    outside = _outside(path, root)  # the file, or its folder (pages/), may be a link
    if outside:
        problems.append(Problem(display_path(path), 1, outside))
        return False
    return True


def _read_settings(root: Path, problems: list[Problem]) -> tuple[Settings, Document] | None:
    path = root / SETTINGS_FILE
    if not os.path.lexists(path):
        problems.append(Problem(display_path(path), 1, "fichier de réglages du programme "
                                                       "introuvable"))
        return None
    if not _exists(path, root, problems):
        return None
    doc, found = read_yaml(path)
    problems.extend(found)
    if doc is None:
        return None
    settings, found = validate(doc, Settings)
    problems.extend(found)
    return (settings, doc) if settings else None


def _fallback_doc(root: Path) -> Document | None:
    path = root / SETTINGS_FILE
    return read_yaml(path)[0] if _exists(path, root, []) else None


def _fallback_settings(doc: Document) -> Settings:
    """Settings good enough to check the records when programme.yml itself has problems.

    Only the vocabularies are kept, and only when they are plain mappings of text.
    """
    def vocabulary(key: str) -> dict[str, str]:
        value = doc.data.get(key)
        ok = isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        return {str(k): v for k, v in value.items()} if ok else {}  # type: ignore[union-attr]

    fields: dict[str, Any] = {"themes": vocabulary("themes"), "roles": vocabulary("roles"),
                              "pages": []}
    return Settings.model_construct(**fields)


def _read_directory(root: Path, problems: list[Problem]) -> tuple[Directory, Document | None]:
    path = root / DIRECTORY_FILE
    if not _exists(path, root, problems):
        return Directory(), None
    doc, found = read_yaml(path)
    problems.extend(found)
    if doc is None:
        return Directory(), None
    directory, found = validate(doc, Directory)
    problems.extend(found)
    return directory or Directory(), doc


def _read_pages(root: Path, settings: Settings, problems: list[Problem],
                doc: Document) -> dict[str, str]:
    pages = {}
    wanted = [(HOME_PAGE, ("pages",))] + [(p.file, ("pages", i, "file"))
                                          for i, p in enumerate(settings.pages)]
    for name, loc in wanted:
        path = root / PAGES_DIR / name
        if not os.path.lexists(path):
            problems.append(Problem(doc.shown, doc.line(loc),
                                    f"page introuvable : {display_path(path)}"))
        elif _exists(path, root, problems):
            text, found = read_text(path, display_path(path), empty_ok=True)
            problems.extend(found)
            pages[name] = text or ""
    return pages


def load(root: Path, cache: ReadCache | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Read and validate every content file under `root`; all problems at once.

    With a `cache`, requests and binômes unchanged since it was saved are not parsed
    again (see `generator.cache`); it is saved once they are all read.
    """
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(display_path(root), 1, "dossier de contenu introuvable")]
    _misnamed(root, problems)
    found = _read_settings(root, problems)
    directory, directory_doc = _read_directory(root, problems)
    invalid: list[Document] = []
    requests = _read_records(root / REQUESTS_DIR, Request, problems, invalid, cache)
    binomes = _read_records(root / BINOMES_DIR, Binome, problems, invalid, cache)
    if cache is not None:
        cache.save()
    if found is None:
        settings_doc = _fallback_doc(root)
        if settings_doc is None:
            return None, problems
        settings, pages = _fallback_settings(settings_doc), {}
    else:
        settings, settings_doc = found
        pages = _read_pages(root, settings, problems, settings_doc)
    catalog = Catalog(root, settings, settings_doc, directory, requests, binomes, pages,
                      directory_doc, invalid)
    return catalog, problems
