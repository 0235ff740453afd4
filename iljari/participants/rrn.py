"""주민등록번호 helpers, kept here under their old import path: the parsing, keyed hash and encryption live in
`iljari.core.rrn` so that the person registry (`iljari.people`, a layer below participants) can hash the numbers
of a district's participant list too."""

from iljari.core.rrn import Rrn, decrypt_rrn, encrypt_rrn, invalid, parse_rrn, rrn_hash

__all__ = ["Rrn", "decrypt_rrn", "encrypt_rrn", "invalid", "parse_rrn", "rrn_hash"]
