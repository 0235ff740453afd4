"""Reading CSV column by column: what offices send comes out trimmed, on the right line numbers."""

import pytest

from iljari.core.errors import ServiceError
from iljari.interchange.csvio import read_csv_table


def test_values_are_trimmed_blank_rows_skipped_and_lines_kept():
    t = read_csv_table("a, b\n 1 ,x\u3000\n\n,,\n2,\ty\n".encode(), required=["a", "b"])
    assert list(t.columns["a"]) == ["1", "2"] and list(t.columns["b"]) == ["x", "y"]
    assert list(t.lines) == [2, 5]


def test_unpadded_files_skip_the_trim_but_read_the_same():
    t = read_csv_table(b"a,b\r\n1,x\r\n2,y\r\n", required=["a"])
    assert list(t.columns["b"]) == ["x", "y"] and list(t.lines) == [2, 3]


def test_a_quoted_line_break_keeps_later_line_numbers_right():
    t = read_csv_table(b'a,b\n1,"two\nlines "\n3,z\n', required=["a"])
    assert list(t.columns["b"]) == ["two\nlines", "z"] and list(t.lines) == [3, 4]


def test_uneven_rows_and_cp949_are_read():
    t = read_csv_table("사업,값\n가,1,extra\n나\n".encode("cp949"), required=["사업"])
    assert t.encoding == "cp949" and list(t.columns["값"]) == ["1", ""]


def test_missing_header_column_is_named():
    with pytest.raises(ServiceError) as exc:
        read_csv_table(b"a,b\n1,2\n", required=["a", "value"])
    assert "value" in exc.value.problems[0].message_en
