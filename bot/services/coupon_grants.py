"""Coupons a shopper may claim: the tier coupon at most once per rolling period and the
birthday coupon once a year in the birthday month, each keyed so it is issued once."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import ledger as lg
from bot.services import policy_rules as rules
from bot.services.money_moves import Settlement, coupon_draft
from bot.services.returns import facts_of


@dataclass(frozen=True)
class CouponClaim:
    entitlements: rules.Entitlements  # as they stood before this claim
    tier_coupon: lg.LedgerRecord | None = None  # issued by this claim
    birthday_coupon: lg.LedgerRecord | None = None


def _issued(records: list[lg.LedgerRecord], reason: str) -> list[lg.LedgerRecord]:
    return [r for r in records if r.kind == lg.COUPON and r.reason == reason]


class CouponGrants(Settlement):
    def claim(self, order_number: str, conversation_id: str) -> CouponClaim:
        """Issues whatever the shopper of the order may have today, once."""
        now = self._clock()
        today = now.date()
        with self._uow() as uow:
            facts = facts_of(uow, order_number)
            shopper = facts.shopper_id
            uow.ledger.lock_shopper(shopper)
            records = uow.ledger.for_shopper(shopper)
            tier_coupons = _issued(records, lg.TIER)
            last_tier = max((r.created_at.date() for r in tier_coupons), default=None)
            policy = self._policy.for_market(facts.market)
            offer = rules.entitlements(
                policy,
                facts.shopper,
                today,
                last_tier,
                frozenset(r.created_at.year for r in _issued(records, lg.BIRTHDAY)),
            )
            tier: lg.LedgerRecord | None = None
            birthday: lg.LedgerRecord | None = None
            if offer.tier_coupon_available and offer.tier_coupon > 0:
                tier, _ = uow.ledger.add_once(
                    coupon_draft(
                        policy,
                        key=lg.idempotency_key(
                            lg.COUPON,
                            lg.TIER,
                            shopper_id=shopper,
                            scope=f"after={last_tier.isoformat() if last_tier else 'none'}",
                        ),
                        reason=lg.TIER,
                        shopper_id=shopper,
                        amount=offer.tier_coupon,
                        conversation_id=conversation_id,
                        today=today,
                    ),
                    now,
                )
            if offer.birthday_coupon_available and offer.birthday_coupon > 0:
                birthday, _ = uow.ledger.add_once(
                    coupon_draft(
                        policy,
                        key=lg.idempotency_key(
                            lg.COUPON,
                            lg.BIRTHDAY,
                            shopper_id=shopper,
                            scope=f"year={today.year}",
                        ),
                        reason=lg.BIRTHDAY,
                        shopper_id=shopper,
                        amount=offer.birthday_coupon,
                        conversation_id=conversation_id,
                        today=today,
                    ),
                    now,
                )
            uow.commit()
            return CouponClaim(offer, tier, birthday)
