"""The community manager listens: the dashboard, a topic, its numbers as CSV, and the spike the
demo seeded turned into crisis mode in one click."""

from pathlib import Path

from playwright.sync_api import expect

from community.models import TopicPage
from moderation.models import BuzzAlert, CrisisMode, QueueItem
from tests.e2e.test_community_journeys import log_in, new_page


def test_the_community_manager_sees_a_spike_and_switches_its_topic_to_crisis_mode(
    browser, live_server, demo, check_a11y
):
    network = TopicPage.objects.get(title="Network and coverage")
    assert BuzzAlert.objects.filter(topic=network, state="open").exists()
    cm = new_page(browser, live_server, "en")
    log_in(cm, "cm@demo.example", totp=True)
    cm.goto("/admin/")
    cm.get_by_role("button", name="Moderation").click()
    cm.get_by_role("link", name="Listening").click()
    expect(cm.get_by_role("heading", name="Questions, answers and comments")).to_be_visible()
    expect(cm.get_by_role("region", name="Bad buzz in Network and coverage")).to_be_visible()
    check_a11y(cm)

    # One topic, its figures, its numbers as a table and as a download.
    cm.get_by_label("Topic", exact=True).select_option(label="Offers and billing")
    cm.get_by_role("button", name="Show").click()
    expect(cm.get_by_text("topic “Offers and billing”")).to_be_visible()
    volume = cm.get_by_role("region", name="Questions, answers and comments")
    volume.get_by_text("Show the numbers").click()
    expect(volume.get_by_role("table")).to_be_visible()
    with cm.expect_download() as download:
        cm.get_by_role("link", name="Download “By topic” (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("Topic,Questions,Answers,Comments")
    assert "Offers and billing" in content and "Network and coverage" in content
    assert "offers-and-billing" in download.value.suggested_filename

    # The spike: its posts, then crisis mode for its topic in one click.
    alert = cm.get_by_role("region", name="Bad buzz in Network and coverage")
    expect(alert.get_by_role("link", name="No network in Lyon").first).to_be_visible()
    alert.get_by_role("button", name="Switch “Network and coverage” to crisis mode").click()
    expect(cm.get_by_text("Crisis mode is on for Network and coverage.")).to_be_visible()
    crisis = CrisisMode.objects.get(active=True)
    assert crisis.topic == network
    assert not QueueItem.objects.filter(
        kind="buzz", state="open", object_id__in=BuzzAlert.objects.filter(topic=network)
    ).exists()

    visitor = new_page(browser, live_server, "fr")
    visitor.goto(network.url)
    expect(visitor.get_by_text(crisis.statement[:40])).to_be_visible()
    for page in (cm, visitor):
        page.context.close()
