"""The demo city's content, one module per method; ``load_demo_data`` runs them in order."""


def shows_method(page, block_type, method) -> bool:
    """Whether ``page.participation`` already has a ``block_type`` block for ``method`` (in any
    language), so loading the demo again adds nothing twice."""
    for child in page.participation:
        chosen = child.value.get("method") if child.block_type == block_type else None
        if chosen is not None and chosen.translation_key == method.translation_key:
            return True
    return False
