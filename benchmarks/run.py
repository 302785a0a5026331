"""Benchmark of tandem on generated programmes of growing size (SPEC §10).

    python benchmarks/run.py [--quick] [--edit-only] [--work DIR] [--keep]

Every figure is a whole process, timed from its start to its exit on this
machine, in one run: the median of several runs (5 for small programmes, 3
for big ones) of the wall-clock time, with the CPU time (user + system) of
the same runs and the peak memory (max RSS) of the process. Beside tandem's
commands stand their floors: a bare parse of the same front matters with
PyYAML's C loader, and the site engine alone (`mkdocs build` on the docs tree
and configuration tandem generated). One editing command, `tandem checkin`
(a check-in appended to an active pair: read and check the content, edit one
file, check the content again with the edit, write), is timed beside `check`
(the issue wants an edit within 2× of a check); `--edit-only` times only
those two. Prints a Markdown table, and writes it with the raw figures into the
work folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TANDEM = str(BIN / "tandem")
MKDOCS = str(BIN / "mkdocs")
PYTHON = sys.executable
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import TODAY, generate, split_files  # noqa: E402


@dataclass(frozen=True)
class Programme:
    name: str
    files: int
    open_calls: int
    runs: int


PROGRAMMES = [
    Programme("p100", 100, 20, 5),
    Programme("p1000", 1000, 100, 5),
    Programme("p3000", 3000, 100, 3),
    Programme("p3000-1000", 3000, 1000, 3),
]
QUICK = [Programme("p100", 100, 20, 3), Programme("p1000", 1000, 100, 3)]


@dataclass
class Figure:
    """Several runs of one command: wall and CPU seconds, peak memory in MB."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_mb: float = 0.0

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


#: Runs without tandem's read cache (a fresh clone, as in CI).
COLD = {"TANDEM_NO_CACHE": "1"}


def run_once(argv: list[str], figure: Figure, expect: int = 0, cwd: Path = ROOT,
             env: dict[str, str] | None = None) -> None:
    """Run `argv` as one process; add its wall time, CPU time and max RSS to `figure`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TANDEM_NO_CACHE": "", **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != expect:
        sys.exit(f"{' '.join(argv)} a échoué ({proc.returncode}) :\n"
                 f"{output.decode('utf-8', 'replace')[-3000:]}")
    figure.walls.append(wall)
    figure.cpus.append(usage.ru_utime + usage.ru_stime)
    figure.rss_mb = max(figure.rss_mb, usage.ru_maxrss / 1024)  # KB on Linux


def measure(argv: list[str], runs: int) -> Figure:
    figure = Figure()
    for _ in range(runs):
        run_once(argv, figure)
    return figure


#: The generated programme's "today" (see generate.TODAY): check-ins are dated that day.
EDIT_DAY = "2026-11-26"


def active_binome(content: Path) -> str | None:
    """The id of an active pair of the generated programme (the one `tandem checkin` edits);
    None when every pair is over (with 1,000 open calls, the pairs are all old)."""
    for path in sorted((content / "binomes").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        found = re.search(r"^id: (\S+)$", head, flags=re.M)
        if found and re.search(r"^status: active$", head, flags=re.M):
            return found.group(1)
    return None


def run_edit(content: Path, binome: str | None, run: int, figure: Figure, cwd: Path) -> None:
    if binome is not None:
        run_once(edit_command(content, binome, run), figure, cwd=cwd)


def edit_command(content: Path, binome: str, run: int) -> list[str]:
    """`tandem checkin` with a note of its own (the same note twice the same day is refused
    as a command run twice by mistake)."""
    return [TANDEM, "checkin", binome, "--note", f"Point d’étape du banc d’essai n° {run}.",
            "--today", EDIT_DAY, "--content", str(content)]


def prepare(p: Programme, work: Path) -> Path:
    content = work / p.name / "content"
    requests, binomes = split_files(p.files)
    generate(content, requests=requests, binomes=binomes, open_calls=p.open_calls)
    # As in a programme's repository, no file was written in the last seconds (the read
    # cache leaves out files younger than 2 s).
    an_hour_ago = time.time() - 3600
    for path in content.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    print(f"  {p.name} : {p.files} fichiers, {p.open_calls} appels ouverts", file=sys.stderr)
    return content


def bench_edit(p: Programme, work: Path) -> dict[str, Figure]:
    """`tandem check` (cold and warm) and `tandem checkin` only, interleaved."""
    content = prepare(p, work)
    here = work / p.name  # the working folder, where the read cache lives
    check = [TANDEM, "check", "--content", str(content)]
    binome = active_binome(content)
    figures = {name: Figure() for name in ("check_cold", "check", "edit")}
    for run in range(p.runs):
        run_once(check, figures["check_cold"], cwd=here, env=COLD)
        run_once(check, figures["check"], cwd=here)
        run_edit(content, binome, run, figures["edit"], here)
    return figures


def bench_programme(p: Programme, work: Path) -> dict[str, Figure]:
    content = prepare(p, work)
    site = work / p.name / "site"
    here = work / p.name  # the working folder, where the read cache lives
    check = [TANDEM, "check", "--content", str(content)]
    binome = active_binome(content)
    parse = [PYTHON, str(HERE / "bare_parse.py"), str(content)]
    build = [TANDEM, "build", "--content", str(content), "--site-dir", str(site),
             "--config", str(ROOT / "mkdocs.yml")]
    generated = site.parent / f".{site.name}.tandem"
    engine = [MKDOCS, "build", "-q", "-f", str(generated / "mkdocs.yml")]
    # What needs attention, on the day the programme was generated for (every kind of reminder).
    status = [TANDEM, "status", "--content", str(content), "--today", TODAY.isoformat()]
    figures = {name: Figure() for name in ("check_cold", "check", "status", "parse", "cold",
                                           "build", "engine", "edit")}
    # Runs are interleaved, so that a slower moment of the machine weighs on every figure.
    for run in range(p.runs):
        run_once(check, figures["check_cold"], cwd=here, env=COLD)
        run_once(check, figures["check"], cwd=here)  # the read cache is warm from the last run
        run_once(status, figures["status"], cwd=here)  # as warm as the check before it
        run_edit(content, binome, run, figures["edit"], here)
        run_once(parse, figures["parse"], cwd=here)
        shutil.rmtree(generated, ignore_errors=True)  # from nothing: every page to write,
        shutil.rmtree(site, ignore_errors=True)  # every file to audit, no read cache
        run_once(build, figures["cold"], cwd=here, env=COLD)
        run_once(build, figures["build"], cwd=here)  # again, nothing changed since the last build
        run_once(engine, figures["engine"], cwd=here)  # the engine alone on the same docs tree
        shutil.rmtree(generated / "site", ignore_errors=True)
    return figures


def seconds(f: Figure) -> str:
    return f"{f.wall:.2f} ({f.cpu:.2f})"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "–"


def table(results: dict[str, dict[str, Figure]], programmes: list[Programme],
          help_figure: Figure) -> str:
    rows = [
        "| programme | fichiers | appels ouverts | check à froid | check à chaud | lecture nue "
        "| check / lecture (froid / chaud) | status à chaud (/ check à chaud) "
        "| build à froid | build à chaud | moteur seul | part de tandem (froid / chaud) "
        "| mémoire check | mémoire build |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for p in programmes:
        f = results[p.name]
        engine = f["engine"].wall
        rows.append(
            f"| {p.name} | {p.files} | {p.open_calls} | {seconds(f['check_cold'])} "
            f"| {seconds(f['check'])} | {seconds(f['parse'])} "
            f"| {ratio(f['check_cold'].wall, f['parse'].wall)} / {ratio(f['check'].wall, f['parse'].wall)} "
            f"| {seconds(f['status'])} ({f['status'].wall / f['check'].wall:.2f}×) "
            f"| {seconds(f['cold'])} | {seconds(f['build'])} | {seconds(f['engine'])} "
            f"| {share(f['cold'].wall, engine):.0%} / {share(f['build'].wall, engine):.0%} "
            f"| {max(f['check_cold'].rss_mb, f['check'].rss_mb):.0f} Mo "
            f"| {max(f['cold'].rss_mb, f['build'].rss_mb):.0f} Mo |")
    lines = ["Temps en secondes : médiane du temps réel (entre parenthèses, médiane du temps CPU, "
             "utilisateur + système) ; mémoire : pic de mémoire résidente du processus. "
             "À froid : sans cache de lecture ni dossier de travail (un clone neuf, comme en "
             "intégration continue) ; à chaud : rien n'a changé depuis la commande précédente "
             "(le poste du coordinateur). Part de tandem = (build − moteur seul) / build.",
             "", *rows, "",
             f"- `tandem --help` : {seconds(help_figure)} s, {help_figure.rss_mb:.0f} Mo"]
    if "p3000" in results and "p3000-1000" in results:
        for kind, label in (("cold", "à froid"), ("build", "à chaud")):
            few, many = results["p3000"][kind], results["p3000-1000"][kind]
            lines.append(f"- build {label} avec 1 000 appels ouverts / avec 100 (même historique "
                         f"de 3 000 fichiers) : {ratio(many.wall, few.wall)} "
                         f"({many.wall:.1f} s / {few.wall:.1f} s)")
    return "\n".join(lines)


def edit_table(results: dict[str, dict[str, Figure]], programmes: list[Programme]) -> str:
    """`tandem checkin` beside `tandem check`, for each programme."""
    rows = ["| programme | fichiers | check à froid | check à chaud | checkin (une modification) "
            "| checkin / check, froid / chaud (en temps CPU) | mémoire checkin |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for p in programmes:
        f = results[p.name]
        if not f["edit"].walls:  # no active pair to edit
            rows.append(f"| {p.name} | {p.files} | {seconds(f['check_cold'])} "
                        f"| {seconds(f['check'])} | – | – | – |")
            continue
        edit, cold, warm = f["edit"], f["check_cold"], f["check"]
        rows.append(f"| {p.name} | {p.files} | {seconds(cold)} | {seconds(warm)} "
                    f"| {seconds(edit)} | {ratio(edit.wall, cold.wall)} / "
                    f"{ratio(edit.wall, warm.wall)} ({ratio(edit.cpu, cold.cpu)} / "
                    f"{ratio(edit.cpu, warm.cpu)}) | {edit.rss_mb:.0f} Mo |")
    return "\n".join(rows)


def edit_target(results: dict[str, dict[str, Figure]]) -> list[str]:
    if "p3000" not in results or not results["p3000"]["edit"].walls:
        return []
    edit, check = results["p3000"]["edit"], results["p3000"]["check"]
    ok = edit.wall <= 2 * check.wall
    return [f"- {'tenu' if ok else 'NON tenu'} : `tandem checkin` sur 3 000 fichiers ≤ 2 × "
            f"`tandem check` à chaud ({edit.wall / check.wall:.1f}×, {edit.wall:.2f} s ; "
            f"en temps CPU {edit.cpu / check.cpu:.1f}×)"]


def share(build: float, engine: float) -> float:
    return (build - engine) / build


def targets(results: dict[str, dict[str, Figure]], help_figure: Figure) -> str:
    def line(ok: bool, text: str) -> str:
        return f"- {'tenu' if ok else 'NON tenu'} : {text}"

    out = [line(help_figure.wall <= 0.3, f"`tandem --help` ≤ 0,3 s ({help_figure.wall:.2f} s)")]
    if "p3000" in results:
        parse = results["p3000"]["parse"]
        for kind, label in (("check_cold", "à froid"), ("check", "à chaud")):
            check = results["p3000"][kind]
            out.append(line(check.wall <= 1.5, f"`tandem check` {label} sur 3 000 fichiers ≤ 1,5 s "
                                               f"({check.wall:.2f} s)"))
            out.append(line(check.wall <= 2 * parse.wall, f"`tandem check` {label} ≤ 2 × la lecture "
                                                          f"nue ({check.wall / parse.wall:.1f}×)"))
        check, status = results["p3000"]["check"], results["p3000"]["status"]
        out.append(line(status.wall <= 1.2 * check.wall,
                        f"`tandem status` ≤ 1,2 × `tandem check` à chaud sur 3 000 fichiers "
                        f"({status.wall / check.wall:.2f}×, {status.wall:.2f} s)"))
    if "p3000-1000" in results:
        few, many = results["p3000"]["cold"], results["p3000-1000"]["cold"]
        out.append(line(many.wall <= 10 * few.wall and many.wall <= 20,
                        f"build à froid à 1 000 appels ≤ 10 × build à 100 et ≤ 20 s "
                        f"({many.wall / few.wall:.1f}×, {many.wall:.1f} s)"))
    for name, f in results.items():
        for kind, label in (("cold", "à froid"), ("build", "à chaud")):
            part = share(f[kind].wall, f["engine"].wall)
            out.append(line(part <= 0.10, f"part de tandem dans le build {label} ≤ 10 % "
                                          f"({name} : {part:.0%})"))
    return "\n".join(out + edit_target(results))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai de tandem.")
    parser.add_argument("--work", type=Path, default=HERE / ".work",
                        help="dossier des programmes générés (défaut : benchmarks/.work)")
    parser.add_argument("--quick", action="store_true", help="100 et 1 000 fichiers seulement")
    parser.add_argument("--keep", action="store_true", help="garder les programmes générés")
    parser.add_argument("--edit-only", action="store_true",
                        help="seulement check et une modification (tandem checkin)")
    args = parser.parse_args(argv)
    programmes = QUICK if args.quick else PROGRAMMES
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"banc d'essai dans {work}", file=sys.stderr)
    machine = (f"{platform.python_implementation()} {platform.python_version()}, "
               f"{os.cpu_count()} cœurs, {platform.machine()}, {dt.date.today().isoformat()}")
    if args.edit_only:
        results = {p.name: bench_edit(p, work) for p in programmes}
        report = "\n\n".join([f"Machine : {machine}", edit_table(results, programmes),
                              "Objectifs :\n\n" + "\n".join(edit_target(results))])
        finish(report, results, None, work, programmes, args.keep)
        return
    help_figure = measure([TANDEM, "--help"], 5)
    results = {p.name: bench_programme(p, work) for p in programmes}
    report = "\n\n".join([f"Machine : {machine}", table(results, programmes, help_figure),
                          edit_table(results, programmes),
                          "Objectifs :\n\n" + targets(results, help_figure)])
    finish(report, results, help_figure, work, programmes, args.keep)


def finish(report: str, results: dict[str, dict[str, Figure]], help_figure: Figure | None,
           work: Path, programmes: list[Programme], keep: bool) -> None:
    """Print the report; write it and the raw figures into `work`; remove the programmes."""
    print(report)
    (work / "results.md").write_text(report + "\n", encoding="utf-8")
    raw = {name: {cmd: {**asdict(f), "wall": f.wall, "cpu": f.cpu}
                  for cmd, f in figs.items() if f.walls}
           for name, figs in results.items()}
    if help_figure is not None:
        raw["help"] = {"help": {**asdict(help_figure), "wall": help_figure.wall,
                                "cpu": help_figure.cpu}}
    (work / "results.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    if not keep:
        for p in programmes:
            shutil.rmtree(work / p.name, ignore_errors=True)


if __name__ == "__main__":
    main()
