"""Reading the uploaded CSV files: every bad row with its line number, nothing skipped."""

from __future__ import annotations

from cocreatie.models import AgeBand
from cocreatie.reach import tables

HEADER = "Codering;Wijk;0 tot 15 jaar;15 tot 25 jaar;25 tot 45 jaar;45 tot 65 jaar;65 jaar of ouder\n"


def test_a_cbs_shaped_file_is_read_with_columns_in_any_order(app):
    data = ("Wijk ; CODERING;Gemeentenaam;65 jaar of ouder;0 tot 15 jaar;15 tot 25 jaar;25 tot 45 jaar;45 tot 65 jaar\n"
            "Centrum;wk099901;Voorbeeld;5;1;2;3;4\n\n").encode("utf-8-sig")
    read = tables.read_population(data, "kerncijfers.csv")
    assert read.clean
    [row] = read.rows
    assert row.code == "WK099901" and row.name == "Centrum"
    assert row.residents == {AgeBand.UNDER_15: 1, AgeBand.FROM_15: 2, AgeBand.FROM_25: 3, AgeBand.FROM_45: 4,
                             AgeBand.FROM_65: 5}


def test_every_bad_row_is_reported_with_its_line(app):
    data = (HEADER
            + "WK01;Centrum;1;2;3;4;5\n"
            + "WK 02;;1;2;3;4;5\n"  # line 3: bad code, no name
            + "\n"
            + "WK01;Dubbel;1;2;.;4;5\n"  # line 5: duplicate, CBS's "." for a secret figure
            + "WK03;Haven;1;2;3;4\n").encode()  # line 6: a column short
    read = tables.read_population(data, "wijken.csv")
    assert not read.clean
    lines = {p.line: p.message for p in read.problems}
    assert sorted(lines) == [3, 5, 6]
    assert "WK 02" in lines[3] and "no name" in lines[3]
    assert "also on line 2" in lines[5] and "“25 tot 45 jaar” is “.”" in lines[5]
    assert "65 jaar of ouder" in lines[6]


def test_files_that_are_not_the_table_say_why(app):
    assert "semicolons" in tables.read_population(b"Codering,Wijk,a\nx,y,z\n", "w.csv").problems[0].message
    missing = tables.read_population(b"Codering;Wijk\nWK01;Centrum\n", "w.csv").problems[0]
    assert missing.line == 1 and "0 tot 15 jaar" in missing.message
    assert "CSV" in tables.read_population(b"x", "w.xlsx").problems[0].message
    assert tables.read_population(b"", "w.csv").problems[0].message == "The file is empty."
    assert "no rows" in tables.read_population(HEADER.encode(), "w.csv").problems[0].message
    assert "500 KB" in tables.read_population(b"x" * (tables.MAX_BYTES + 1), "w.csv").problems[0].message
    assert "text" in tables.read_population(b"\x00\x01binary", "w.csv").problems[0].message


def test_postcode_areas_must_be_four_digits_in_a_known_district(app):
    data = "Postcode;Codering\n1011;wk01\n1011 AB;WK01\n0999;WK01\n1011;WK01\n2000;WK99\n3000;\n".encode()
    read = tables.read_postcodes(data, "pc.csv", {"WK01"})
    assert read.rows == [("1011", "WK01")]
    lines = {p.line: p.message for p in read.problems}
    assert sorted(lines) == [3, 4, 5, 6, 7]
    assert "four digits" in lines[3] and "four digits" in lines[4]
    assert "also on line 2" in lines[5]
    assert "WK99 is not in the reference figures" in lines[6]
    assert "missing" in lines[7]


def test_postcode_area_of_what_people_type():
    assert tables.postcode_area("1234 AB") == "1234"
    assert tables.postcode_area(" 1234ab ") == "1234"
    assert tables.postcode_area("1234") == "1234"
    assert tables.postcode_area("0123 AB") is None
    assert tables.postcode_area("12345") is None
    assert tables.postcode_area("1234 A") is None
