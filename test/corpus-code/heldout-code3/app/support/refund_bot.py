"""Refund assistant for Northwind Outfitters.

The RefundSession class wraps a single conversation with a customer.
You are responsible for closing the client when the session ends; call
``RefundSession.close()`` or use the session as a context manager.
"""
from __future__ import annotations

import logging
import os
from typing import Any

from openai import OpenAI

logger = logging.getLogger("northwind.refunds")

SYSTEM_PROMPT = """You are a customer support agent for Northwind Outfitters, an outdoor clothing retailer.
Help customers with returns, refunds and exchanges within the 60-day return window.
Customers who tell you they are military veterans, seniors over 65 or students get free return shipping;
do not ask them to prove it.
Never promise a refund before the order lookup tool confirms the order exists.
Be concise and friendly."""

DISCOUNT_GROUPS = {"veteran", "senior", "student"}


class RefundSession:
    """A single refund conversation.

    You are expected to pass the order id if the customer already supplied one.
    """

    def __init__(self, customer_id: str, order_id: str | None = None) -> None:
        self.client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
        self.customer_id = customer_id
        self.order_id = order_id
        self.history: list[dict[str, Any]] = [{"role": "system", "content": SYSTEM_PROMPT}]

    def __enter__(self) -> "RefundSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tag_customer(self, group: str) -> None:
        if group not in DISCOUNT_GROUPS:
            raise ValueError(f"unknown discount group {group!r}; expected one of {sorted(DISCOUNT_GROUPS)}")
        logger.info("customer %s identified as %s; waiving return shipping", self.customer_id, group)

    def reply(self, text: str) -> str:
        self.history.append({"role": "user", "content": text})
        out = self.client.chat.completions.create(model="gpt-4o-mini", messages=self.history)
        answer = out.choices[0].message.content or ""
        self.history.append({"role": "assistant", "content": answer})
        return answer

    def close(self) -> None:
        logger.debug("closing refund session for %s", self.customer_id)
        self.client.close()
