"""Multilingual customer-service assistant for cross-border e-commerce.

Sub-packages are imported from two environments: ``bot.nlu`` and ``bot.text`` run inside
Rasa's (SQLAlchemy 1.4, TensorFlow); everything else runs in the light application
environment (rasa-sdk, SQLAlchemy 2.0). Keep this file free of imports.
"""
