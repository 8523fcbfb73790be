"""Add or update translations in the project's catalogues, safely while others edit them.

Several people (and parallel helpers) add strings at once; `makemessages` rewrites the whole
file, so this script locks each catalogue, merges the given entries and compiles the .mo.

Usage: python scripts/i18n_add.py ENTRIES.json
ENTRIES.json is a list of objects:
  {"msgid": "...", "fi": "...", "sv": "..."}
  {"msgid": "...", "msgid_plural": "...", "fi": ["one", "many"], "sv": ["one", "many"]}
  optional "msgctxt".
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "kohtaanto" / "locale"


def merge(lang: str, entries: list[dict]) -> int:
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    with open(str(po_path) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(po_path), wrapwidth=79)
        changed = 0
        for item in entries:
            if lang not in item:
                continue
            text = item[lang]
            ctx = item.get("msgctxt")
            entry = po.find(item["msgid"], msgctxt=ctx) if ctx else po.find(item["msgid"])
            if entry is None:
                entry = polib.POEntry(msgid=item["msgid"], msgctxt=ctx)
                if "msgid_plural" in item:
                    entry.msgid_plural = item["msgid_plural"]
                po.append(entry)
            if "msgid_plural" in item:
                entry.msgid_plural = item["msgid_plural"]
                forms = text if isinstance(text, list) else [text, text]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            changed += 1
        po.save(str(po_path))
        mo_path = str(po_path.with_suffix(".mo"))
        if shutil.which("msgfmt"):
            subprocess.run(["msgfmt", "--check-format", "-o", mo_path, str(po_path)], check=True)
        else:
            po.save_as_mofile(mo_path)
        return changed


def main() -> None:
    entries = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for lang in ("fi", "sv"):
        print(f"{lang}: {merge(lang, entries)} entries")


if __name__ == "__main__":
    main()
