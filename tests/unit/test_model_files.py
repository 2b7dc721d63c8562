import shutil

from bot.model_files import fingerprint, model_path
from bot.settings import PROJECT_ROOT


def copy_inputs(target):
    for name in ("config.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, target / name)
    shutil.copytree(PROJECT_ROOT / "data", target / "data")
    shutil.copytree(PROJECT_ROOT / "bot" / "nlu", target / "bot" / "nlu")


def test_fingerprint_changes_with_training_data_only(tmp_path):
    copy_inputs(tmp_path)
    before = fingerprint(tmp_path)
    (tmp_path / "README.md").write_text("docs do not retrain")
    assert fingerprint(tmp_path) == before
    with (tmp_path / "data" / "nlu" / "en.yml").open("a") as handle:
        handle.write("\n")
    after = fingerprint(tmp_path)
    assert after != before
    assert model_path(tmp_path / "models", tmp_path).name == f"model-{after}.tar.gz"


def test_a_data_dir_elsewhere_with_the_same_files_gives_the_same_model(tmp_path):
    """DATA_DIR may live anywhere: the fingerprint names files relative to it, so a
    copy of the data reuses the trained model and a reviewed example retrains."""
    copy_inputs(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "training-data"
    shutil.copytree(tmp_path / "data", elsewhere)
    assert fingerprint(tmp_path, elsewhere) == fingerprint(tmp_path)
    (elsewhere / "nlu" / "review").mkdir()
    (elsewhere / "nlu" / "review" / "es.yml").write_text("nlu: []\n")
    assert fingerprint(tmp_path, elsewhere) != fingerprint(tmp_path)
