"""Adds ``language`` ({code, confidence, source, supported}) to every parse result."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text.language_id import identify, warm_up

LANGUAGE = "language"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class LanguageDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"languages": ["en", "zh"], "default_language": "en"}

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return None  # works on any text; reports which languages are supported

    @staticmethod
    def required_packages() -> List[str]:
        return ["langdetect"]

    def __init__(self, config: Dict[str, Any]) -> None:
        self._languages = tuple(config["languages"])
        self._default = config["default_language"]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        warm_up()
        return cls(config)

    def _detect(self, message: Message) -> None:
        text = message.get(TEXT)
        if text is None:
            return
        metadata = message.get("metadata") or {}
        if not isinstance(metadata, dict):
            metadata = {}
        guess = identify(
            text,
            self._languages,
            locale=metadata.get("locale"),
            conversation=metadata.get("conversation_language"),
            default=self._default,
        )
        message.set(LANGUAGE, guess.as_dict(), add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._detect(example)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._detect(message)
        return messages
