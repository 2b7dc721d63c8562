"""Custom Rasa NLU components (imported by Rasa from its own environment)."""
