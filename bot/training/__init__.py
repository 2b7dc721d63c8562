"""Teaching the assistant: reviewed examples into the training data."""
