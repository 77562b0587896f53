"""The listing pager names its navigation for screen readers, even where the page gives no label."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render_pager(**context):
    page_obj = Paginator(range(50), 10).page(2)
    request = RequestFactory().get("/?page=2&sort=votes")
    return render_to_string(
        "wagtail_participation/includes/pagination.html", {"page_obj": page_obj, "request": request, **context}
    )


def test_pager_without_a_label_is_named_pages():
    html = render_pager()
    assert 'aria-label="Pages"' in html
    assert 'aria-label=""' not in html


def test_pager_keeps_the_label_a_page_gives():
    html = render_pager(label="Pages of projects")
    assert 'aria-label="Pages of projects"' in html
