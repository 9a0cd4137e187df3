"""Running the pipeline across processes, at a lower priority, in scratch folders."""
