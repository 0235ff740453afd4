"""The database refuses double bookings (PostgreSQL): two live bookings of one seat whose times overlap, and two
live rental lines of one suit piece whose days overlap, cannot both be stored, whatever door they come through
(the booking service, the API, an operator's desk entry, an import or a raw SQL statement).

`btree_gist` lets a GiST index compare the seat's and the piece's id with `=` beside the range overlap `&&`.
Times are half-open `[start, end)`: one booking may start when the previous ends. Rental days are closed `[first,
last]`: a piece due back on the 4th cannot be lent from the 4th. SQLite has no exclusion constraints: its write
transactions are serialised (IMMEDIATE) and the services check overlaps before they write (tested both ways)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE bookings_booking ADD CONSTRAINT booking_seat_no_overlap
       EXCLUDE USING gist (seat_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
       WHERE (seat_id IS NOT NULL AND status IN ('booked', 'checked_in'))""",
    """ALTER TABLE bookings_rentalline ADD CONSTRAINT rental_item_no_overlap
       EXCLUDE USING gist (item_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&) WHERE (live)""",
]
BACKWARD = [
    "ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS booking_seat_no_overlap",
    "ALTER TABLE bookings_rentalline DROP CONSTRAINT IF EXISTS rental_item_no_overlap",
]


def _run(statements):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
