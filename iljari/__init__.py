"""iljari (일자리): registry, ledger and roll-ups of a Korean local government's job programs."""
