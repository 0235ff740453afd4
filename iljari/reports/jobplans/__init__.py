"""지역일자리 공시제: the job plans a local government must publish (the comprehensive plan of a mayor's term and the
annual detailed plan), their mandatory items, and their publication as frozen public pages (docs/reports.md)."""
