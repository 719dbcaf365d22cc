"""``newsclean explain``: every block with its label and the evidence behind it."""

from __future__ import annotations

import click

from .model import Article, DomEvidence, Label

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
        if block.dom is not None:
            out.append(f"{'':19}  ↳ {_structure(block.dom)}")
        for reason in block.reasons:
            out.append(f"{'':19}  ↳ {reason}")
    return "\n".join(out)


def _structure(dom: DomEvidence) -> str:
    """The HTML evidence of a line: where it sits, how much of it is links, what the
    enclosing elements' landmarks and class words say."""
    ctx = dom.context
    parts = [f"in {ctx.path()}"]
    if dom.link_share:
        parts.append(f"links {dom.link_share:.0%}")
    if ctx.landmarks:
        parts.append("within " + ",".join(sorted(ctx.landmarks)))
    words = [f"{n} boilerplate" for n in [ctx.boiler_tokens] if n] + [f"{n} content" for n in [ctx.content_tokens] if n]
    if words:
        parts.append("class words: " + ", ".join(words))
    if ctx.hints:
        parts.append("hints " + ",".join(sorted(ctx.hints)))
    return "; ".join(parts)
