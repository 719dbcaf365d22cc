"""Exceptions the library raises for bad input. Anything else escaping ``extract`` is a bug."""


class NewscleanError(Exception):
    """Base class: the input could not be turned into an article record."""


class DecodeError(NewscleanError):
    """The bytes are not text in any encoding we can recognise (binary, or mixed garbage)."""


class UnsupportedFormatError(NewscleanError):
    """The input is in a format this version cannot extract (e.g. HTML before HTML support)."""


class InputTooLargeError(NewscleanError):
    """The input exceeds ``Options.max_bytes``."""
