"""The order statuses and carrier event codes the store and the replies share."""

PROCESSING = "processing"
IN_TRANSIT = "in_transit"
CUSTOMS_HOLD = "customs_hold"
OUT_FOR_DELIVERY = "out_for_delivery"
DELIVERED = "delivered"
CANCELLED = "cancelled"

ORDER_STATUSES = (
    PROCESSING,
    IN_TRANSIT,
    CUSTOMS_HOLD,
    OUT_FOR_DELIVERY,
    DELIVERED,
    CANCELLED,
)
OPEN_STATUSES = (PROCESSING, IN_TRANSIT, CUSTOMS_HOLD, OUT_FOR_DELIVERY)

EVENT_CODES = (
    "LABEL_CREATED",
    "PICKED_UP",
    "DEPARTED_ORIGIN",
    "ARRIVED_AT_HUB",
    "IN_TRANSIT",
    "CUSTOMS_HOLD",
    "CUSTOMS_CLEARED",
    "OUT_FOR_DELIVERY",
    "DELIVERED",
)
