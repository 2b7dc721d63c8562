import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage


@pytest.fixture
def model_storage(tmp_path):
    root = tmp_path / "storage"
    root.mkdir()
    return LocalModelStorage(root)


@pytest.fixture
def context():
    return ExecutionContext(GraphSchema({}), "test-model")
