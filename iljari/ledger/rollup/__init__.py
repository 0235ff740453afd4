"""The one roll-up engine behind the CLI, the API, the pages and the exports (see engine.py).

- results: dimensions, figures of a group, rows, the result with totals;
- sql: as-of slices and the SQL over fact versions;
- labels: labels, codes and order of groups, filters resolved from codes;
- engine: `rollup`, `program_figures`, `programs_with`/`programs_split`, `fact_frame`.
The month-end slices themselves are ledger.cube.
"""

from .engine import fact_frame, program_figures, programs_split, programs_with, rollup
from .results import (
           DIM_LABELS,
           DIMENSIONS,
           METRICS,
           NON_ADDITIVE,
           PERIOD_DIMS,
           Figures,
           RollupError,
           RollupResult,
           RollupRow,
)
from .sql import default_as_of

__all__ = ["DIMENSIONS", "DIM_LABELS", "METRICS", "NON_ADDITIVE", "PERIOD_DIMS", "Figures", "RollupError",
           "RollupResult", "RollupRow", "default_as_of", "fact_frame", "program_figures", "programs_split",
           "programs_with", "rollup"]
