#!/usr/bin/env python3
"""Translation catalogs: update them from the source, compile them, check they are current.

    python scripts/messages.py update [CATALOG ...]  extract new strings, keep translations,
                                                     compile
    python scripts/messages.py compile [CATALOG ...] .po -> .mo
    python scripts/messages.py check                 fail if a catalog is stale, has an
                                                     untranslated or fuzzy entry, or its .mo
                                                     is not compiled, or if catalogs translate
                                                     the same text differently

Catalogs (Indonesian, `id`; English is the source language), each in LC_MESSAGES of:

    project            templates/ and config/      locale/id/  (django.po)
    accounts           accounts/                   accounts/locale/id/
    dashboard          dashboard/                  dashboard/locale/id/
    ahsp               ahsp/                       ahsp/locale/id/
    detail_project     detail_project/ (Py, HTML)  detail_project/locale/id/  (django.po)
    detail_project_js  detail_project/ (JS)        detail_project/locale/id/  (djangojs.po)

Each catalog is extracted on its own (makemessages run inside its folder), so people working on
different apps never rewrite each other's files. The compiled .mo files are committed: the
README's first command works on a machine without GNU gettext; this script needs it (Debian:
`apt-get install gettext`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "id"
# Never extracted: tests, third-party code, generated files.
IGNORED = ["tests", "vendor", "migrations", "staticfiles", ".venv", "node_modules", "bench"]


@dataclass(frozen=True)
class Catalog:
    name: str
    folder: str  # where makemessages runs ("" for the project root)
    domain: str = "django"
    ignore: tuple[str, ...] = ()

    @property
    def po(self) -> Path:
        return ROOT / self.folder / "locale" / LANGUAGE / "LC_MESSAGES" / f"{self.domain}.po"


CATALOGS = {
    catalog.name: catalog
    for catalog in (
        Catalog(
            "project", "", ignore=("accounts", "dashboard", "ahsp", "detail_project", "scripts")
        ),
        Catalog("accounts", "accounts"),
        Catalog("ahsp", "ahsp"),
        Catalog("dashboard", "dashboard"),
        Catalog("detail_project", "detail_project"),
        Catalog("detail_project_js", "detail_project", domain="djangojs"),
    )
}


def _django_admin() -> list[str]:
    # -P: the folder is not put on sys.path (an app's selectors.py would shadow the stdlib's).
    return [sys.executable, "-P", "-m", "django"]


def _makemessages(catalog: Catalog, folder: Path) -> None:
    """Run makemessages for `catalog` with `folder` as its root (the real tree or a copy)."""
    (folder / "locale").mkdir(exist_ok=True)
    command = [
        *_django_admin(),
        "makemessages",
        "--locale",
        LANGUAGE,
        "--domain",
        catalog.domain,
        "--no-location",
        "--no-obsolete",
    ]
    for pattern in (*IGNORED, *catalog.ignore):
        command += ["--ignore", pattern]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(command, cwd=folder, env=env, check=True, capture_output=True)  # noqa: S603


def _compile(catalog: Catalog, po: Path) -> Path:
    mo = po.with_suffix(".mo")
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check-format", "-o", str(mo), str(po)],
        check=True,  # noqa: S607
    )
    return mo


def _entries(po: Path) -> dict[tuple[str, str, str], list[str]]:
    """{(msgctxt, msgid, msgid_plural): [msgstr…]} of a .po file, and whether fuzzy."""
    entries: dict[tuple[str, str, str], list[str]] = {}
    block: list[str] = []
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            key, strings, fuzzy = _parse_block(block)
            if key is not None and key[1]:
                entries[key] = ["\0fuzzy"] if fuzzy else strings
            block = []
    return entries


def _parse_block(block: list[str]) -> tuple[tuple[str, str, str] | None, list[str], bool]:
    fields: dict[str, str] = {}
    strings: list[str] = []
    current = ""
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block)
    for line in block:
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if current.startswith("msgstr"):
                strings[-1] += value
            else:
                fields[current] += value
            continue
        keyword, _, rest = line.partition(" ")
        current = keyword
        if keyword.startswith("msgstr"):
            strings.append(_unquote(rest))
        else:
            fields[keyword] = _unquote(rest)
    if "msgid" not in fields:
        return None, strings, fuzzy
    key = (fields.get("msgctxt", ""), fields["msgid"], fields.get("msgid_plural", ""))
    return key, strings, fuzzy


def _unquote(text: str) -> str:
    text = text.strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    return bytes(text, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def problems(catalog: Catalog) -> list[str]:
    """What is wrong with one catalog: stale, untranslated, fuzzy, or not compiled."""
    found: list[str] = []
    committed = _entries(catalog.po) if catalog.po.exists() else {}
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / (catalog.folder or "root")
        source = ROOT / catalog.folder
        shutil.copytree(
            source,
            copy,
            ignore=shutil.ignore_patterns(*IGNORED, "*.pyc", "__pycache__", "*.xlsx", "*.csv"),
        )
        _makemessages(catalog, copy)
        extracted = copy / catalog.po.relative_to(source)
        fresh = _entries(extracted) if extracted.exists() else {}
        if catalog.po.exists():
            compiled = Path(temporary) / "check.mo"
            subprocess.run(  # noqa: S603
                ["msgfmt", "-o", str(compiled), str(catalog.po)],
                check=True,  # noqa: S607
            )
            mo = catalog.po.with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != compiled.read_bytes():
                found.append(f"{catalog.name}: {mo.relative_to(ROOT)} is not compiled from its .po")
    missing = sorted(set(fresh) - set(committed))
    unused = sorted(set(committed) - set(fresh))
    for _, msgid, _ in missing[:10]:
        found.append(f"{catalog.name}: not in the catalog yet: {msgid!r}")
    for _, msgid, _ in unused[:10]:
        found.append(f"{catalog.name}: no longer in the source: {msgid!r}")
    for (_, msgid, _), strings in committed.items():
        if strings == ["\0fuzzy"]:
            found.append(f"{catalog.name}: fuzzy: {msgid!r}")
        elif not strings or not all(strings):
            found.append(f"{catalog.name}: untranslated: {msgid!r}")
    return found


def disagreements(names: list[str]) -> list[str]:
    """The same English text translated differently in two catalogs: a button that reads
    "Naikkan" in one panel and "Pindah ke atas" in the next is one word too many."""
    translations: dict[tuple[str, str, str], dict[str, str]] = {}
    for name in names:
        catalog = CATALOGS[name]
        if not catalog.po.exists():
            continue
        for key, strings in _entries(catalog.po).items():
            translations.setdefault(key, {})[name] = " | ".join(strings)
    found = []
    for (_, msgid, _), by_catalog in sorted(translations.items()):
        if len(set(by_catalog.values())) > 1:
            versions = "; ".join(f"{name}: {text!r}" for name, text in sorted(by_catalog.items()))
            found.append(f"translated differently: {msgid!r} ({versions})")
    return found


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"update", "compile", "check"}:
        print(__doc__)
        return 2
    action, names = argv[0], argv[1:] or list(CATALOGS)
    unknown = [name for name in names if name not in CATALOGS]
    if unknown:
        print(f"unknown catalog(s): {', '.join(unknown)}; known: {', '.join(CATALOGS)}")
        return 2
    if not shutil.which("msgfmt") or not shutil.which("xgettext"):
        print("GNU gettext is needed (Debian: apt-get install gettext)")
        return 2
    if action == "check":
        found = [problem for name in names for problem in problems(CATALOGS[name])]
        found += disagreements(names)
        print("\n".join(found) if found else "all catalogs are current and translated")
        return 1 if found else 0
    for name in names:
        catalog = CATALOGS[name]
        if action == "update":
            _makemessages(catalog, ROOT / catalog.folder)
        if not catalog.po.exists():
            print(f"{name}: nothing to translate yet")
            continue
        _compile(catalog, catalog.po)
        print(f"{name}: {catalog.po.relative_to(ROOT)} ({len(_entries(catalog.po))} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
