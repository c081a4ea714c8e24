"""Reading addresses from pasted text and uploaded CSV files."""

import pytest

from cocreatie.recruitment import addresses
from cocreatie.recruitment.addresses import Rejected, UnreadableFile


def csv(text: str, name: str = "adressen.csv", content_type: str = "text/csv"):
    return addresses.from_csv(text.encode("utf-8"), name, content_type)


def test_pasted_addresses_one_per_line_or_separated_by_commas_and_semicolons():
    pasted = "an@example.nl\r\nBob@Example.NL, cor@example.nl;dirk@example.nl\n\n  eva@example.nl  fenna@example.nl"
    result = addresses.from_text(pasted)
    assert result.addresses == [
        "an@example.nl", "bob@example.nl", "cor@example.nl", "dirk@example.nl", "eva@example.nl", "fenna@example.nl",
    ]
    assert result.rejected == []


def test_pasted_names_with_addresses_as_mail_programs_copy_them():
    result = addresses.from_text('Jan Jansen <jan@example.nl>; "Piet, P." <piet@example.nl>')
    # A comma inside a quoted name splits it; the stray half is reported, not swallowed.
    assert "jan@example.nl" in result.addresses and "piet@example.nl" in result.addresses
    assert [r.text for r in result.rejected] == ['"Piet']


def test_duplicates_count_once_whatever_their_case():
    assert addresses.from_text("a@example.nl\nA@EXAMPLE.nl\na@example.nl").addresses == ["a@example.nl"]


def test_what_is_not_an_address_is_reported_as_typed():
    result = addresses.from_text("goed@example.nl, geen-adres, half@, @leeg.nl, x@localhost, <script>@x.nl")
    assert result.addresses == ["goed@example.nl"]
    assert [r.text for r in result.rejected] == ["geen-adres", "half@", "@leeg.nl", "x@localhost", "<script>@x.nl"]


def test_a_single_column_without_a_header():
    assert csv("an@example.nl\nbob@example.nl\n").addresses == ["an@example.nl", "bob@example.nl"]


@pytest.mark.parametrize("header", ["email", "E-mailadres", "Adres", "e-mail address"])
def test_a_single_column_with_a_header(header):
    assert csv(f"{header}\nan@example.nl\nbob@example.nl\n").addresses == ["an@example.nl", "bob@example.nl"]


def test_semicolons_and_several_columns_with_a_header_naming_the_address_column():
    text = "Naam;E-mail;Wijk\nAn;an@example.nl;Noord\nBob;bob@example.nl;Zuid\n"
    assert csv(text).addresses == ["an@example.nl", "bob@example.nl"]


def test_several_columns_without_a_header_use_the_column_with_addresses():
    text = "An,an@example.nl,Noord\nBob,bob@example.nl,Zuid\n"
    assert csv(text).addresses == ["an@example.nl", "bob@example.nl"]


def test_excel_files_with_a_byte_order_mark_or_windows_encoding():
    data = "\ufeffE-mail\r\nzoë@example.nl\r\n".encode("utf-8")
    assert addresses.from_csv(data, "export.csv", "application/vnd.ms-excel").addresses == ["zoë@example.nl"]
    data = "E-mail;Naam\r\nrene@example.nl;René\r\n".encode("cp1252")
    assert addresses.from_csv(data, "export.CSV", "text/csv").addresses == ["rene@example.nl"]


def test_invalid_rows_are_reported_with_their_row_number():
    result = csv("email\nan@example.nl\ngeen adres\n\nbob@example.nl\nbob@\n")
    assert result.addresses == ["an@example.nl", "bob@example.nl"]
    assert result.rejected == [Rejected("geen adres", 3), Rejected("bob@", 6)]


def test_empty_rows_and_empty_cells_are_skipped():
    assert csv("\n\nemail;naam\n;Zonder adres\nan@example.nl;An\n").addresses == ["an@example.nl"]
    assert csv("").addresses == []


def test_a_file_over_the_size_limit_is_refused():
    row = "iemand.met.een.lang.adres@example.nl\n"
    data = (row * (addresses.MAX_CSV_BYTES // len(row) + 1)).encode()
    with pytest.raises(UnreadableFile) as refused:
        addresses.from_csv(data, "groot.csv", "text/csv")
    assert refused.value.reason == "size"


def test_a_file_over_the_row_limit_is_refused():
    text = "email\n" + "".join(f"p{n}@example.nl\n" for n in range(addresses.MAX_CSV_ROWS))
    assert len(csv(text).addresses) == addresses.MAX_CSV_ROWS  # exactly the limit, with a header
    with pytest.raises(UnreadableFile) as refused:
        csv(text + "een.te.veel@example.nl\n")
    assert refused.value.reason == "rows"


@pytest.mark.parametrize(
    "name, content_type",
    [("adressen.xlsx", "text/csv"), ("adressen.csv", "application/pdf"), ("adressen.html", "text/html"),
     ("adressen", "text/csv")],
)
def test_only_csv_files_are_read(name, content_type):
    with pytest.raises(UnreadableFile) as refused:
        addresses.from_csv(b"an@example.nl\n", name, content_type)
    assert refused.value.reason == "type"


def test_a_binary_file_with_a_csv_name_is_refused():
    with pytest.raises(UnreadableFile) as refused:
        addresses.from_csv(b"PK\x03\x04\x14\x00\x06\x00binary", "adressen.csv", "text/csv")
    assert refused.value.reason == "encoding"
