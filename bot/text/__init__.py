"""Text handling shared by the NLU components and the services (no Rasa imports)."""
