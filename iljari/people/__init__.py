"""People across programs: the person registry, benefit history, record linkage and the double-receipt check."""
