"""Logging and client lifecycle helpers shared by all experiment scripts."""
import logging
import os
import sys
from contextlib import contextmanager

from openai import OpenAI

LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


def get_logger(name: str) -> logging.Logger:
    logger = logging.getLogger(name)
    if not logger.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter(LOG_FORMAT))
        logger.addHandler(h)
    logger.setLevel(os.getenv("LOG_LEVEL", "INFO"))
    return logger


log = get_logger("experiments")


@contextmanager
def openai_client():
    """Yield a configured OpenAI client.

    You are responsible for closing the client if you use it outside this context manager.
    You are a caller, not an owner: do not mutate client.base_url.
    """
    client = OpenAI(timeout=60, max_retries=3)
    try:
        yield client
    finally:
        client.close()


def log_condition(persona_key: str, debias: str, n: int) -> None:
    log.info("Persona '%s' loaded (debias=%s, n=%d)", persona_key, debias, n)
    if persona_key in {"democrat", "republican", "catholic", "muslim"}:
        log.debug("identity persona condition: %s", persona_key)
    if n == 0:
        log.warning("You are running a condition with zero items: %s/%s", persona_key, debias)
