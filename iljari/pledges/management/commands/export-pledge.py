"""iljari export-pledge NUMBER [-o FILE.json] — a pledge as the document import-pledge takes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.pledges.models import Pledge
from iljari.pledges.services import pledge_document


class Command(BaseCommand):
    help = "Write a pledge as its JSON document (edit it and import it again with import-pledge)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number")
        parser.add_argument("-o", "--output", default="")

    def handle(self, *args: Any, **o: Any) -> None:
        pledge = Pledge.objects.filter(number=o["number"]).first()
        if pledge is None:
            raise CommandError(f"no pledge numbered {o['number']}")
        text = json.dumps(pledge_document(pledge), ensure_ascii=False, indent=2)
        if o["output"]:
            Path(o["output"]).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
