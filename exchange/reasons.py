"""Why a call to the server failed, in a sentence for the outbox, the inbox and the app, with no
secret in it (exchange.settings.redact)."""

from __future__ import annotations


def failure_reason(e: Exception) -> str:
    """What went wrong, in a sentence for the outbox and the app (no secret in it: exchange.settings.redact)."""
    from exchange import settings

    return settings.redact(_reason(e), settings.load())


def _reason(e: Exception) -> str:
    import requests

    from exchange.bounded import ServerAnswerError
    from exchange.settings import InsecureServerError

    if isinstance(e, (ServerAnswerError, InsecureServerError)):
        return str(e)
    if isinstance(e, requests.exceptions.SSLError):
        return "the server's TLS certificate could not be verified"
    if isinstance(e, requests.exceptions.Timeout):
        return "the server did not answer in time"

    if isinstance(e, requests.exceptions.ConnectionError):
        return "the server did not answer (offline or down)"
    if isinstance(e, requests.exceptions.HTTPError) and e.response is not None:
        if e.response.status_code in (401, 403):
            return "the server refused the sign-in"
        return f"the server answered {e.response.status_code}"
    return f"{type(e).__name__}: {str(e)[:200]}"
