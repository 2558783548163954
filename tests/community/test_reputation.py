"""The reputation ledger, its rules and anti-gaming, levels and privileges."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community import services
from community.models import (
    HelpfulVote,
    Level,
    LevelChange,
    Notification,
    PostState,
    ReputationEvent,
    ReputationRules,
    Standing,
)
from community.reputation import ambassadors, boards, gaming, rebuild
from community.rules import forget_rules
from community.rules import rules as rules_in_force
from demo.factories.community import AnswerFactory, QuestionFactory, mark_established
from demo.factories.experts import community_manager
from demo.factories.users import VerifiedUserFactory
from tests.helpers import run_concurrently

User = get_user_model()
pytestmark = pytest.mark.django_db


def voter(name: str, *, days: int = 60, established: bool = True):
    user = VerifiedUserFactory(username=name)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    user.refresh_from_db()
    if established:
        mark_established(user)
    return user


def points(user) -> int:
    return Standing.objects.get(user=user).points


def ledger_sum(user) -> int:
    return sum(ReputationEvent.objects.filter(user=user).values_list("points", flat=True))


@pytest.fixture
def author(db):
    return voter("author", days=30)


@pytest.fixture
def answer(author):
    asker = voter("asker")
    return AnswerFactory(question=QuestionFactory(author=asker), author=author)


def test_a_helpful_vote_writes_a_ledger_line_and_withdrawing_writes_a_compensating_one(answer):
    fan = voter("fan")
    services.vote_helpful(answer, by=fan)
    assert points(answer.author) == 10
    line = ReputationEvent.objects.get(user=answer.author)
    assert (line.kind, line.points, line.actor, line.post_id) == ("vote_answer", 10, fan, answer.pk)
    services.withdraw_vote(answer, by=fan)
    assert points(answer.author) == 0
    lines = list(ReputationEvent.objects.filter(user=answer.author).order_by("pk"))
    assert [e.points for e in lines] == [10, -10]
    assert lines[1].reverses == lines[0] and lines[1].reason == "withdrawn"


def test_the_ledger_is_never_edited(answer):
    services.vote_helpful(answer, by=voter("fan"))
    line = ReputationEvent.objects.get(user=answer.author)
    line.points = 1000
    with pytest.raises(ValueError, match="append-only"):
        line.save()


def test_votes_on_questions_earn_five(author):
    question = QuestionFactory(author=author)
    services.vote_helpful(question, by=voter("fan"))
    assert points(author) == 5


def test_votes_of_brand_new_accounts_and_of_newcomers_carry_no_points(answer):
    services.vote_helpful(answer, by=voter("fresh", days=0))
    services.vote_helpful(answer, by=voter("unapproved", days=60, established=False))
    assert points(answer.author) == 0
    reasons = set(ReputationEvent.objects.values_list("reason", flat=True))
    assert reasons == {"voter_too_new", "voter_level"}


def test_one_voter_gives_one_author_at_most_the_pair_cap_a_day(author, no_rate_limits):
    fan = voter("fan")
    answers = [AnswerFactory(author=author) for _ in range(5)]
    for a in answers:
        services.vote_helpful(a, by=fan)
    assert points(author) == 30
    assert ReputationEvent.objects.filter(reason="pair_cap").count() == 2


def test_a_member_earns_at_most_the_daily_cap_from_votes_but_acceptances_are_exempt(
    author, no_rate_limits
):
    ReputationRules.objects.update_or_create(pk=ReputationRules.load().pk, defaults={})
    rules = ReputationRules.load()
    rules.daily_vote_points = 25
    rules.save()
    forget_rules()
    for n in range(4):
        services.vote_helpful(AnswerFactory(author=author), by=voter(f"fan{n}"))
    assert points(author) == 25
    asker = voter("asker2")
    accepted = AnswerFactory(question=QuestionFactory(author=asker), author=author)
    services.accept_answer(accepted, by=asker)
    assert points(author) == 40


def test_accept_unaccept_farming_earns_nothing_more(answer):
    asker = answer.question.author
    for _round in range(5):
        services.accept_answer(answer, by=asker)
        services.unaccept_answer(answer.question, by=asker)
    assert points(answer.author) == 0 and points(asker) == 0
    services.accept_answer(answer, by=asker)
    assert points(answer.author) == 15 and points(asker) == 2


def test_switching_the_accepted_answer_moves_the_points_and_the_asker_gets_two_once(answer):
    asker = answer.question.author
    other = AnswerFactory(question=answer.question, author=voter("rival"))
    for chosen in (answer, other, answer, other):
        services.accept_answer(chosen, by=asker)
    assert points(answer.author) == 0 and points(other.author) == 15
    assert points(asker) == 2


def test_an_answer_to_ones_own_question_earns_nothing_when_accepted(author):
    question = QuestionFactory(author=author)
    own = AnswerFactory(question=question, author=author)
    services.accept_answer(own, by=author)
    assert points(author) == 0


def test_official_endorsement_earns_ten_and_unmarking_takes_them_back(answer):
    cm = community_manager()
    services.mark_official(answer, by=cm)
    assert points(answer.author) == 10
    services.unmark_official(answer.question, by=cm)
    assert points(answer.author) == 0


def test_removed_as_spam_costs_a_hundred_and_restoring_gives_them_back(answer, moderator):
    services.remove_post(answer, by=moderator, spam=True)
    assert points(answer.author) == -100
    services.restore_post(answer, by=moderator)
    assert points(answer.author) == 0


def test_a_post_removed_for_another_reason_costs_nothing(answer, moderator):
    services.remove_post(answer, by=moderator)
    assert points(answer.author) == 0


def test_upheld_flags_earn_their_flaggers_points_and_dismissed_ones_nothing(answer, moderator):
    flaggers = [voter(f"flagger{n}") for n in range(2)]
    for f in flaggers:
        services.flag_post(answer, by=f, reason="spam")
    services.settle_flags(answer, upheld=True, by=moderator)
    assert [points(f) for f in flaggers] == [2, 2]
    other = AnswerFactory(question=answer.question)
    services.flag_post(other, by=flaggers[0], reason="rude")
    services.settle_flags(other, upheld=False, by=moderator)
    assert points(flaggers[0]) == 2


def test_a_published_article_earns_its_expert_points_once(expert, article_factory):
    article = article_factory(expert=expert)
    article.save_revision().publish()
    article.save_revision().publish()
    assert points(expert.user) == 20


def test_fifty_parallel_identical_votes_give_one_vote_and_one_award(transactional_db):
    author = voter("author-c", days=30)
    target = AnswerFactory(author=author)
    fan = voter("fan-c")
    errors = run_concurrently(lambda: services.vote_helpful(target, by=fan), 50)
    assert HelpfulVote.objects.filter(answer=target).count() == 1
    assert ReputationEvent.objects.filter(user=author).count() == 1
    assert points(author) == 10
    assert all("locked" in str(e) for e in errors), errors


def test_serial_voting_is_reversed_by_the_nightly_job(author, no_rate_limits):
    fan = voter("serial")
    answers = [AnswerFactory(author=author) for _ in range(6)]
    rules = ReputationRules.load()
    rules.pair_daily_points = 1000
    rules.save()
    forget_rules()
    for a in answers:
        services.vote_helpful(a, by=fan)
    assert points(author) == 60
    honest = AnswerFactory(author=author)
    services.vote_helpful(honest, by=voter("honest"))
    cases = gaming.detect_serial_voting()
    assert len(cases) == 1 and cases[0].points_reversed == -60
    assert points(author) == 10
    assert ReputationEvent.objects.filter(reason="serial_voting").count() == 6
    assert gaming.detect_serial_voting() == []  # a second run finds nothing new


def test_a_vote_ring_is_reversed_and_ordinary_mutual_help_is_not(no_rate_limits):
    ring = [voter(f"ring{n}") for n in range(3)]
    friends = [voter("friend-a"), voter("friend-b")]
    strangers = [voter(f"stranger{n}") for n in range(6)]
    for giver in ring:
        for taker in ring:
            if giver != taker:
                for _n in range(3):
                    services.vote_helpful(AnswerFactory(author=taker), by=giver)
    # Two friends vote for each other once, and mostly for other people.
    services.vote_helpful(AnswerFactory(author=friends[1]), by=friends[0])
    services.vote_helpful(AnswerFactory(author=friends[0]), by=friends[1])
    for s in strangers:
        services.vote_helpful(AnswerFactory(author=s), by=friends[0])
        services.vote_helpful(AnswerFactory(author=s), by=friends[1])
    cases = gaming.detect_rings()
    assert [c.kind for c in cases] == ["ring"]
    assert set(cases[0].members.all()) == set(ring)
    assert all(points(m) == 0 for m in ring)
    assert points(friends[0]) == 10 and points(friends[1]) == 10


def test_sock_puppets_from_one_network_go_to_the_moderation_queue(author):
    from moderation.models import QueueItem

    address = "198.51.100.23"
    puppets = [voter(f"puppet{n}", days=0) for n in range(2)]
    for p in puppets:
        gaming.record_signup(p, address)
    assert Standing.objects.get(user=puppets[0]).signup_network != address
    target = AnswerFactory(author=author)
    for p in puppets:
        services.vote_helpful(target, by=p)
    cases = gaming.detect_puppets()
    assert [c.kind for c in cases] == ["puppets"]
    item = QueueItem.objects.get(kind="puppets")
    assert item.reasons == ["puppets"]
    assert gaming.detect_puppets() == []


def test_network_hashes_group_a_network_and_never_store_the_address():
    a, b = gaming.network_hash("203.0.113.5"), gaming.network_hash("203.0.113.200")
    assert a == b and "203" not in a and len(a) == 32
    assert gaming.network_hash("203.0.114.5") != a
    assert gaming.network_hash("not an address") == "" and gaming.network_hash(None) == ""


def test_levels_follow_points_days_activity_and_a_clean_record(no_rate_limits, moderator):
    member = voter("climber", days=40)
    for n in range(5):
        services.post_answer(QuestionFactory(), author=member, body=f"Answer number {n} here.")
    for n in range(5):
        services.vote_helpful(AnswerFactory(author=member), by=voter(f"f{n}"))
    standing = Standing.objects.get(user=member)
    assert standing.points == 50 and standing.level == Level.CONTRIBUTOR
    change = LevelChange.objects.filter(user=member).first()
    assert change.to_level == Level.CONTRIBUTOR
    note = Notification.objects.get(recipient=member, kind="level").note
    assert "Contributor" in note
    # A warning breaks the clean record: the level goes back down, and the member is told why.
    from moderation import sanctions as moderation

    moderation.warn(member, by=moderator, reason="Be kind.")
    standing.refresh_from_db()
    assert standing.level == Level.MEMBER
    loss = Notification.objects.filter(recipient=member, kind="level").first()
    assert "sanction" in loss.note
    assert LevelChange.objects.filter(user=member).first().reason == "clean"


def test_a_member_at_the_rules_level_posts_without_pre_moderation_and_with_images(
    member, no_rate_limits, topic
):
    first = services.ask_question(author=member, title="First question here", body="?", topic=topic)
    assert first.state == PostState.PENDING
    rules = ReputationRules.load()
    rules.no_premoderation_level = Level.NEWCOMER
    rules.save()
    forget_rules()
    second = services.ask_question(
        author=member, title="Second question here", body="?", topic=topic
    )
    assert second.state == PostState.PUBLISHED


def test_regulars_can_edit_the_tags_of_others_questions(client, no_rate_limits):
    question = QuestionFactory(tags=["wifi"])
    member = voter("helper")
    client.force_login(member)
    url = reverse("community:question-tags", args=[question.pk])
    client.post(url, {"tags": "5g roaming"})
    assert list(question.tags.values_list("name", flat=True)) == ["wifi"]
    Standing.objects.filter(user=member).update(level=Level.REGULAR)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Edit tags" in page
    client.post(url, {"tags": "5g roaming"})
    assert sorted(question.tags.values_list("name", flat=True)) == ["5g", "roaming"]


def test_flags_of_regulars_weigh_double_and_one_ambassador_flag_hides_a_post(answer):
    regular = voter("regular-flagger")
    Standing.objects.filter(user=regular).update(level=Level.REGULAR)
    assert services.flag_weight(regular) == 2
    amb = voter("amb")
    Standing.objects.filter(user=amb).update(
        level=Level.AMBASSADOR, ambassador_since=timezone.now()
    )
    services.flag_post(answer, by=amb, reason="spam")
    answer.refresh_from_db()
    assert answer.state == PostState.HIDDEN


def test_the_profile_shows_points_history_and_what_the_next_level_needs(client, answer):
    services.vote_helpful(answer, by=voter("fan"))
    author = answer.author
    client.force_login(author)
    page = client.get(reverse("hub:member-profile", args=[author.username])).content.decode()
    assert "10 points" in page and "40 more points" in page
    assert "Helpful vote on an answer" in page
    other = client.get(reverse("community:member-points", args=[author.username]))
    assert other.status_code == 200
    client.force_login(voter("nosy"))
    page = client.get(reverse("hub:member-profile", args=[author.username])).content.decode()
    assert "10 points" in page and "more points" not in page
    assert client.get(reverse("community:member-points", args=[author.username])).status_code == 404


def test_the_profile_speaks_french(client, answer):
    from hub.models import Profile

    services.vote_helpful(answer, by=voter("fan"))
    Profile.objects.filter(user=answer.author).update(preferred_language="fr")
    client.force_login(answer.author)
    page = client.get(reverse("hub:member-profile", args=[answer.author.username])).content.decode()
    assert "Réputation" in page and "Vote utile sur une réponse" in page


def test_the_leaderboard_excludes_staff_and_brand_voices(client, answer, brand_voice):
    services.vote_helpful(answer, by=voter("fan"))
    AnswerFactory(author=brand_voice, by_brand=True)
    ReputationEvent.objects.create(
        user=brand_voice, kind="seed", points=500, reason="seed", key="s"
    )
    for period in ("week", "month", "all"):
        names = [row["member"] for row in boards.leaderboard(period)]
        assert answer.author in names and brand_voice not in names
    assert client.get(reverse("community:leaderboard") + "?period=nonsense").status_code == 200


def test_candidates_go_to_the_queue_and_the_cm_promotes_with_badge_email_and_audit(
    mailoutbox, django_capture_on_commit_callbacks
):
    from moderation import actions as moderation
    from moderation.models import AuditEntry, QueueItem

    star = voter("star", days=200)
    rules = ReputationRules.load()
    rules.candidate_points, rules.candidate_posts, rules.regular_points = 20, 0, 20
    rules.regular_posts = rules.contributor_posts = 0
    rules.contributor_points = 10
    rules.save()
    forget_rules()
    for n in range(2):
        services.vote_helpful(AnswerFactory(author=star), by=voter(f"elder{n}", days=300))
    assert ambassadors.propose_candidates() == 1
    item = QueueItem.objects.get(kind="ambassador")
    cm = community_manager()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = moderation.act(item, "approve", by=cm)
    assert outcome.done
    standing = Standing.objects.get(user=star)
    assert standing.level == Level.AMBASSADOR and standing.ambassador_since
    assert any("Ambassador" in m.body for m in mailoutbox)
    assert AuditEntry.objects.filter(action="promote", subject=star).exists()
    assert star in ambassadors.ambassadors()
    assert ambassadors.propose_candidates() == 0
    assert ambassadors.revoke_ambassador(star, by=cm, reason="Inactive for months.")
    assert AuditEntry.objects.filter(action="revoke", subject=star).exists()
    standing.refresh_from_db()
    assert standing.level < Level.AMBASSADOR
    assert "Inactive for months." in Notification.objects.filter(recipient=star).first().note


def test_only_the_community_manager_promotes(moderator):
    with pytest.raises(Exception, match="community manager"):
        ambassadors.promote_ambassador(voter("x"), by=moderator)


def test_authenticity_counts_established_diverse_voters_only(answer, no_rate_limits):
    author = answer.author
    services.vote_helpful(answer, by=voter("elder", days=300))
    services.vote_helpful(AnswerFactory(author=author), by=voter("young", days=5))
    figure = boards.authenticity(author.pk)
    assert figure == {"share": 0.5, "authentic": 10, "total": 20, "voters": 2}
    assert boards.authenticity()["total"] == 20


def test_the_rebuild_command_matches_incremental_values(answer, moderator, capsys):
    services.vote_helpful(answer, by=voter("fan"))
    services.accept_answer(answer, by=answer.question.author)
    Standing.objects.filter(user=answer.author).update(points=999, level=0)
    call_command("rebuild_reputation")
    assert "1 points" in capsys.readouterr().out
    assert points(answer.author) == 25 == ledger_sum(answer.author)
    call_command("rebuild_reputation")
    assert "0 points and 0 levels differed" in capsys.readouterr().out


def test_one_event_costs_the_same_queries_whatever_the_ledger_size(answer, no_rate_limits):
    def cost():
        target = AnswerFactory(author=answer.author)
        fan = voter(f"fan-{target.pk}")
        with CaptureQueriesContext(connection) as captured:
            services.vote_helpful(target, by=fan)
        return len(captured.captured_queries)

    cost()  # warm: content types, the rules in the cache
    small = cost()
    ReputationEvent.objects.bulk_create(
        ReputationEvent(user=answer.author, kind="seed", points=1, reason="seed", key=f"k{n}")
        for n in range(500)
    )
    assert cost() == small


def test_the_rules_refuse_inconsistent_thresholds():
    from django.core.exceptions import ValidationError

    rules = ReputationRules(regular_points=10, contributor_points=50, removed_as_spam=5)
    with pytest.raises(ValidationError) as error:
        rules.clean()
    assert {"regular_points", "removed_as_spam"} <= set(error.value.message_dict)


OPS = st.lists(
    st.tuples(
        st.sampled_from(["vote", "unvote", "accept", "unaccept", "official", "unofficial", "spam"]),
        st.integers(0, 2),
        st.integers(0, 2),
    ),
    max_size=25,
)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=OPS)
def test_incremental_scores_equal_a_full_rebuild(ops):
    with transaction_rollback():
        members = [voter(f"p{n}", days=30) for n in range(3)]
        asker = voter("p-asker")
        question = QuestionFactory(author=asker)
        answers = [AnswerFactory(question=question, author=m) for m in members]
        cm = community_manager()
        moderator = cm
        for op, who, target in ops:
            post = answers[target]
            by = members[who]
            if op == "vote" and by != post.author and post.is_public:
                services.vote_helpful(post, by=by)
            elif op == "unvote":
                services.withdraw_vote(post, by=by)
            elif op == "accept" and post.is_public:
                services.accept_answer(post, by=asker)
            elif op == "unaccept":
                question.refresh_from_db()
                if question.accepted_answer_id:
                    services.unaccept_answer(question, by=asker)
            elif op == "official" and post.is_public:
                services.mark_official(post, by=cm)
            elif op == "unofficial":
                question.refresh_from_db()
                if question.official_answer_id:
                    services.unmark_official(question, by=cm)
            elif op == "spam":
                if post.is_public:
                    services.remove_post(post, by=moderator, spam=True)
                else:
                    services.restore_post(post, by=moderator)
                post.refresh_from_db()
        incremental = {s.user_id: (s.points, s.level) for s in Standing.objects.all()}
        changed = rebuild.rebuild()
        assert changed["points"] == 0 and changed["levels"] == 0
        assert incremental == {s.user_id: (s.points, s.level) for s in Standing.objects.all()}
        for m in (*members, asker):
            assert points(m) == ledger_sum(m)


class transaction_rollback:
    """Each hypothesis example runs in its own savepoint, rolled back after."""

    def __enter__(self):
        from django.db import transaction

        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        from django.core.cache import cache

        cache.clear()

    def __exit__(self, *exc):
        from django.db import transaction

        transaction.set_rollback(True)
        self.atomic.__exit__(*exc)
        return False


def _queries(client, url) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_profile_costs_the_same_queries_with_3_or_300_ledger_lines(client, answer):
    author = answer.author
    client.force_login(author)
    url = reverse("hub:member-profile", args=[author.username])

    def lines(n, start):
        ReputationEvent.objects.bulk_create(
            ReputationEvent(user=author, kind="seed", points=1, reason="seed", key=f"q{start + k}")
            for k in range(n)
        )

    lines(3, 0)
    _queries(client, url)
    few = _queries(client, url)
    lines(297, 3)
    assert _queries(client, url) == few


def test_the_leaderboard_costs_the_same_queries_with_3_or_30_members(client):
    def members(n, start):
        for k in range(start, start + n):
            user = voter(f"leader{k}")
            ReputationEvent.objects.create(
                user=user, kind="seed", points=k + 1, reason="seed", key=f"l{k}"
            )

    members(3, 0)
    url = reverse("community:leaderboard") + "?period=week"
    _queries(client, url)
    few = _queries(client, url)
    members(27, 3)
    assert _queries(client, url) == few


def test_the_community_manager_edits_the_rules_in_the_admin_and_bad_values_are_refused(client):
    from django.forms.models import model_to_dict

    from tests.helpers import admin_login

    admin_login(client, community_manager())
    url = client.get("/admin/settings/community/reputationrules/", follow=True).redirect_chain[-1][
        0
    ]
    assert client.get(url).status_code == 200
    data = {k: v for k, v in model_to_dict(ReputationRules.load()).items() if v is not None}
    data.pop("id", None)
    bad = {**data, "regular_points": 10}
    page = client.post(url, bad).content.decode()
    assert "A regular needs at least as many points as a contributor." in page
    assert ReputationRules.load().regular_points == 250
    rules_in_force()  # cached
    client.post(url, {**data, "vote_on_answer": 12})
    assert ReputationRules.load().vote_on_answer == 12
    assert rules_in_force().vote_on_answer == 12  # saving cleared the cache


def test_moderators_cannot_edit_the_rules(client, moderator):
    from tests.helpers import admin_login

    admin_login(client, moderator)
    response = client.get("/admin/settings/community/reputationrules/")
    assert response.status_code in (302, 403)


def test_the_funnel_counts_each_stage_at_each_month_end_in_the_hubs_time_zone():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 3, 15, 12, tzinfo=paris)
    early, late = voter("early", established=False), voter("late", established=False)
    User.objects.filter(pk=early.pk).update(date_joined=datetime(2026, 1, 10, tzinfo=paris))
    # Joined on 1 March at 00:30 in Paris: still 28 February in UTC, but a March member here.
    User.objects.filter(pk=late.pk).update(date_joined=datetime(2026, 3, 1, 0, 30, tzinfo=paris))
    for user, to, when in (
        (early, 1, datetime(2026, 1, 20, tzinfo=paris)),
        (early, 2, datetime(2026, 2, 20, tzinfo=paris)),
        (late, 1, datetime(2026, 3, 2, tzinfo=paris)),
    ):
        LevelChange.objects.create(
            user=user, from_level=to - 1, to_level=to, reason="points", created_at=when
        )
    with timezone.override(paris):
        rows = boards.funnel(months=3, now=now)
    assert [r["month"].month for r in rows] == [1, 2, 3]
    assert [(r["joined"], r["member"], r["contributor"]) for r in rows] == [
        (1, 1, 0),
        (1, 1, 1),
        (2, 2, 1),
    ]
