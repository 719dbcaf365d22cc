"""``newsclean explain``: every block with its label and the evidence behind it."""

from __future__ import annotations

import click

from .model import Article, Label

_COLOURS: dict[Label, str] = {
    Label.BODY: "green",
    Label.SUBHEADING: "bright_green",
    Label.HEADLINE: "bright_cyan",
    Label.STANDFIRST: "cyan",
    Label.SECTION: "blue",
    Label.BYLINE: "blue",
    Label.TIMESTAMP: "magenta",
    Label.CAPTION: "yellow",
    Label.CREDIT: "yellow",
    Label.BOILERPLATE: "bright_black",
    Label.RELATED: "red",
}
_TEXT_WIDTH = 90


def render_explanation(article: Article, *, color: bool) -> str:
    """One entry per block: line number, label, text (shortened), then the reasons."""
    out = [f"# {article.source.path or '<input>'}: {len(article.blocks)} blocks, language {article.language}"]
    for field, value in (
        ("headline", article.headline),
        ("section", article.section),
        ("published", article.published),
        ("updated", article.updated),
        ("dateline", article.dateline.text if article.dateline else None),
    ):
        out.append(f"#   {field}: {value}")
    for warning in article.warnings:
        out.append(f"#   warning: {warning}")
    for block in article.blocks:
        text = block.text if len(block.text) <= _TEXT_WIDTH else block.text[: _TEXT_WIDTH - 1] + "…"
        label = f"{block.label.value:<11}"
        if color:
            label = click.style(label, fg=_COLOURS[block.label], bold=block.label.in_body)
        out.append(f"L{block.line_no:<5} {label} {text}")
        for reason in block.reasons:
            out.append(f"{'':19}  ↳ {reason}")
    return "\n".join(out)
