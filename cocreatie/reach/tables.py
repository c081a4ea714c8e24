"""Reading the two tables the administrator uploads: reference figures and postcode areas.

Both are CSV files separated by semicolons, with a header row, as CBS publishes its
figures and as Excel saves them in Dutch. Columns are found by their header (in any
order, case and surrounding spaces ignored; other columns are ignored), so a table cut
from a CBS download works as it is. The files are read into memory, checked and
dropped: never stored or served.

Reading never stops at the first problem: every bad row comes back with its line number
and what is wrong with it, and the caller changes nothing unless there are none.

Reference figures (residents per district and age band, CBS's "Kerncijfers wijken en
buurten"):

    Codering;Wijk;0 tot 15 jaar;15 tot 25 jaar;25 tot 45 jaar;45 tot 65 jaar;65 jaar of ouder
    WK099901;Centrum;1210;2480;4320;2950;1840

Postcode areas (the four digits of a postcode, and the code of its district):

    Postcode;Codering
    1011;WK099901
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from cocreatie.models import AgeBand

MAX_BYTES = 500 * 1024
MAX_ROWS = 10_000
EXTENSIONS = (".csv", ".txt")

CODE = "codering"
NAME = "wijk"
POSTCODE = "postcode"
# The header of each age band's column, as CBS names its age groups.
AGE_COLUMNS = {
    "0 tot 15 jaar": AgeBand.UNDER_15,
    "15 tot 25 jaar": AgeBand.FROM_15,
    "25 tot 45 jaar": AgeBand.FROM_25,
    "45 tot 65 jaar": AgeBand.FROM_45,
    "65 jaar of ouder": AgeBand.FROM_65,
}
POPULATION_COLUMNS = (CODE, NAME, *AGE_COLUMNS)
POSTCODE_COLUMNS = (POSTCODE, CODE)

POPULATION_EXAMPLE = (
    "Codering;Wijk;0 tot 15 jaar;15 tot 25 jaar;25 tot 45 jaar;45 tot 65 jaar;65 jaar of ouder\n"
    "WK099901;Centrum;1210;2480;4320;2950;1840\n"
    "WK099902;Noord;2630;1710;3980;3560;2210\n"
)
POSTCODE_EXAMPLE = "Postcode;Codering\n1011;WK099901\n1012;WK099901\n1021;WK099902\n"

_CODE = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
_AREA = re.compile(r"^[1-9][0-9]{3}$")
_COUNT = re.compile(r"^[0-9]{1,9}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    line: int | None  # the line in the file, counting from 1; None: the file as a whole
    message: str


@dataclass(frozen=True)
class DistrictRow:
    code: str
    name: str
    residents: dict[AgeBand, int]


@dataclass
class Read:
    """What a file held: its rows, or the problems that keep it from being used."""

    rows: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


def _decode(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    return None if _CONTROL.search(text) else text


def _table(data: bytes, filename: str, wanted: tuple[str, ...]) -> tuple[dict[str, int], list[tuple[int, list[str]]], list[Problem]]:
    """The column of each wanted header, the data rows with their line numbers, and the
    problems with the file as a whole (then there are no rows)."""
    if not filename.lower().endswith(EXTENSIONS):
        return {}, [], [Problem(None, _("Upload a CSV file (ending in .csv or .txt)."))]
    if len(data) > MAX_BYTES:
        return {}, [], [Problem(None, _("The file is larger than 500 KB."))]
    text = _decode(data)
    if text is None:
        return {}, [], [Problem(None, _("This file cannot be read as text. Save it as CSV (semicolon-separated) and try again."))]
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, [cell.strip() for cell in row]))
            if len(rows) > MAX_ROWS + 1:
                return {}, [], [Problem(None, _("The file has more than %(max)d rows.", max=MAX_ROWS))]
    except csv.Error:
        return {}, [], [Problem(None, _("This file cannot be read as text. Save it as CSV (semicolon-separated) and try again."))]
    if not rows:
        return {}, [], [Problem(None, _("The file is empty."))]
    header_line, header = rows[0]
    if len(header) == 1 and ("," in header[0] or "\t" in header[0]):
        return {}, [], [Problem(header_line, _("The columns must be separated by semicolons (;)."))]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = " ".join(cell.lower().split())
        if name in wanted and name not in columns:
            columns[name] = index
    missing = [name for name in wanted if name not in columns]
    if missing:
        return {}, [], [Problem(header_line, _(
            "The header row lacks the column(s) %(columns)s. The first row must name the columns: %(expected)s.",
            columns=", ".join(f"“{m}”" for m in missing), expected=";".join(wanted),
        ))]
    if len(rows) == 1:
        return {}, [], [Problem(None, _("The file has a header row but no rows below it."))]
    return columns, rows[1:], []


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def read_population(data: bytes, filename: str) -> Read:
    """Residents per district and age band. Every district once; counts whole numbers."""
    columns, rows, problems = _table(data, filename, POPULATION_COLUMNS)
    result = Read(problems=problems)
    seen: dict[str, int] = {}
    for line, row in rows:
        wrong: list[str] = []
        code, name = _cell(row, columns[CODE]), _cell(row, columns[NAME])
        if not _CODE.match(code):
            wrong.append(_("the code “%(code)s” is not a district code (letters and digits, at most 20)", code=code[:30]))
        elif code.upper() in seen:
            wrong.append(_("district %(code)s is also on line %(line)d", code=code, line=seen[code.upper()]))
        if not name:
            wrong.append(_("the district has no name"))
        elif len(name) > 100:
            wrong.append(_("the name is longer than 100 characters"))
        residents: dict[AgeBand, int] = {}
        for header, band in AGE_COLUMNS.items():
            value = _cell(row, columns[header]).replace(" ", "")
            if not _COUNT.match(value):
                wrong.append(_("“%(column)s” is “%(value)s”, not a whole number of residents",
                               column=header, value=value[:20]))
            else:
                residents[band] = int(value)
        if wrong:
            result.problems.append(Problem(line, "; ".join(wrong)))
            continue
        seen[code.upper()] = line
        result.rows.append(DistrictRow(code.upper(), name, residents))
    return result


def read_postcodes(data: bytes, filename: str, districts: set[str]) -> Read:
    """(area, district code) pairs: every area once, each in a district of `districts`."""
    columns, rows, problems = _table(data, filename, POSTCODE_COLUMNS)
    result = Read(problems=problems)
    seen: dict[str, int] = {}
    for line, row in rows:
        wrong: list[str] = []
        area = _cell(row, columns[POSTCODE]).replace(" ", "")
        code = _cell(row, columns[CODE]).upper()
        if not _AREA.match(area):
            wrong.append(_("“%(value)s” is not a postcode area (four digits, like 1234)", value=area[:20]))
        elif area in seen:
            wrong.append(_("postcode area %(area)s is also on line %(line)d", area=area, line=seen[area]))
        if not code:
            wrong.append(_("the district code is missing"))
        elif code not in districts:
            wrong.append(_("district %(code)s is not in the reference figures", code=code[:30]))
        if wrong:
            result.problems.append(Problem(line, "; ".join(wrong)))
            continue
        seen[area] = line
        result.rows.append((area, code))
    return result


_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})?$")


def postcode_area(text: str) -> str | None:
    """The four digits of a Dutch postcode ("1234 AB", "1234ab", "1234"), or None."""
    match = _POSTCODE.match((text or "").strip())
    return match.group(1) if match else None
