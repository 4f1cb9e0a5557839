#!/usr/bin/env python3
"""Fill the ${PREFIX...} placeholders of a config template from the environment.

    python3 scripts/render_template.py deploy/nginx.conf NGINX_ > jadwal-pekerjaan.conf
    python3 scripts/render_template.py deploy/apache.conf APACHE_ > jadwal-pekerjaan.conf

Only names starting with PREFIX are replaced, so the server's own variables ($host,
${APACHE_LOG_DIR} when the prefix is JADWAL_, ...) pass through untouched. A placeholder whose
variable is unset or empty stops the script with its name: a half-filled file never reaches
the web server. Standard library only.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path


def render(text: str, prefix: str, environ: dict[str, str]) -> str:
    pattern = re.compile(r"\$\{(" + re.escape(prefix) + r"[A-Z0-9_]*)\}")
    missing = sorted({name for name in pattern.findall(text) if not environ.get(name)})
    if missing:
        raise SystemExit("render_template: set " + ", ".join(missing))
    return pattern.sub(lambda match: environ[match.group(1)], text)


def main(argv: list[str]) -> None:
    if len(argv) != 3:
        raise SystemExit(__doc__)
    template, prefix = Path(argv[1]), argv[2]
    sys.stdout.write(render(template.read_text(encoding="utf-8"), prefix, dict(os.environ)))


if __name__ == "__main__":
    main(sys.argv)
