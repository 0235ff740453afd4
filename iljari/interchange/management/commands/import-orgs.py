from typing import Any  # noqa: F401

from iljari.interchange.canonical import orgs_import

from ._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Import orgs from the canonical CSV, all-or-nothing (docs/interchange.md)."
    kind = "orgs"
    importer = staticmethod(orgs_import)
