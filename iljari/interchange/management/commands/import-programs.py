from typing import Any  # noqa: F401

from iljari.interchange.canonical import programs_import

from ._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Import programs from the canonical CSV, all-or-nothing (docs/interchange.md)."
    kind = "programs"
    importer = staticmethod(programs_import)
