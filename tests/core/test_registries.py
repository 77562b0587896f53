"""The method manifest and the core's registries: what a manifest registers appears, and goes again.

Core only: stand-in entries and the test app's minimal method page, never a method app, so these
tests run on a site with any set of methods installed.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from tests.builders import make_index, make_method, make_project
from wagtail_participation import (
    capabilities,
    clock,
    contributions,
    figures,
    housekeeping,
    manifests,
    my_items,
    outcome_listing,
    personal_data,
    signals,
)
from wagtail_participation.capabilities import (
    ApiResource,
    LocatedItem,
    LocatedSource,
    NotificationEvent,
    ProfileSource,
    SearchFacet,
    TextSource,
)
from wagtail_participation.figures import CONTRIBUTIONS, FigureSource
from wagtail_participation.housekeeping import PeriodicJob
from wagtail_participation.manifests import MethodManifest
from wagtail_participation.models import Comment, Contribution, Participant, ParticipationIndexPage, Visibility
from wagtail_participation.my_items import MyItemsSection, OwnItem
from wagtail_participation.personal_data import PersonalDataKind
from wagtail_participation.registry import Registry


@dataclass(frozen=True)
class Entry:
    code: str
    order: int = 0


# -- the registry every other one is built on --------------------------------------------------------


def test_registry_lists_by_order_then_first_registration():
    registry = Registry("test")
    for entry in (Entry("b", 5), Entry("a"), Entry("c", 5), Entry("d")):
        registry.register(entry)
    assert registry.codes() == ["a", "d", "b", "c"]
    registry.register(Entry("b", 5))  # registered again (ready() twice): replaced in its place
    assert registry.codes() == ["a", "d", "b", "c"]
    removed = registry.unregister("a")
    assert removed == Entry("a") and "a" not in registry and registry.get("a") is None
    registry.register(removed)  # back where it was, not last
    assert registry.codes() == ["a", "d", "b", "c"] and len(registry) == 4


# -- the manifest fills the registries and empties them again ----------------------------------------


def stand_in_manifest(**overrides):
    from tests.testapp.models import MinimalMethodPage

    fields = {
        "app_label": "testapp_stand_in",
        "page_models": (MinimalMethodPage,),
        "personal_data_kinds": (PersonalDataKind("stand_in_data", "Stand-in data", lambda participant: [{"x": 1}]),),
        "figure_sources": (
            FigureSource("stand_in_figures", "Stand-in figures", CONTRIBUTIONS, lambda records: {"paper": 7}),
        ),
        "my_items": (MyItemsSection("stand_in_items", "My stand-ins", lambda participant: []),),
        "periodic_jobs": (PeriodicJob("stand_in_job", lambda: 3, "%(count)d stand-in job(s) done"),),
        "capabilities": (TextSource("stand_in_texts", "Stand-in texts", lambda records: [("s:1", "Hello", "en")]),),
    }
    return MethodManifest(**(fields | overrides))


@pytest.fixture
def stand_in():
    test_app = manifests.unregister("testapp")  # the test app's own manifest claims the same page type
    manifest = manifests.register(stand_in_manifest())
    yield manifest
    manifests.unregister(manifest.app_label)
    if test_app is not None:
        manifests.register(test_app)


def registered_codes():
    return {
        "methods": [manifest.app_label for manifest in manifests.manifests()],
        "personal_data": [kind.code for kind in personal_data.kinds()],
        "figures": [source.code for source in figures.sources()],
        "my_items": [section.code for section in my_items.sections()],
        "jobs": [job.code for job in housekeeping.jobs()],
        "texts": [source.code for source in capabilities.text_sources()],
    }


def test_a_manifest_registers_everything_it_lists_and_unregistering_removes_it():
    before = registered_codes()
    manifest = manifests.register(stand_in_manifest())
    try:
        after = registered_codes()
        assert manifests.get("testapp_stand_in") is manifest
        assert "testapp_stand_in" in after["methods"]
        assert "stand_in_data" in after["personal_data"] and "stand_in_figures" in after["figures"]
        assert "stand_in_items" in after["my_items"] and "stand_in_job" in after["jobs"]
        assert "stand_in_texts" in after["texts"]
        manifests.register(stand_in_manifest())  # ready() twice: nothing doubles
        assert registered_codes() == after
    finally:
        assert manifests.unregister("testapp_stand_in") is not None
    assert registered_codes() == before
    assert manifests.unregister("testapp_stand_in") is None  # not registered: nothing to do


@pytest.mark.django_db  # a page's constructor reads its ContentType (cached only after another test)
def test_for_page_and_page_models_follow_the_registry(stand_in):
    from tests.testapp.models import MinimalMethodPage

    page = MinimalMethodPage(title="x")
    assert manifests.for_page(page) is stand_in and MinimalMethodPage in manifests.page_models()
    manifests.unregister(stand_in.app_label)
    assert manifests.for_page(page) is None and MinimalMethodPage not in manifests.page_models()


def test_index_page_types_follow_the_manifests():
    from tests.testapp.models import MinimalMethodPage

    assert MinimalMethodPage not in ParticipationIndexPage.allowed_subpage_models()
    manifest = manifests.register(stand_in_manifest(index_page_models=(MinimalMethodPage,)))
    try:
        assert MinimalMethodPage in ParticipationIndexPage.allowed_subpage_models()
        assert ParticipationIndexPage in MinimalMethodPage.allowed_parent_page_models()
    finally:
        manifests.unregister(manifest.app_label)
    assert MinimalMethodPage not in ParticipationIndexPage.allowed_subpage_models()


@pytest.mark.django_db
def test_participation_tick_runs_each_registered_job(stand_in):
    out = io.StringIO()
    call_command("participation_tick", stdout=out)
    assert "participation_tick: 3 stand-in job(s) done" in out.getvalue().splitlines()
    manifests.unregister(stand_in.app_label)
    out = io.StringIO()
    call_command("participation_tick", stdout=out)
    assert "stand-in" not in out.getvalue()


@pytest.mark.django_db
def test_my_participation_shows_a_registered_section_and_links_its_items(home, client, django_user_model):
    from django.urls import reverse

    method = make_method(home, slug="stand-in")
    user = django_user_model.objects.create_user("ann", "ann@example.be", "pw")
    Participant.objects.create(user=user)
    items = (
        OwnItem("Linked to the page", method.participation_record, clock.now(), route="", language="nl"),
        OwnItem("Without a page of its own", method.participation_record, clock.now(), route=None),
    )
    section = MyItemsSection("stand_in_items", "My stand-ins", lambda participant: items, order=1)
    manifest = manifests.register(stand_in_manifest(my_items=(section,)))
    try:
        client.force_login(user)
        html = client.get(reverse("wagtail_participation:me")).content.decode()
        assert 'id="my-stand_in_items-heading">My stand-ins</h2>' in html
        assert f'<a href="{method.url}" lang="nl">Linked to the page</a>' in html
        assert "<span>Without a page of its own</span>" in html
    finally:
        manifests.unregister(manifest.app_label)
    html = client.get(reverse("wagtail_participation:me")).content.decode()
    assert "My stand-ins" not in html and "Linked to the page" not in html


# -- the capability hooks ------------------------------------------------------------------------------

HOOKS = [
    (TextSource("t", "Texts", lambda records: []), capabilities.text_sources),
    (ProfileSource("p", "Profiles", lambda records: {}), capabilities.profile_sources),
    (NotificationEvent("n", "Event", signals.snapshot_taken), capabilities.notification_events),
    (LocatedSource("l", "Places", lambda records: []), capabilities.located_sources),
    (ApiResource("a", "API", lambda records: [], lambda item: {}), capabilities.api_resources),
    (SearchFacet("f", "Facet", Contribution, "status", lambda: []), capabilities.search_facets),
]


@pytest.mark.parametrize("entry, getter", HOOKS, ids=[type(entry).__name__ for entry, _getter in HOOKS])
def test_each_capability_hook_registers_lists_and_unregisters(entry, getter):
    entry = type(entry)(**{**entry.__dict__, "code": "test_" + entry.code})
    assert entry not in getter()
    capabilities.register(entry)
    try:
        assert entry in getter()
    finally:
        capabilities.unregister(entry)
    assert entry not in getter()


def test_the_named_register_functions_fill_the_same_registries():
    source = capabilities.register_text_source(TextSource("test_named", "Named", lambda records: []))
    try:
        assert source in capabilities.text_sources()
    finally:
        capabilities.unregister(source)


def test_only_hook_dataclasses_can_be_registered():
    with pytest.raises(TypeError, match="not a capability hook"):
        capabilities.register(Entry("x"))


def test_the_core_offers_its_events_facets_and_profiles():
    events = {event.code: event for event in capabilities.notification_events()}
    assert events["contribution_answered"].signal is signals.contribution_answered
    assert events["review_answered"].audience == capabilities.PARTICIPANTS
    assert events["moderation_needed"].audience == capabilities.STAFF
    facets = {facet.code: facet for facet in capabilities.search_facets()}
    assert facets["status"].model is Contribution and ("proposed", "Proposed") in facets["status"].choices()
    assert "status" in [field.field_name for field in Contribution.search_fields]  # a filter field of the index
    assert {"assurance", "area"} <= {source.code for source in capabilities.profile_sources()}
    assert "comments" in [source.code for source in capabilities.text_sources()]


@pytest.mark.django_db
def test_core_sources_count_and_read_comments_of_any_contribution(home, now, django_user_model, make_area):
    from wagtail_participation.models import Verification

    noord = make_area("Noord", "noord", "3000")
    record = make_method(home, slug="stand-in").participation_record
    target = Contribution.objects.create(
        record=record, title="A contribution", body="...", language="en", created_at=now
    )
    anonymous = Participant.new_anonymous()
    account = Participant.objects.create(user=django_user_model.objects.create_user("ann", password="pw"))
    resident = Participant.objects.create(user=django_user_model.objects.create_user("bob", password="pw"))
    Verification.objects.create(participant=resident, level=Verification.VERIFIED, area=noord, method="test")
    seen = contributions.add_comment(target, anonymous, "Trees, please.", "en")
    contributions.add_comment(target, account, "Wat meer bomen.", "nl")
    hidden = contributions.add_comment(target, resident, "Hidden words", "en")
    Comment.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)

    texts = list(capabilities.texts([record]))
    assert ("comment:%d" % seen.pk, "Trees, please.", "en") in texts
    assert [text for _key, text, _language in texts if text == "Hidden words"] == []  # moderation hid it
    assert capabilities.participants_by_assurance([record]) == {"anonymous": 1, "account": 1, "verified": 1}
    assert capabilities.participants_by_area([record]) == {str(noord.translation_key): 1}
    assert capabilities.channel_counts([record])["contributions"] == {"online": 2}  # the figures' comments


@pytest.mark.django_db
def test_profile_counts_without_participants_are_empty(home):
    record = make_method(home, slug="empty").participation_record
    assert capabilities.participants_by_assurance([record]) == {}
    assert capabilities.participants_by_area([]) == {}


def test_located_items_and_texts_read_every_source():
    item = LocatedItem("x:1", "A place", 1, place="Kerkstraat")
    located = LocatedSource("test_places", "Places", lambda records: [item])
    texts = TextSource("test_words", "Words", lambda records: [("x:1", "Words", "en")])
    capabilities.register(located)
    capabilities.register(texts)
    try:
        assert item in list(capabilities.located_items([]))
        assert ("x:1", "Words", "en") in list(capabilities.texts([]))
    finally:
        capabilities.unregister(located)
        capabilities.unregister(texts)


# -- results pages are registered by the app that defines them -----------------------------------------


@pytest.mark.django_db
def test_a_project_without_a_registered_results_page_type_has_no_results_page(home):
    project = make_project(make_index(home))
    registered = outcome_listing.results_page_models()
    for model in registered:
        outcome_listing.unregister_results_page_model(model)
    try:
        assert outcome_listing.project_outcome(project) == {"results_page": None, "outcome_decisions": []}
        outcome_listing.attach_results_pages([project])
        assert project.results_page is None
    finally:
        for model in registered:
            outcome_listing.register_results_page_model(model)
    assert outcome_listing.results_page_models() == registered
