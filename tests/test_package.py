"""The ZIP writer behind perfxl's .xlsx and .docx files: any reader opens what it writes."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.package import STORED, Part, compress_part, write_package

NAMES = st.text(alphabet="abcxyz/._[]自评表", min_size=1, max_size=20).filter(
    lambda n: not n.startswith("/") and "//" not in n)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(NAMES, st.binary(max_size=5000) | st.text(max_size=800).map(str.encode),
                       min_size=1, max_size=6),
       st.integers(0, 3))
def test_zipfile_reads_back_every_part(contents: dict[str, bytes], level: int) -> None:
    parts = [compress_part(name, data, level=level) for name, data in contents.items()]
    package = zipfile.ZipFile(io.BytesIO(write_package(parts)))
    assert package.testzip() is None
    assert package.namelist() == list(contents)
    for name, data in contents.items():
        assert package.read(name) == data
        assert package.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0)


def test_stored_parts_dates_and_determinism() -> None:
    stored = Part("mimetype", zipfile.crc32(b"abc"), 3, b"abc", method=STORED,
                  date_time=(2026, 11, 28, 13, 45, 30))
    parts = [stored, compress_part("xl/自评表.xml", "自评".encode() * 1000)]
    first = write_package(parts)
    assert write_package(parts) == first
    package = zipfile.ZipFile(io.BytesIO(first))
    assert package.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    assert package.getinfo("mimetype").date_time == (2026, 11, 28, 13, 45, 30)
    assert package.read("xl/自评表.xml") == "自评".encode() * 1000
    assert package.getinfo("xl/自评表.xml").flag_bits & 0x800  # the name is UTF-8


def test_a_part_is_reused_across_packages() -> None:
    shared = compress_part("styles.xml", b"<styles/>" * 100)
    for body in (b"one", b"two"):
        package = zipfile.ZipFile(io.BytesIO(write_package([shared,
                                                            compress_part("body.xml", body)])))
        assert package.read("styles.xml") == b"<styles/>" * 100
        assert package.read("body.xml") == body


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(NAMES, st.binary(max_size=5000) | st.text(max_size=800).map(str.encode),
                       min_size=1, max_size=6),
       st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]))
def test_the_reader_inflates_what_zipfile_writes(contents: dict[str, bytes], method: int) -> None:
    """perfxl.reader.Package (ISA-L inflation, bounded) reads what any writer writes, and its
    head() gives the first bytes without inflating the rest."""
    from perfxl.reader import Package

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    package = Package(buffer.getvalue())
    for name, data in contents.items():
        assert package.read(name) == data
        assert package.head(name, 100) == data[:100]


def test_a_damaged_member_is_an_error_not_garbage() -> None:
    from perfxl.reader import Package, _Refused

    data = "自评表".encode() * 2000
    raw = bytearray(write_package([compress_part("xl/a.xml", data)]))
    position = raw.find(b"xl/a.xml") + len("xl/a.xml") + 40  # inside the deflate stream
    raw[position] ^= 0xFF
    # a bad stream, a wrong CRC or more bytes than declared: never the damaged bytes
    with pytest.raises((zipfile.BadZipFile, OSError, ValueError, _Refused)):
        Package(bytes(raw)).read("xl/a.xml")
