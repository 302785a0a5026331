"""The floor of `tandem check`: read every content file and parse its YAML with libyaml.

    python benchmarks/bare_parse.py CONTENT_DIR

No validation, no rule, no line numbers: what any tool reading the same
files must at least do. Prints the number of documents parsed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(root: Path) -> int:
    count = 0
    for path in sorted(root.glob("*.yml")) + sorted(root.glob("*/*.md")):
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".md":
            if not text.startswith("---"):
                continue
            text = text[3:].split("\n---", 1)[0]
        yaml.load(text, Loader=yaml.CSafeLoader)
        count += 1
    return count


if __name__ == "__main__":
    print(main(Path(sys.argv[1])))
