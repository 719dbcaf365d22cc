"""`python -m newsclean` runs the CLI."""

from .cli import main

main()
