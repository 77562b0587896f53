"""The demo city's flash poll (home page, the generic live block) and traffic scenarios (option analysis)."""

from django.core.management import call_command

from wagtail_participation.polls.models import OptionAnalysisPage, OptionComment, PollBallot, PollPage


def test_demo_flash_poll_and_traffic_scenarios_are_idempotent_and_shown_in_both_languages(demo_city, client):
    counts = (
        PollBallot.objects.count(),
        OptionComment.objects.count(),
        PollPage.objects.count(),
        OptionAnalysisPage.objects.count(),
    )
    call_command("load_demo_data", "--no-admin")
    assert counts == (
        PollBallot.objects.count(),
        OptionComment.objects.count(),
        PollPage.objects.count(),
        OptionAnalysisPage.objects.count(),
    )
    # Polls: the flash poll and the climate project's, in English and Dutch; the traffic scenarios
    # (safe-routes project) also in French and German (docs/demo.md).
    assert counts[2:] == (4, 4)
    english, dutch = client.get("/en/").content.decode(), client.get("/nl/").content.decode()
    assert "wp-embedded-poll" in english and "Where should the Saturday market be" in english
    assert "wp-embedded-poll" in dutch and "Waar moet de zaterdagmarkt komen" in dutch
    assert english.index("wp-embedded-poll") < english.index("wp-embedded-board")  # the poll comes first
    poll = PollPage.objects.get(locale__language_code="en", slug="flash-poll-market")
    assert set(poll.ballots().values_list("language", flat=True)) == {"en", "nl"}
    assert poll.get_results().participants == 271
    scenarios = client.get("/en/participate/safe-routes-to-school/traffic-scenarios/").content.decode()
    assert "School streets at school times" in scenarios and "Borda points" in scenarios and "Round 1" in scenarios
    dutch_scenarios = client.get("/nl/doe-mee/veilige-schoolroutes/verkeersscenarios/").content.decode()
    assert (
        "Schoolstraten tijdens de schooluren" in dutch_scenarios
        and "Trajectcontrole op de Noordlaan" in dutch_scenarios
    )
