"""Reach and representativeness: profile questions, reference figures, who takes part against who lives here."""
