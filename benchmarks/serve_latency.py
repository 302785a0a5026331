"""Edit-to-visible latency of `tandem serve` on a copy of the example programme.

    python benchmarks/serve_latency.py [--edits 5] [--port N] [--content content]

Starts `tandem serve` on a copy of the content in a temporary folder, then,
several times, appends a sentence to an open call's text and measures the
time from the file's save to the moment the call's page, fetched over HTTP,
shows it (the server holds requests while a rebuild runs). Then saves a
content error and checks that the previous page is still served.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TANDEM = str(Path(sys.executable).parent / "tandem")


def fetch(url: str) -> str:
    """The page, without the live reload script (which changes at every request)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        page = response.read().decode("utf-8")
    return re.sub(r"<script>\s*var livereload = .*?</script>", "", page, flags=re.DOTALL)


def open_call(content: Path) -> tuple[Path, str]:
    for path in sorted((content / "requests").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^status: open$", text, re.MULTILINE):
            return path, re.search(r"^id: (\S+)$", text, re.MULTILINE).group(1)  # type: ignore[union-attr]
    raise SystemExit("aucun appel ouvert dans le contenu")


def wait_for(condition: object, timeout: float = 60, output: list[str] | None = None) -> float:
    start = time.perf_counter()
    while not condition():  # type: ignore[operator]
        if time.perf_counter() - start > timeout:
            raise SystemExit("délai dépassé :\n" + "".join(output or []))
        time.sleep(0.02)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Latence de tandem serve.")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--port", type=int, default=0, help="0 : un port libre")
    args = parser.parse_args(argv)
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="tandem-serve-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(args.content, content)
        path, call_id = open_call(content)
        lines: list[str] = []
        proc = subprocess.Popen(
            [TANDEM, "serve", "--content", str(content), "--port", str(args.port),
             "--config", str(ROOT / "mkdocs.yml")],
            cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        def read() -> None:
            for line in proc.stdout:  # type: ignore[union-attr]
                lines.append(line)

        threading.Thread(target=read, daemon=True).start()
        try:
            started = time.perf_counter()
            wait_for(lambda: any("site servi sur" in line for line in lines), output=lines)
            print(f"premier build et démarrage : {time.perf_counter() - started:.2f} s")
            url = f"http://127.0.0.1:{args.port}/appels/{call_id}/"
            latencies = []
            original = path.read_text(encoding="utf-8")
            for n in range(args.edits):
                marker = f"Précision numéro {n} ajoutée par la coordination"
                path.write_text(original.rstrip("\n") + f"\n\n{marker}.\n", encoding="utf-8")
                saved = time.perf_counter()
                wait_for(lambda m=marker: m in fetch(url), output=lines)
                latencies.append(time.perf_counter() - saved)
                time.sleep(0.5)
            print("latences (s) : " + ", ".join(f"{x:.2f}" for x in latencies))
            print(f"médiane : {statistics.median(latencies):.2f} s")
            before = fetch(url)
            count = len(lines)
            path.write_text(original.replace("status: open", "status: ouvert"), encoding="utf-8")
            wait_for(lambda: any("reste servi" in line for line in lines[count:]), output=lines)
            kept = fetch(url) == before
            print("erreur de contenu : " + "".join(lines[count:]).strip().replace("\n", " | "))
            print(f"page précédente toujours servie : {'oui' if kept else 'NON'}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
