"""Record linkage of person records: the engine (Splink on DuckDB or Spark), a Korean synthetic data generator and
the quality evaluation. Pure Python on pandas frames; the database side lives elsewhere."""
