"""The yearly review (SPEC §8): figures, disclosure control, charts, public and private versions."""
