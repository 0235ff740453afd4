from typing import Any

from iljari.interchange.canonical import facts_import

from ._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Import facts from the canonical CSV, all-or-nothing (docs/interchange.md)."
    kind = "facts"
    importer = staticmethod(facts_import)

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--strict", action="store_true",
                            help="treat warnings (e.g. a cumulative value that decreases) as errors")

    def extra_kwargs(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"strict": options["strict"]}
