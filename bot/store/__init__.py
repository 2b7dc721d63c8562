"""Order and conversation store: SQLAlchemy 2.0 models, repositories, unit of work."""
