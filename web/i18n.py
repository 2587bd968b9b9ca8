"""Which language to answer in: Vietnamese unless the caller prefers English."""

from __future__ import annotations

from fastapi import Request

LANGUAGES = ("vi", "en")


def preferred(accept_language: str) -> str | None:
    """The supported language the `Accept-Language` header ranks highest, if it names one."""
    best: tuple[float, str] | None = None
    for part in accept_language.split(","):
        tag, _, weight = part.strip().partition(";")
        primary = tag.split("-")[0].strip().lower()
        try:
            quality = float(weight.strip().removeprefix("q=")) if weight else 1.0
        except ValueError:
            quality = 0.0
        if primary in LANGUAGES and quality > 0 and (best is None or quality > best[0]):
            best = (quality, primary)
    return best[1] if best else None


def language(request: Request) -> str:
    """`Accept-Language` when it names vi or en, else the deployment's `GIAMNGHEO_LANG`."""
    default: str = request.app.state.system.settings.lang
    return preferred(request.headers.get("accept-language", "")) or default
