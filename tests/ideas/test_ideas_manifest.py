"""The ideas app's manifest: what it registers with the core, and the core without it."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.builders import make_board, make_idea
from wagtail_participation import (
    capabilities,
    contribution_kinds,
    contributions,
    figures,
    manifests,
    my_items,
    personal_data,
    reviews,
)
from wagtail_participation.ideas.models import Idea, IdeaBoardPage
from wagtail_participation.models import Contribution, Participant, ReviewRequest, Visibility

IDEAS = "participation_ideas"


@pytest.fixture
def without_ideas():
    """The core as on a site without the ideas app: its manifest and all it registered are gone."""
    manifest = manifests.unregister(IDEAS)
    assert manifest is not None
    yield
    manifests.register(manifest)


@pytest.mark.django_db  # a page's constructor reads its ContentType (cached only after another test)
def test_the_manifest_registers_the_ideas_kinds_sources_and_sections():
    manifest = manifests.get(IDEAS)
    assert manifest.page_models == (IdeaBoardPage,) and manifests.for_page(IdeaBoardPage(title="x")) is manifest
    codes = [kind.code for kind in personal_data.kinds()]
    # Where they always were: after the account, before comments and votes on ideas (the core's).
    assert codes.index("census") < codes.index("ideas") < codes.index("comments") < codes.index("idea_votes")
    sources = [source.code for source in figures.sources()]
    assert sources[:3] == ["ideas", "comments", "idea_votes"]
    assert [section.code for section in my_items.sections()][0] == "ideas"
    kind = contribution_kinds.get("idea")
    assert kind.model is Idea and kind.moderation_permission == "participation_ideas.change_idea"
    assert kind.moderation_namespace == "participation_ideas" and kind.restore is None
    assert "ideas" in [source.code for source in capabilities.text_sources()]
    assert "ideas" in [source.code for source in capabilities.located_sources()]
    assert "ideas" in [resource.code for resource in capabilities.api_resources()]


def test_without_the_manifest_nothing_of_the_ideas_is_registered(without_ideas):
    assert manifests.get(IDEAS) is None and IdeaBoardPage not in manifests.page_models()
    assert "ideas" not in [kind.code for kind in personal_data.kinds()]
    assert {"ideas", "idea_votes"}.isdisjoint(source.code for source in figures.sources())
    assert "comments" in [source.code for source in figures.sources()]  # the core's own
    assert contribution_kinds.get("idea") is None
    assert "ideas" not in [source.code for source in capabilities.text_sources()]


@pytest.mark.django_db
def test_the_kind_of_an_idea_is_found_from_the_shared_row(home, now, django_assert_num_queries):
    idea = make_idea(make_board(home, now=now))
    shared = Contribution.objects.get(pk=idea.pk)
    with django_assert_num_queries(0):
        assert contribution_kinds.kind_of(idea).code == "idea"
    with django_assert_num_queries(1):
        assert contribution_kinds.kind_of(shared).code == "idea"
    specific = contribution_kinds.specific(shared)
    assert type(specific) is Idea and specific.pk == idea.pk
    assert reviews.kind_of(shared) == ReviewRequest.Kind.IDEA
    assert reviews.moderation_permission("idea") == "participation_ideas.change_idea"


@pytest.mark.django_db
def test_ideas_offer_only_visible_texts_places_and_public_fields(home, now, make_area):
    noord = make_area("Noord", "noord", "3000")
    board = make_board(home, now=now)
    record = board.participation_record
    author = Participant.new_anonymous()
    Participant.objects.filter(pk=author.pk).update(display_name="Ann")
    author.refresh_from_db()
    placed = make_idea(board, author=author, title="Lights", body="Dark crossing.", area=noord, show_author=True)
    named = make_idea(board, title="Bench", location_text="Kerkstraat 4", language="nl")
    make_idea(board, title="Nowhere in particular")
    make_idea(board, title="Hidden", area=noord, visibility=Visibility.HIDDEN)
    make_idea(board, title="Waiting", visibility=Visibility.PRESCREENING)

    texts = [entry for entry in capabilities.texts([record]) if entry[0].startswith("idea:")]
    assert (f"idea:{placed.pk}", "Lights\n\nDark crossing.", "en") in texts
    assert {key for key, _text, _language in texts} == {
        f"idea:{idea.pk}" for idea in Idea.objects.filter(visibility=Visibility.VISIBLE)
    }
    located = {item.key: item for item in capabilities.located_items([record])}
    assert set(located) == {f"idea:{placed.pk}", f"idea:{named.pk}"}
    assert located[f"idea:{placed.pk}"].area_key == str(noord.translation_key)
    assert located[f"idea:{named.pk}"].place == "Kerkstraat 4" and located[f"idea:{named.pk}"].area_key is None

    resource = next(resource for resource in capabilities.api_resources() if resource.code == "ideas")
    rows = [resource.serialize(idea) for idea in resource.queryset([record])]
    assert {row["title"] for row in rows} == {"Lights", "Bench", "Nowhere in particular"}
    lights = next(row for row in rows if row["title"] == "Lights")
    assert lights["author"] == "Ann" and lights["area"] == str(noord.translation_key)
    assert next(row for row in rows if row["title"] == "Bench")["author"] == ""  # did not choose to show a name
    assert not {"email", "user", "participant", "token"} & set(lights)
    json.dumps(rows)  # JSON-able as it is


@pytest.mark.django_db
def test_my_participation_and_figures_work_without_the_ideas_app(home, now, client, django_user_model):
    cache.clear()
    user = django_user_model.objects.create_user("ann", "ann@example.be", "pw")
    me = Participant.objects.create(user=user)
    board = make_board(home, now=now)
    mine = make_idea(board, author=me, title="Lights at the Kerkstraat crossing")
    comment = contributions.add_comment(mine, me, "And a zebra crossing.", "en")
    client.force_login(user)
    with_ideas = client.get(reverse("wagtail_participation:me")).content.decode()
    assert "My ideas" in with_ideas and "Your ideas" in with_ideas
    record = board.participation_record
    assert figures.figures_for([record]).by_source["ideas"] == 1

    manifest = manifests.unregister(IDEAS)
    try:
        response = client.get(reverse("wagtail_participation:me"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "My ideas" not in html and "Your ideas" not in html
        assert "My comments" in html  # the core's own section still links the comment
        assert f'{board.reverse_subpage("idea", args=(mine.pk,))}#comment-{comment.pk}"' in html
        data = json.loads(client.get(reverse("wagtail_participation:me_download")).content)["data"]
        assert "ideas" not in data and data["comments"]["items"][0]["body"] == "And a zebra crossing."
        found = figures.figures_for([record])
        assert "ideas" not in found.by_source and found.by_source["comments"] == 1 and found.participants == 1
    finally:
        manifests.register(manifest)
    assert [kind.code for kind in personal_data.kinds()].index("ideas") < [
        kind.code for kind in personal_data.kinds()
    ].index("comments")  # registered again: back in its place
