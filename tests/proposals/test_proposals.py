"""Citizen proposals: pages, supports, thresholds, corrections, answers, notifications."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import NOW, make_proposal, make_proposals_page
from tests.builders import subpage_url as url
from wagtail_participation import clock
from wagtail_participation.engine.policy import Level
from wagtail_participation.models import Department, Participant, Visibility
from wagtail_participation.proposals import services as proposals
from wagtail_participation.proposals.engine import thresholds as th
from wagtail_participation.proposals.models import (
    Proposal,
    ProposalNotification,
    ProposalSupport,
    SupportCorrection,
    state_filter,
)

pytestmark = pytest.mark.usefixtures("clear_cache")

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def page(home, now):
    return make_proposals_page(
        home, now=now, threshold=3, window_days=10, answer_days=20, staff_email="staff@city.example"
    )


def people(n):
    return [Participant.new_anonymous() for _ in range(n)]


def user_participant(django_user_model, name, email=""):
    user = django_user_model.objects.create_user(name, email, "pw")
    return Participant.objects.create(user=user)


@pytest.mark.django_db
def test_page_states_rules_and_lists_published_proposals_only(page, client):
    make_proposal(page, title="Published proposal")
    make_proposal(page, title="Draft proposal", submit=False)
    html = client.get(page.url).content.decode()
    assert "Published proposal" in html and "Draft proposal" not in html
    assert "It needs 3 supports within 10 days" in html and "within 20 days" in html
    assert "0 of 3 supports" in html and "10 days left" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_listing_query_count_is_constant(page, client, make_topic, make_area):
    topic, area = make_topic("Mobility", "mobility"), make_area("Noord", "noord")

    def add(n):
        for i in range(n):
            proposal = make_proposal(page, title=f"Proposal {i}", area=area)
            proposal.topics.add(topic)

    def count(query=""):
        client.get(page.url + query)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url + query).status_code == 200
        return len(queries)

    add(3)
    small, small_filtered = count(), count("?state=published&sort=ending&topic=mobility")
    add(30)
    assert count() == small
    assert count("?state=published&sort=ending&topic=mobility") == small_filtered


@pytest.mark.django_db
def test_draft_then_submit_and_payloads_are_escaped(page, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    data = {"title": f"Title {PAYLOAD}", "body": f"Body long enough to count {PAYLOAD}", "website": "", "draft": "1"}
    response = client.post(url(page, "submit"), data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.state is th.State.DRAFT and proposal.published_at is None
    html = client.get(response.url).content.decode()
    assert "Only you can see it" in html and "<script>alert" not in html and "&lt;script&gt;" in html
    listing = client.get(page.url).content.decode()
    assert "Your proposals not published yet" in listing and "draft: only you can see it" in listing
    client.logout()
    assert client.get(response.url).status_code == 404  # nobody else sees a draft
    assert "Your proposals not published yet" not in client.get(page.url).content.decode()
    client.force_login(django_user_model.objects.get(username="ann"))
    data.pop("draft")
    data["submit"] = "1"
    assert client.post(url(page, "edit", proposal.pk), data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state is th.State.PUBLISHED and proposal.visibility == Visibility.VISIBLE
    assert proposal.window_ends_at == th.window_end(proposal.published_at, proposal.rules(), BRUSSELS_TZ())


def BRUSSELS_TZ():
    from django.utils import timezone

    return timezone.get_default_timezone()


@pytest.mark.django_db
def test_oversized_or_empty_input_keeps_what_was_typed(page, client):
    response = client.post(url(page, "submit"), {"title": "Ok title", "body": "x" * 5001, "website": "", "submit": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Ok title"' in html and "wp-field-error" in html
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_prescreening_waits_for_approval_then_the_window_starts(home, now, client):
    page = make_proposals_page(home, now=now, prescreening=True, threshold=3)
    proposal = make_proposal(page)
    assert proposal.state is th.State.PRESCREENING
    assert client.get(url(page, "proposal", proposal.pk)).status_code == 404
    later = now + timedelta(days=2)
    with clock.frozen_at(later):
        assert proposals.publish(proposal)
    proposal.refresh_from_db()
    assert proposal.published_at == later and proposal.state is th.State.PUBLISHED


@pytest.mark.django_db
def test_support_once_double_click_and_bad_input(page, client):
    proposal = make_proposal(page, author=people(1)[0])
    support = url(page, "support", proposal.pk)
    assert client.get(support).status_code == 405
    for _ in range(2):  # a double click
        response = client.post(support, {"action": "support"})
        assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == ProposalSupport.objects.count()
    assert "You already support this proposal." in client.get(url(page, "proposal", proposal.pk)).content.decode()
    assert client.post(url(page, "support", 999999), {"action": "support"}).status_code == 404  # forged id
    draft = make_proposal(page, submit=False)
    assert client.post(url(page, "support", draft.pk), {"action": "support"}).status_code == 404
    # withdraw before the threshold
    client.post(support, {"action": "withdraw"})
    proposal.refresh_from_db()
    assert proposal.support_count == 0


@pytest.mark.django_db
def test_own_and_expired_proposals_cannot_be_supported(page, now):
    author, other = people(2)
    proposal = make_proposal(page, author=author)
    assert proposals.support(proposal, author) == "own_proposal"
    with clock.frozen_at(proposal.window_ends_at):
        assert proposals.support(proposal, other) == "expired"
    with clock.frozen_at(proposal.window_ends_at - timedelta(microseconds=1)):
        assert proposals.support(proposal, other) == "ok"


@pytest.mark.django_db
def test_level_registered_shows_the_reason_to_anonymous_visitors(home, now, client):
    rules = {
        "actions": {
            "submit": {"level": int(Level.REGISTERED), "phases": []},
            "support": {"level": int(Level.REGISTERED), "phases": []},
            "comment": {"level": int(Level.REGISTERED), "phases": []},
        }
    }
    page = make_proposals_page(home, rules=rules, now=now)
    proposal = make_proposal(page)
    html = client.get(url(page, "proposal", proposal.pk)).content.decode()
    assert "Log in to support." in html
    client.post(url(page, "support", proposal.pk), {"action": "support"})
    assert ProposalSupport.objects.count() == 0 and Participant.objects.filter(token__isnull=False).count() == 0


@pytest.mark.django_db
def test_threshold_notifications_are_sent_exactly_once(
    page, django_user_model, now, django_capture_on_commit_callbacks
):
    author = user_participant(django_user_model, "ann", "ann@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = make_proposal(page, author=author)
    assert [m.subject for m in mail.outbox] == [f"Your proposal is published: {proposal.title}"]
    for supporter in people(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert proposals.support(proposal, supporter) == "ok"
    proposal.refresh_from_db()
    assert proposal.state is th.State.THRESHOLD_REACHED and proposal.threshold_reached_at == now
    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox)
    assert subjects == [
        "A proposal reached the threshold",
        "Halfway there",
        "Your proposal is published",
        "Your proposal reached the threshold",
    ]
    staff_mail = next(m for m in mail.outbox if m.subject.startswith("A proposal"))
    assert staff_mail.to == ["staff@city.example"]
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("participation_tick", stdout=open("/dev/null", "w"))
        call_command("participation_tick", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == before  # nothing new was due
    # the answer deadline comes near: the tick warns staff, once
    with (
        clock.frozen_at(proposal.answer_deadline - timedelta(days=3)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("participation_tick", stdout=open("/dev/null", "w"))
        call_command("participation_tick", stdout=open("/dev/null", "w"))
    assert [m.subject.split(":")[0] for m in mail.outbox[before:]] == ["An answer is due soon"]
    assert ProposalNotification.objects.filter(proposal=proposal).count() == 5


@pytest.mark.django_db
def test_removing_fraudulent_supports_falls_back_and_shows_in_history(page, client, staff_client, now):
    proposal = make_proposal(page)
    supporters = people(4)
    for supporter in supporters:
        proposals.support(proposal, supporter)
    proposal.refresh_from_db()
    assert proposal.state is th.State.THRESHOLD_REACHED
    fraud = ProposalSupport.objects.filter(participant__in=supporters[:2]).values_list("pk", flat=True)
    correction = proposals.remove_supports(
        proposal, fraud, reason="Two supports from one device", user=staff_client.user
    )
    proposal.refresh_from_db()
    assert (correction.count_before, correction.count_after) == (4, 2)
    assert (correction.state_before, correction.state_after) == ("threshold_reached", "published")
    assert proposal.threshold_reached_at is None and proposal.answer_deadline is None
    assert proposal.state is th.State.PUBLISHED
    html = client.get(url(page, "proposal", proposal.pk)).content.decode()
    assert "Two supports from one device" in html and "from 4 to 2" in html
    assert "from “Threshold reached” to “Collecting supports”" in html
    # removed supporters cannot support again
    assert proposals.support(proposal, supporters[0]) == "already_supported"
    # after the window a correction makes it expired
    proposals.support(proposal, people(1)[0])
    proposal.refresh_from_db()
    assert proposal.state is th.State.THRESHOLD_REACHED
    with clock.frozen_at(proposal.window_ends_at + timedelta(days=1)):
        last = ProposalSupport.objects.filter(removed_at__isnull=True).values_list("pk", flat=True)[:1]
        proposals.remove_supports(proposal, last, reason="Duplicate", user=None)
        proposal.refresh_from_db()
        assert proposal.state is th.State.EXPIRED


@pytest.mark.django_db
def test_answered_proposal_keeps_its_state_after_a_correction(
    page, django_user_model, locales, django_capture_on_commit_callbacks
):
    author = user_participant(django_user_model, "ann", "ann@example.com")
    proposal = make_proposal(page, author=author)
    for supporter in people(3):
        proposals.support(proposal, supporter)
    department = Department.objects.create(name="Parks", slug="parks", locale=locales["en"])
    proposal.refresh_from_db()
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        proposals.answer(
            proposal, department=department, body="We build it in spring.", outcome="accepted", author=None
        )
    proposal.refresh_from_db()
    assert proposal.state is th.State.ANSWERED and proposal.status_at().outcome is th.Outcome.ACCEPTED
    assert [m.subject for m in mail.outbox[before:]] == [f"The city answered: {proposal.title}"]
    assert "proposal" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("participation_tick", stdout=open("/dev/null", "w"))
    answered_mails = [m for m in mail.outbox if m.subject.startswith("The city answered")]
    assert len(answered_mails) == 1  # the answer notification is not sent twice
    proposals.remove_supports(proposal, ProposalSupport.objects.values_list("pk", flat=True), reason="Fraud", user=None)
    proposal.refresh_from_db()
    assert proposal.state is th.State.ANSWERED
    with pytest.raises(ValueError):
        proposals.answer(proposal, department=department, body="Again", outcome="rejected", author=None)


@pytest.mark.django_db
def test_offline_signatures_count_and_show_per_channel(page, client, staff_client):
    proposal = make_proposal(page)
    proposals.add_offline(proposal, count=2, channel="paper", note="Market stall", user=staff_client.user)
    proposals.add_offline(proposal, count=1, channel="meeting", note="District meeting", user=staff_client.user)
    proposal.refresh_from_db()
    assert proposal.counted == 3 and proposal.state is th.State.THRESHOLD_REACHED
    html = client.get(url(page, "proposal", proposal.pk)).content.decode()
    assert "Paper: 2" in html and "Meeting: 1" in html and "3 of 3 supports" in html


@pytest.mark.django_db
def test_per_area_threshold_counts_verified_residents_of_the_area(home, now, make_area):
    from wagtail_participation.models import Verification
    from wagtail_participation.proposals.models import ProposalAreaThreshold

    noord, zuid = make_area("Noord", "noord"), make_area("Zuid", "zuid")
    page = make_proposals_page(home, now=now, threshold=50)
    page.area_thresholds.add(ProposalAreaThreshold(area=noord, threshold=2))
    page.save_revision().publish()
    page.refresh_from_db()
    proposal = make_proposal(page, area=noord)
    assert proposal.threshold == 2 and proposal.counting_area_key == noord.translation_key
    resident, outsider, unverified = people(3)
    Verification.objects.create(participant=resident, level="verified", area=noord, method="code")
    Verification.objects.create(participant=outsider, level="verified", area=zuid, method="code")
    for participant in (resident, outsider, unverified):
        proposals.support(
            Proposal.objects.get(pk=proposal.pk),
            Participant.objects.select_related("verification").get(pk=participant.pk),
        )
    proposal.refresh_from_db()
    assert (proposal.support_count, proposal.area_support_count, proposal.counted) == (3, 1, 1)


@pytest.mark.django_db
def test_state_filters_agree_with_the_engine(page, locales):
    department = Department.objects.create(name="Parks", slug="parks", locale=locales["en"])
    made = [make_proposal(page, submit=False), make_proposal(page)]
    reached = make_proposal(page)
    for supporter in people(3):
        proposals.support(reached, supporter)
    answered = make_proposal(page)
    proposals.answer(answered, department=department, body="No.", outcome="rejected", author=None)
    ineligible = make_proposal(page)
    proposals.declare_ineligible(ineligible, reason="Not a city matter", user=None)
    made += [reached, answered, ineligible]
    for moment in (NOW, NOW + timedelta(days=30)):
        with clock.frozen_at(moment):
            for proposal in Proposal.objects.all():
                state = proposal.status_at(moment).state
                matching = {
                    s for s in th.State if Proposal.objects.filter(state_filter(s, moment), pk=proposal.pk).exists()
                }
                assert matching == {state}, (proposal.title, state, matching)


@pytest.mark.django_db
def test_listing_filters_and_sorts(page, client):
    _quiet, busy = make_proposal(page, title="Quiet proposal"), make_proposal(page, title="Busy proposal")
    for supporter in people(2):
        proposals.support(busy, supporter)
    html = client.get(page.url + "?sort=supports").content.decode()
    assert html.index("Busy proposal") < html.index("Quiet proposal")
    html = client.get(page.url + "?sort=newest").content.decode()
    assert html.index("Busy proposal") < html.index("Quiet proposal")  # created second
    for supporter in people(1):
        proposals.support(busy, supporter)
    html = client.get(page.url + "?state=threshold_reached").content.decode()
    assert "Busy proposal" in html and "Quiet proposal" not in html
    assert client.get(page.url + "?state=nonsense&sort=nonsense&page=x").status_code == 200


@pytest.mark.django_db
def test_overdue_badge_after_the_answer_deadline(page, client):
    proposal = make_proposal(page)
    for supporter in people(3):
        proposals.support(proposal, supporter)
    proposal.refresh_from_db()
    with clock.frozen_at(proposal.answer_deadline):
        html = client.get(url(page, "proposal", proposal.pk)).content.decode()
    assert "Overdue" in html
    html = client.get(url(page, "proposal", proposal.pk)).content.decode()
    assert "Overdue" not in html and "The city answers within 20 days." in html


@pytest.mark.django_db
def test_personal_data_export_and_erasure(page, django_user_model):
    from wagtail_participation import personal_data

    participant = user_participant(django_user_model, "ann")
    proposal = make_proposal(page)
    proposals.support(proposal, participant)
    exported = personal_data.export(participant)["data"]
    assert exported["proposal_supports"]["items"][0]["proposal"] == proposal.title
    personal_data.erase(participant)
    proposal.refresh_from_db()
    assert proposal.support_count == 0  # still collecting: withdrawn


@pytest.mark.django_db
def test_proposals_block_on_a_page(home, page, client):
    make_proposal(page, title="Embedded proposal")
    from wagtail_participation.blocks import MethodBlock

    block = MethodBlock()
    request = client.get(page.url).wsgi_request
    html = block.render(
        block.to_python({"method": page.pk, "heading": "", "sort": "votes", "count": 3}),
        context={"request": request},
    )
    assert "Embedded proposal" in html and "Start a proposal" in html


# -- admin -------------------------------------------------------------------------------------


def admin_url(name, *args):
    from django.urls import reverse

    return reverse(f"participation_proposals:{name}", args=args)


@pytest.mark.django_db
def test_admin_queue_and_manage_page(page, staff_client):
    proposal = make_proposal(page, title="Queue proposal")
    make_proposal(page, title="Private draft", submit=False)
    html = staff_client.get(admin_url("index")).content.decode()
    assert "Queue proposal" in html and "Private draft" not in html and "Collecting supports" in html
    html = staff_client.get(admin_url("inspect", proposal.pk)).content.decode()
    assert "0 of 3" in html and "Add offline signatures" in html


@pytest.mark.django_db
def test_admin_approve_publishes_a_prescreened_proposal(home, now, staff_client):
    from django.urls import reverse

    page = make_proposals_page(home, now=now, prescreening=True)
    proposal = make_proposal(page)
    approve = reverse("wagtail_bulk_action", args=("participation_proposals", "proposal", "approve"))
    response = staff_client.post(f"{approve}?id={proposal.pk}&next=/admin/")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.published_at == now and proposal.state is th.State.PUBLISHED


@pytest.mark.django_db
def test_admin_offline_removal_answer_and_ineligible_forms(page, staff_client, locales):
    proposal = make_proposal(page)
    # bad input: the form comes back with the error and what was typed, nothing is stored
    response = staff_client.post(
        admin_url("offline", proposal.pk), {"count": "0", "channel": "paper", "note": "Market"}
    )
    assert response.status_code == 400 and 'value="Market"' in response.content.decode()
    assert (
        staff_client.post(
            admin_url("offline", proposal.pk), {"count": "2", "channel": "paper", "note": "Market"}
        ).status_code
        == 302
    )
    for supporter in people(2):
        proposals.support(proposal, supporter)
    proposal.refresh_from_db()
    assert proposal.counted == 4 and proposal.state is th.State.THRESHOLD_REACHED
    ids = list(ProposalSupport.objects.values_list("pk", flat=True))
    assert (
        staff_client.post(admin_url("remove_supports", proposal.pk), {"supports": ids}).status_code == 400
    )  # no reason
    assert (
        staff_client.post(admin_url("remove_supports", proposal.pk), {"supports": ids, "reason": "Bot"}).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.counted == 2 and proposal.state is th.State.PUBLISHED
    assert SupportCorrection.objects.get().made_by == staff_client.user
    html = staff_client.get(admin_url("inspect", proposal.pk)).content.decode()
    assert "Supports removed, count and state recomputed" in html and "Bot" in html
    department = Department.objects.create(name="Parks", slug="parks", locale=locales["en"])
    response = staff_client.post(
        admin_url("answer", proposal.pk), {"department": department.pk, "body": "Yes", "outcome": "accepted"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state is th.State.ANSWERED and proposal.status == "accepted"
    response = staff_client.post(admin_url("ineligible", proposal.pk), {"reason": "Too late"})
    assert response.status_code == 400  # an answered proposal keeps its state


@pytest.mark.django_db
def test_admin_actions_need_permissions(page, client, django_user_model):
    from django.contrib.auth.models import Permission

    proposal = make_proposal(page)
    user = django_user_model.objects.create_user("clerk", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for name in ("offline", "remove_supports", "ineligible", "answer"):
        assert client.post(
            admin_url(name, proposal.pk), {"count": "5", "channel": "paper", "note": "x", "reason": "x"}
        ).status_code in (302, 403)
    proposal.refresh_from_db()
    assert proposal.offline_count == 0 and proposal.ineligible_at is None


def test_demo_has_proposals_in_every_state(demo_city, client):
    from collections import Counter

    from wagtail_participation.proposals.models import ProposalsPage

    page = ProposalsPage.objects.get(slug="citizen-proposals")
    demo = Proposal.objects.filter(record=page.participation_record)
    states = Counter(p.state.value for p in demo)
    assert sum(states.values()) == 25
    assert states == {
        "draft": 2,
        "prescreening": 2,
        "published": 10,
        "threshold_reached": 4,
        "answered": 2,
        "expired": 4,
        "ineligible": 1,
    }
    assert sum(p.status_at().overdue for p in demo) == 1
    assert SupportCorrection.objects.filter(proposal__record=page.participation_record).count() == 1
    assert demo_city.outbox == [] and len(mail.outbox) == 0  # seeding mails no one
    count = demo.count()
    call_command("load_demo_data", "--no-admin", stdout=open("/dev/null", "w"))
    assert Proposal.objects.filter(record=page.participation_record).count() == count  # idempotent
    html = client.get(page.url + "?state=threshold_reached").content.decode()
    assert "Overdue" in html and "A playground in the Molenpark" in html
    assert client.get("/nl/doe-mee/burgervoorstellen/").status_code == 200
    home = client.get("/en/").content.decode()  # the home page embeds the proposals (the generic live block)
    assert "Start a proposal" in home or "Log in to submit." in home
    assert "/en/participate/citizen-proposals/proposals/" in home
    assert "/nl/doe-mee/burgervoorstellen/" in client.get("/nl/").content.decode()


@pytest.mark.django_db
def test_detail_query_count_is_constant(page, client, staff_client):
    proposal = make_proposal(page)

    def grow(n):
        for i in range(n):
            commenter = people(1)[0]
            from wagtail_participation import contributions

            contributions.add_comment(proposal, commenter, f"Comment {i}", "en")
            proposals.add_offline(proposal, count=1, channel="paper", note=f"List {i}", user=staff_client.user)
            proposals.support(proposal, commenter)

    def count():
        detail = url(page, "proposal", proposal.pk)
        client.get(detail)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail).status_code == 200
        return len(queries)

    grow(2)
    small = count()
    grow(20)
    assert count() == small


@pytest.mark.django_db
def test_forged_ids_and_payloads_never_500(page, client, django_user_model):
    owner = user_participant(django_user_model, "owner")
    draft = make_proposal(page, author=owner, submit=False)
    client.force_login(django_user_model.objects.create_user("mallory", password="pw"))
    assert client.get(url(page, "edit", draft.pk)).status_code == 404
    assert (
        client.post(url(page, "edit", draft.pk), {"title": "Taken over", "body": "x" * 30, "submit": "1"}).status_code
        == 404
    )
    proposal = make_proposal(page)
    response = client.post(url(page, "comment", proposal.pk), {"body": PAYLOAD, "website": ""})
    assert response.status_code == 302
    html = client.get(url(page, "proposal", proposal.pk)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert client.post(url(page, "comment", proposal.pk), {"body": "x" * 3001}).status_code == 400
    assert client.post(url(page, "support", proposal.pk), {"action": PAYLOAD}).status_code == 302
    assert client.post(url(page, "follow", 999999)).status_code == 404
    assert client.post(url(page, "report", proposal.pk), {"reason": "y" * 5000}).status_code == 302


@pytest.mark.django_db
def test_editor_creates_an_any_time_proposals_page_under_the_index(staff_client, home, now):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from tests.builders import make_index
    from wagtail_participation.proposals.models import ProposalsPage

    index = make_index(home, slug="participate")
    data = nested_form_data(
        {
            "title": "Proposals",
            "slug": "proposals",
            "intro": rich_text(""),
            "promise": rich_text("<p>We answer.</p>"),
            "threshold": "25",
            "window_days": "45",
            "answer_days": "60",
            "count_offline": "on",
            "supports_after_threshold": "on",
            "withdrawal_allowed": "on",
            "staff_email": "",
            "opens_at": "2027-05-01 00:00",
            "closes_at": "",
            "rule_level_submit": "1",
            "rule_level_support": "0",
            "rule_level_comment": "1",
            "area_thresholds": inline_formset([]),
        }
    ) | {"action-publish": "action-publish"}
    add = reverse("wagtailadmin_pages:add", args=("participation_proposals", "proposalspage", index.pk))
    response = staff_client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProposalsPage.objects.get()
    record = page.participation_record
    assert record.rules["proposal_rules"]["threshold"] == 25 and record.rules["open_ended"] is True
    from wagtail_participation import permissions

    assert permissions.can(None, "support", page).allowed  # open "any time", no closing date
    assert page.page_rules().window_days == 45
    assert staff_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).status_code == 200
    assert staff_client.get(admin_url("index") + f"?record={record.pk}").status_code == 200


@pytest.mark.django_db
def test_staff_download_proposals_as_csv(page, staff_client):
    from django.test import Client

    make_proposal(page, title='=HYPERLINK("http://evil")')
    make_proposal(page, title="Hidden draft", submit=False)
    record = page.participation_record
    assert "Download CSV" in staff_client.get(admin_url("index")).content.decode()
    response = staff_client.get(admin_url("csv", record.pk))
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and "published" in body and "Hidden draft" not in body
    assert "'=HYPERLINK" in body  # never runs as a formula in a spreadsheet
    assert Client().get(admin_url("csv", record.pk)).status_code in (302, 403)  # not logged in


from django.test import override_settings  # noqa: E402
from wagtail.test.utils import WagtailPageTestCase  # noqa: E402


@override_settings(ROOT_URLCONF="tests.urls_without_language_prefix")
class ProposalsPageTypeTests(WagtailPageTestCase):
    """Wagtail's page assertions: where the page may live; routable, renderable, previewable."""

    def setUp(self):
        from wagtail.models import Page

        from tests.builders import make_index

        self.root = Page.objects.get(depth=2)
        self.index = make_index(self.root, slug="participate")
        with clock.frozen_at(NOW):
            self.page = make_proposals_page(self.index, now=NOW)
            self.proposal = make_proposal(self.page)

    def test_hierarchy(self):
        from wagtail_participation.models import ParticipationIndexPage, ProjectPage
        from wagtail_participation.proposals.models import ProposalsPage

        self.assertCanCreateAt(ParticipationIndexPage, ProposalsPage)
        self.assertCanCreateAt(ProjectPage, ProposalsPage)

    def test_routable_renderable_previewable(self):
        with clock.frozen_at(NOW):
            for path in ("/", "/new/", f"/proposals/{self.proposal.pk}/"):
                self.assertPageIsRoutable(self.page, path)
                self.assertPageIsRenderable(self.page, path)
            # A page without proposals: Wagtail's form extraction drops ticked checkboxes without a
            # value, which on a page with proposals would be a refused change of frozen rules.
            self.assertPageIsPreviewable(make_proposals_page(self.index, slug="fresh", now=NOW))
