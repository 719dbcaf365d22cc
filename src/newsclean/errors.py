"""Exceptions the library raises for bad input. Anything else escaping ``extract`` is a bug."""


class NewscleanError(Exception):
    """Base class: the input could not be turned into an article record."""


class DecodeError(NewscleanError):
    """The bytes are not text in any encoding we can recognise (binary, or mixed garbage)."""


class UnsupportedFormatError(NewscleanError):
    """The input is in a format this version cannot extract (e.g. HTML before HTML support lands)."""


class InputTooLargeError(NewscleanError):
    """The input exceeds ``Options.max_bytes``."""


class ResourceLimitError(InputTooLargeError):
    """The input is within ``max_bytes`` but exceeds another limit that keeps time and memory
    bounded: too many lines or elements, elements nested too deep, a text run too long for the
    HTML parser. Refused whole rather than extracted in part."""
