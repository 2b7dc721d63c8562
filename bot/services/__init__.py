"""Business rules: plain functions and classes over plain data (no Rasa, no SQLAlchemy)."""
