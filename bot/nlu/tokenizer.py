"""One tokenizer for every script (jieba for Chinese, script runs for Japanese,
words otherwise), keeping order numbers, e-mails and URLs as single tokens.

The Chinese domain word list is copied into the model at training time, so a loaded
model always tokenizes exactly as it did when it was trained.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text.identifiers import find_identifiers
from bot.text.segmentation import ChineseSegmenter, segment

DEFAULT_WORDS = Path(__file__).resolve().parent.parent / "text" / "zh_domain_words.txt"
WORDS_FILE = "zh_domain_words.txt"
EMPTY_MARKER = "__empty__"


def _read_words(path: Path) -> List[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True
)
class MultiScriptTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "domain_words_path": str(DEFAULT_WORDS),
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return None

    @staticmethod
    def required_packages() -> List[str]:
        return ["jieba"]

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        words: List[str],
    ) -> None:
        super().__init__(config)
        self._model_storage = model_storage
        self._resource = resource
        self.words = words
        self._chinese = ChineseSegmenter(words)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultiScriptTokenizer:
        words = _read_words(Path(config["domain_words_path"]))
        return cls(config, model_storage, resource, words)

    def train(self, training_data: TrainingData) -> Resource:
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / WORDS_FILE).write_text(
                "\n".join(self.words) + "\n", encoding="utf-8"
            )

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MultiScriptTokenizer:
        with model_storage.read_from(resource) as directory:
            words = _read_words(Path(directory) / WORDS_FILE)
        return cls(config, model_storage, resource, words)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        text = message.get(attribute)
        language = (message.get("language") or {}).get("code")
        kinds = {ident.start: ident.kind for ident in find_identifiers(text or "")}
        # Identifiers reach the featurizers as their kind, so the intent does not hang
        # on which digits or which e-mail a shopper typed; offsets stay those of the text.
        tokens = [
            Token(
                f"__{kinds[start]}__" if start in kinds else word,
                start,
                start + len(word),
            )
            for word, start in segment(text, language, self._chinese)
        ]
        tokens = self._apply_token_pattern(tokens)
        # Classifiers need at least one token: an empty or blank message gets a marker
        # token (the input guard then answers it) instead of crashing the pipeline.
        return tokens or [Token(EMPTY_MARKER, 0, end=len(text or ""))]
