"""rasa-sdk actions: thin glue from slots to one service call and back to events."""
