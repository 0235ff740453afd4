from iljari.interchange.canonical import staffing_import

from ._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Import 인력 현황 (org_unit, as_of, grade, authorized, current) from CSV, all-or-nothing."
    kind = "staffing"
    importer = staticmethod(staffing_import)
