"""Writes the ZIP packages perfxl builds (.xlsx, .docx), deflated by ISA-L where it is installed.

A run writes thousands of packages; deflating their XML was the largest single cost of the
section reports. ISA-L's deflate (the `isal` package) is about four times faster than zlib's
fastest level and compresses these parts a little better; without it, zlib is used. Parts
compressed once (a .docx's styles and settings, shared by every report) are added as they are.

Only what these packages need is written: no ZIP64, no encryption, fixed timestamps.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from types import ModuleType

DEFLATE: ModuleType
try:
    from isal import isal_zlib as DEFLATE
except ImportError:  # pragma: no cover - a platform without ISA-L wheels
    DEFLATE = zlib
INFLATE = DEFLATE  # for the reader: ISA-L inflates these parts in half zlib's time

LEVEL = 2 if DEFLATE is not zlib else 1  # ISA-L's levels are 0..3
# For packages people mail around: ISA-L's level 3 makes a 44 MB shared-string part 6.3 MB
# where level 2 makes 8.0 MB (zlib's default: 5.4 MB, in 2.5 times the time).
SMALLER = 3 if DEFLATE is not zlib else 6
DEFLATED, STORED = 8, 0
MAX_SIZE = 0x7FFF_FFFF  # well below the 4 GB that would need ZIP64
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@dataclass(frozen=True)
class Part:
    """One member, already compressed: add it to any number of packages."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream, or the bytes themselves when stored
    method: int = DEFLATED
    date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)


def compress_part(name: str, data: bytes, level: int = LEVEL,
                  date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)
                  ) -> Part:
    """`data` deflated as a ZIP member called `name`."""
    if len(data) > MAX_SIZE:
        raise ValueError(f"{name}: {len(data)} bytes is more than a package part may hold")
    compressor = DEFLATE.compressobj(level, DEFLATE.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    return Part(name, DEFLATE.crc32(data) & 0xFFFF_FFFF, len(data), deflated,
                date_time=date_time)


def write_package(parts: list[Part]) -> bytes:
    """The bytes of a ZIP file holding `parts` in the order given."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for part in parts:
        name = part.name.encode("utf-8")
        flags = 0 if part.name.isascii() else _UTF8_NAME
        time, date = _dos_time(part.date_time)
        header = _LOCAL.pack(0x04034B50, 20, flags, part.method, time, date, part.crc,
                             len(part.data), part.size, len(name), 0) + name
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, flags, part.method, time, date,
                                     part.crc, len(part.data), part.size, len(name), 0, 0, 0,
                                     0, 0, offset) + name)
        out += (header, part.data)
        offset += len(header) + len(part.data)
    if offset > MAX_SIZE or len(parts) > 0xFFFF:
        raise ValueError("package too large to write without ZIP64")
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(parts), len(parts), len(directory), offset, 0)
    return b"".join((*out, directory, end))


def _dos_time(moment: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = moment
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day
