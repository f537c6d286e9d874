"""Scoring riftwatch against gold data: PLOVER gold sentences, PETRARCH's validation suite."""
