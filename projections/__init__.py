"""Read models built from the event log (the plan's indicators, the household directory)."""
