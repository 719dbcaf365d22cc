"""String-level metadata parsers: timestamps, datelines, bylines and photo captions."""
