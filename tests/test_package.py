"""The ZIP writer behind perfxl's .xlsx and .docx files: any reader opens what it writes."""

from __future__ import annotations

import io
import zipfile

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
