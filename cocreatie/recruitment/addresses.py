"""Reading e-mail addresses from what a procesmanager pastes or uploads.

Pasted text: one address per line, or separated by commas or semicolons; "Name
<address>" as mail programs copy it is understood. A CSV file: one column of addresses,
with or without a header row, separated by commas, semicolons or tabs; in a file with
several columns the column is the one headed "e-mail" (or similar), or else the one that
holds the most "@". The upload is read into memory, parsed and dropped: it is never
stored, served or executed.

Every address is checked; nothing is silently skipped. What is not an address comes
back with where it was (its row in the file), so the form can say so next to the field;
an address given twice is invited once and comes back as a duplicate, to be reported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

MAX_ADDRESSES = 5_000
MAX_CSV_BYTES = 200 * 1024
MAX_CSV_ROWS = 5_000
# Pasting 5,000 long addresses fits; anything longer is not a list of addresses.
MAX_TEXT_LENGTH = 300_000
CSV_EXTENSIONS = (".csv", ".txt")
# What browsers and mail programs call a CSV file (Excel on Windows says vnd.ms-excel).
CSV_CONTENT_TYPES = frozenset(
    {
        "text/csv",
        "text/plain",
        "text/comma-separated-values",
        "text/x-csv",
        "application/csv",
        "application/x-csv",
        "application/vnd.ms-excel",
        "application/octet-stream",  # what some browsers send when they do not know
        "",
    }
)

_SEPARATORS = re.compile(r"[,;\r\n]+")
_NAMED = re.compile(r"^[^<>]*<([^<>]*)>\s*$")  # Jan Jansen <jan@example.nl>
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnreadableFile(ValueError):
    """The upload is not a CSV file we accept; the message says why (untranslated key)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "type", "size", "encoding", "rows"


@dataclass(frozen=True)
class Rejected:
    text: str
    row: int | None = None  # the row in the uploaded file, counting from 1


@dataclass
class AddressList:
    addresses: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # Addresses given more than once (a second time at that row): each is invited once.
    duplicates: list[Rejected] = field(default_factory=list)

    def extend(self, other: AddressList) -> None:
        seen = set(self.addresses)
        for address in other.addresses:
            if address not in seen:
                seen.add(address)
                self.addresses.append(address)
            else:  # pasted and in the file too
                self.duplicates.append(Rejected(address))
        self.rejected.extend(other.rejected)
        self.duplicates.extend(other.duplicates)


def normalise(candidate: str) -> str | None:
    """The address, lower-cased (as accounts store theirs), or None if it is not one."""
    candidate = candidate.strip()
    named = _NAMED.match(candidate)
    if named:
        candidate = named.group(1)
    candidate = candidate.strip().strip("\"'").strip()
    if not candidate or len(candidate) > 254:
        return None
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.normalized.lower()


def _collect(items: list[tuple[str, int | None]]) -> AddressList:
    result = AddressList()
    seen: set[str] = set()
    for text, row in items:
        address = normalise(text)
        if address is None:
            result.rejected.append(Rejected(text.strip()[:100], row))
        elif address not in seen:
            seen.add(address)
            result.addresses.append(address)
        else:
            result.duplicates.append(Rejected(address, row))
    return result


def from_text(text: str) -> AddressList:
    items: list[tuple[str, int | None]] = []
    for part in _SEPARATORS.split(text or ""):
        part = part.strip()
        if not part:
            continue
        # "a@x.nl b@y.nl" is two addresses, "Jan Jansen <jan@x.nl>" is one.
        items.extend((piece, None) for piece in ([part] if "<" in part else part.split()))
    return _collect(items)


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    if _CONTROL.search(text):
        raise UnreadableFile("encoding")  # a binary file, whatever its name says
    return text


def _is_header_cell(cell: str) -> bool:
    lowered = cell.strip().lower()
    return "@" not in lowered and ("mail" in lowered or lowered in {"adres", "address"})


def from_csv(data: bytes, filename: str = "", content_type: str = "") -> AddressList:
    """Raises UnreadableFile for a file that is not a CSV file of acceptable size."""
    if not filename.lower().endswith(CSV_EXTENSIONS) or content_type.lower() not in CSV_CONTENT_TYPES:
        raise UnreadableFile("type")
    if len(data) > MAX_CSV_BYTES:
        raise UnreadableFile("size")
    text = _decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or nothing to go by
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
            if len(rows) > MAX_CSV_ROWS + 1:  # one more for a header
                raise UnreadableFile("rows")
    except csv.Error as error:
        raise UnreadableFile("encoding") from error
    if not rows:
        return AddressList()

    first = rows[0][1]
    column = next((i for i, cell in enumerate(first) if _is_header_cell(cell)), None)
    has_header = column is not None
    if column is None:
        width = max(len(row) for _, row in rows)
        column = max(range(width), key=lambda i: sum("@" in row[i] for _, row in rows if i < len(row)))
        # A first row without an address above rows with them is a header ("Naam;Adres").
        has_header = column >= len(first) or "@" not in first[column]
    data_rows = rows[1:] if has_header else rows
    if len(data_rows) > MAX_CSV_ROWS:
        raise UnreadableFile("rows")
    return _collect([(row[column], line) for line, row in data_rows if column < len(row) and row[column].strip()])
