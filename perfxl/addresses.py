"""E-mail address cells as offices type them, read one way for the master's check and for
the drafts' headers: names beside addresses (张三 <k01@…>, k01@… 张三, 张三：k01@…), Chinese
separators and full-width forms (；、＠), Chinese domains."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = frozenset(";,、\r\n")  # after NFKC, which folds ； and ， into these; a
# line break (Alt+Enter between two addresses) separates too, and never reaches a header
# an ASCII local part (张三k01@… is 张三 and k01@…), a domain in any script (IDNA)
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[^@\s<>()\":;,]+\.[^@\s<>().\":;,]+")
_AROUND_A_NAME = " \t:()<>\"'"  # after NFKC: ：（） are folded into these


def parse_addresses(text: str) -> list[tuple[str, str]] | None:
    """(name, address) of every entry of an address cell, the domain in IDNA; None when an
    entry holds no address that mail can be sent to (the master warns; a draft carries the
    text as typed for the office to correct)."""
    found: list[tuple[str, str]] = []
    # 。 typed for . by a Chinese input method (k01@lysfj。gov。cn)
    cleaned = _MAILTO.sub("", unicodedata.normalize("NFKC", text)).replace("。", ".")
    for entry in _named(_entries(cleaned)):
        if _CONTROL.search(entry):  # a tab or another control character: no name has one
            return None
        if "<" in entry and ">" in entry:
            angled = _ANGLED.fullmatch(entry)
            if angled is None:  # two <…>, or an address beside the name: whose is it
                return None
            pairs = [(angled[1].strip().strip('"').strip(), angled[2].strip())]
        else:
            addresses = _ADDRESS.findall(entry)
            rest = entry
            for address in addresses:
                rest = rest.replace(address, " ")
            name = rest.strip(_AROUND_A_NAME + " ")
            if len(addresses) > 1 and name:  # two addresses and a name: whose is it
                return None
            pairs = [(name, address) for address in addresses]
        if not pairs:
            return None
        for name, address in pairs:
            sendable = _sendable(address)
            if sendable is None:
                return None
            found.append((name.strip(), sendable))
    return found or None


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# 张三 <k01@…>, "Huang, Zhijian" <k04@…>: one name (holding no address), one address
_ANGLED = re.compile(r'([^<>@]*)<([^<>]+)>\s*')


_MAILTO = re.compile(r"\bmailto:", re.IGNORECASE)  # copied from a web page's link


def _named(entries: list[str]) -> list[str]:
    """Entries with a name typed before its address across a separator (张三，k01@…)
    joined to that address: a name alone is no entry."""
    joined: list[str] = []
    for entry in entries:
        if joined and "@" not in joined[-1] and "@" in entry and \
                not _ADDRESS.sub("", entry).strip(_AROUND_A_NAME):
            joined[-1] = f"{joined[-1]} {entry}"
        else:
            joined.append(entry)
    return joined


def is_placeholder(text: str) -> bool:
    """Whether a cell holds no address at all ("无", "待定", "同K01"): no To: line."""
    return "@" not in unicodedata.normalize("NFKC", text)


def reachable(text: str) -> str:
    """The addresses a draft to this cell goes to, as a mail program takes them ("k01@…,
    k02@…"); the cell as typed when it holds something that is no address (to correct);
    "" when it holds none ("无", blank): no draft can be sent."""
    text = text.strip()
    if not text or is_placeholder(text):
        return ""
    parsed = parse_addresses(text)
    return ", ".join(address for _name, address in parsed) if parsed else text


def looks_like_addresses(text: str) -> bool:
    return parse_addresses(text) is not None


def address_header(text: str) -> str:
    """An address cell as an ASCII header: names RFC 2047-encoded, a Chinese domain in IDNA.
    What cannot be an address is kept, encoded, for the office to correct in its mail
    program."""
    from email.header import Header
    from email.utils import formataddr

    parsed = parse_addresses(text)
    if parsed is None:
        return Header(text, "utf-8").encode(linesep="\r\n")
    return ", ".join(formataddr(pair, charset="utf-8") for pair in parsed)


def _sendable(address: str) -> str | None:
    local, at, domain = address.rpartition("@")
    if not at or not local.isascii():
        return None
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return f"{local}@{domain}" if _ADDRESS.fullmatch(f"{local}@{domain}") else None


def _entries(text: str) -> list[str]:
    """The entries of a cell, split at separators outside quotes and angle brackets
    ("Huang, Zhijian" <k04@…> is one)."""
    entries: list[str] = []
    current: list[str] = []
    quoted = angled = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "<>":
            angled = char == "<"
        if char in _SEPARATORS and not quoted and not angled:
            entries.append("".join(current))
            current = []
        else:
            current.append(char)
    entries.append("".join(current))
    return [entry.strip() for entry in entries if entry.strip()]
