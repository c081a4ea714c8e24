"""The open-data download: a ZIP with, per resource, a CSV file (UTF-8, header row) and a
JSON file (an array of objects with the same fields), a Frictionless `datapackage.json`
describing every field, and the licence.

Rows are written as they are read (see tables.py): memory stays bounded whatever the
size; the ZIP goes to a file (a temporary one for a web download)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import BinaryIO

from cocreatie.opendata.tables import TABLES, Scope, Table, instant

PLATFORM_LICENCE = "CC0-1.0"
CONTRIBUTIONS_LICENCE = "CC-BY-4.0"

LICENCE_TEXT = """\
Open data of {organisation}, exported {exported}.

The platform's own data (consultations, phases, house rules, counts, dates, statuses,
the moderation log) is dedicated to the public domain: CC0 1.0,
https://creativecommons.org/publicdomain/zero/1.0/

Contributions (ideas, comments) are published by their authors under the licence the
terms of use name: Creative Commons Attribution 4.0 (CC BY 4.0),
https://creativecommons.org/licenses/by/4.0/ — credit the author by the name shown
(authorName) and this website. Official responses, outcomes and progress updates are
the government's own data: CC0 1.0.

No e-mail address is part of this download. authorPseudonym is the same for one person
throughout this download and differs in every other edition of it (the download is made
again when the content changes).

group-figures.csv holds, for consultations that have closed, how many people took part
per district, age group and channel, as the accountability page shows it: a group of
fewer than 10 reads "< 10", and a group hidden so that it cannot be worked out "hidden".
"""


def _typed(field_type: str, value):
    """A CSV cell as a JSON value: empty is null, the rest in its type."""
    if value == "" and field_type != "string":
        return None
    return value


def _csv_cell(value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)


def datapackage(name: str, title: str, now: datetime) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "created": instant(now),
        "licenses": [
            {"name": PLATFORM_LICENCE, "path": "https://creativecommons.org/publicdomain/zero/1.0/",
             "title": "Creative Commons Zero 1.0 (the platform's own data)"},
            {"name": CONTRIBUTIONS_LICENCE, "path": "https://creativecommons.org/licenses/by/4.0/",
             "title": "Creative Commons Attribution 4.0 (ideas and comments, credit authorName)"},
        ],
        "resources": [
            {
                "name": table.name,
                "title": table.title,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in table.fields],
                    **({"primaryKey": "id"} if any(f.name == "id" for f in table.fields) else {}),
                },
            }
            for table in TABLES
        ],
    }


def _entry(name: str, now: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _write_table(archive: zipfile.ZipFile, table: Table, scope: Scope, now: datetime,
                 tick: Callable[[], None]) -> None:
    names = [f.name for f in table.fields]
    types = [f.type for f in table.fields]
    with archive.open(_entry(table.path, now), "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(names)
        for row in table.rows(scope):
            writer.writerow([_csv_cell(v) for v in row])
            tick()
        text.flush()
        text.detach()
    with archive.open(_entry(f"{table.name}.json", now), "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        text.write("[")
        first = True
        for row in table.rows(scope):
            text.write("\n" if first else ",\n")
            text.write(json.dumps({n: _typed(t, v) for n, t, v in zip(names, types, row)}, ensure_ascii=False))
            first = False
        text.write("\n]\n")
        text.flush()
        text.detach()


def write(out: BinaryIO, consultation_ids: Sequence[int], *, name: str, title: str, organisation: str,
          now: datetime, tick: Callable[[], None] = lambda: None, comment: bytes = b"") -> None:
    """Write the download for these (public) consultations to `out`. `tick` is called per
    CSV row, for a progress bar; `comment` becomes the ZIP comment (stored.py)."""
    scope = Scope(consultation_ids)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = comment
        archive.writestr(_entry("datapackage.json", now), json.dumps(datapackage(name, title, now), ensure_ascii=False, indent=2))
        archive.writestr(_entry("LICENCE.txt", now), LICENCE_TEXT.format(organisation=organisation, exported=instant(now)))
        for table in TABLES:
            _write_table(archive, table, scope, now, tick)
