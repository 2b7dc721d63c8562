"""Entities for order numbers, e-mails and postcodes (fixed patterns) and for language
names ("English", "español", "中文": value is the language code) and for the countries the
shop sells to ("Deutschland", "美国": value is the market code)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.text.identifiers import find_identifiers
from bot.text.language_id import find_language_names
from bot.text.market_names import find_market_names

ENTITY_KINDS = ("order_number", "email", "postcode")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class IdentifierEntityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IdentifierEntityExtractor:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = (
                [
                    {
                        "entity": ident.kind,
                        "start": ident.start,
                        "end": ident.end,
                        "value": ident.value,
                        "confidence_entity": 1.0,
                        "extractor": self.name,
                    }
                    for ident in find_identifiers(text)
                    if ident.kind in ENTITY_KINDS
                ]
                + [
                    {
                        "entity": "language_name",
                        "start": start,
                        "end": end,
                        "value": code,
                        "confidence_entity": 1.0,
                        "extractor": self.name,
                    }
                    for start, end, code in find_language_names(text)
                ]
                + [
                    {
                        "entity": "market",
                        "start": start,
                        "end": end,
                        "value": market,
                        "confidence_entity": 1.0,
                        "extractor": self.name,
                    }
                    for start, end, market in find_market_names(text)
                ]
            )
            message.set(
                ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True
            )
        return messages
