"""The Dutch catalogue must translate every interface string in the source."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def _extract(tmp_path) -> set:
    target = tmp_path / "messages.pot"
    subprocess.run(
        [Path(sys.executable).with_name("pybabel"), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         "-o", str(target), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with target.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_every_interface_string_has_a_dutch_translation(tmp_path):
    with (ROOT / "cocreatie/translations/nl/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for msgid in sorted(_extract(tmp_path), key=str):
        message = catalogue.get(msgid)
        strings = message.string if message else None
        if isinstance(strings, tuple):
            strings = all(strings) and strings
        if message is None or not strings or message.fuzzy:
            missing.append(msgid)
    assert not missing, f"untranslated in nl (run make extract-messages, then translate): {missing}"
