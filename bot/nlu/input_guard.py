"""Turns unreadable messages into ``nlu_fallback`` and says why in ``input_issue``.

Runs last, after the classifiers, so a too-long, empty, code-like or wordless message, or
one in a language we do not speak, is never read as a request; the fallback action picks
the reply from ``input_issue``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.text.input_guard import TOO_LONG, input_issue, language_issue

INPUT_ISSUE = "input_issue"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class InputGuard(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"max_chars": 1000}

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return None

    def __init__(self, config: Dict[str, Any]) -> None:
        self._max_chars = int(config["max_chars"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputGuard:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            issue = input_issue(message.get(TEXT), self._max_chars) or language_issue(
                message.get("language")
            )
            message.set(INPUT_ISSUE, issue, add_to_output=True)
            if issue is None:
                continue
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback], add_to_output=True)
            if issue == TOO_LONG:
                message.set(ENTITIES, [], add_to_output=True)
        return messages
