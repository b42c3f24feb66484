"""A notice quoting an object that was reclassified after it was raised (or whose recipient lost the role that let
them see it) is no longer listed, counted, opened, marked or sent to whoever may no longer see the object; those
who still may see it keep it. Checked per type of object, in the query, and again just before an e-mail or a
digest goes (a bare address by its party's access)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.classification import Classification
from mufakat.accounts.models import RoleAssignment
from mufakat.accounts.rules import SeriesViewer
from mufakat.core.errors import NotFound
from mufakat.documents.models import OutcomeDocument
from mufakat.documents.services import document_update
from mufakat.jobs.models import Job
from mufakat.jobs.services import job_run
from mufakat.meetings.models import Meeting, Series
from mufakat.notifications.models import EmailState, Notification
from mufakat.notifications.preferences import notice_settings_update
from mufakat.notifications.selectors import notification_get, notification_list, unread_count
from mufakat.notifications.services import (
    Recipient,
    deliver_digest,
    deliver_notice,
    notifications_mark_read,
)
from mufakat.notifications.visibility import NO_LONGER_VISIBLE
from mufakat.plans.services import plan_update
from mufakat.reference.models import Framework, Party
from tests.factories.documents import document_with_text
from tests.factories.notifications import notice_to
from tests.factories.plans import SETUP, crafted_plan, crafted_reports

TITLE = "Joint Statement on the Review of the Sea Lanes"


@pytest.fixture
def public_draft(chair_secretariat: SeriesViewer, member_focal_point, partner_delegate) -> OutcomeDocument:
    """A public AMM draft (its circulation told to everyone in the series), its notices cleared."""
    amm = Meeting.objects.get(series_id=chair_secretariat.series_id, body__code="AMM")
    document, _version = document_with_text(
        actor=chair_secretariat, meeting=amm, texts=["We met."], title_en=TITLE, classification="public"
    )
    Notification.objects.all().delete()
    Job.objects.all().delete()
    return document


def _asean_only(chair: SeriesViewer, document: OutcomeDocument) -> None:
    document_update(
        actor=chair,
        document=document,
        expected_version=document.version,
        kind=document.kind,
        title_en=document.title_en,
        title_vi=document.title_vi,
        lead_party=None,
        disposition=document.disposition,
        classification=Classification.RESTRICTED,
        restricted_to=Framework.objects.get(code="ASEAN"),
    )


def _notice_about(document: OutcomeDocument, recipients: list) -> None:
    notice_to(recipients, title=TITLE, about=document, series_id=document.meeting.series_id)


def _subjects(user) -> list[str]:
    return [n.notice.subject_in("en") for n in notification_list(user=user)]


def test_a_notice_about_a_document_made_asean_only_leaves_a_partners_lists(
    public_draft, chair_secretariat, member_focal_point, partner_delegate
) -> None:
    japan, viet_nam = partner_delegate.user, member_focal_point.user
    _notice_about(public_draft, [japan, viet_nam])
    hidden = Notification.objects.get(user=japan)
    assert (_subjects(japan), unread_count(user=japan)) == ([f"Test notice about {TITLE}"], 1)

    _asean_only(chair_secretariat, public_draft)

    assert (_subjects(japan), unread_count(user=japan)) == ([], 0)
    assert (_subjects(viet_nam), unread_count(user=viet_nam)) == ([f"Test notice about {TITLE}"], 1)
    with pytest.raises(NotFound):
        notification_get(user=japan, notification_id=hidden.pk)
    assert notifications_mark_read(user=japan) == 0  # nothing shown, nothing marked (nor counted)
    assert notifications_mark_read(user=viet_nam) == 1


def test_an_email_the_recipient_may_no_longer_see_is_not_sent(
    public_draft, chair_secretariat, member_focal_point, partner_delegate
) -> None:
    """Users by their roles, heads of delegation without an account by their party's access."""
    series_id = public_draft.meeting.series_id
    viet_nam, japan = Party.objects.get(code="VN"), Party.objects.get(code="JP")
    notice = notice_to(
        [
            member_focal_point.user,
            partner_delegate.user,
            Recipient(address="hod.vn@mofa.example", party_id=viet_nam.pk),
            Recipient(address="hod.jp@mofa.example", party_id=japan.pk),
        ],
        title=TITLE,
        about=public_draft,
        series_id=series_id,
    )

    _asean_only(chair_secretariat, public_draft)
    result = job_run(job_id=Job.objects.get(kind="notifications.deliver").pk)

    assert (result, deliver_notice(notice_id=notice.pk)) == ({"sent": 2, "withheld": 2}, {"sent": 0})
    assert sorted(m.to[0] for m in mail.outbox) == ["hod.vn@mofa.example", "vn.focal@demo.mufakat.test"]
    states = {(n.address, n.email_state, n.email_error) for n in notice.notifications.all()}
    assert states == {
        ("vn.focal@demo.mufakat.test", EmailState.SENT, ""),
        ("hod.vn@mofa.example", EmailState.SENT, ""),
        ("jp.delegate@demo.mufakat.test", EmailState.WITHHELD, NO_LONGER_VISIBLE),
        ("hod.jp@mofa.example", EmailState.WITHHELD, NO_LONGER_VISIBLE),
    }


def test_a_digest_leaves_out_what_the_recipient_may_no_longer_see(
    public_draft, chair_secretariat, partner_delegate
) -> None:
    japan = partner_delegate.user
    notice_settings_update(user=japan, email_modes={"system.test": "digest"})
    _notice_about(public_draft, [japan])
    notice_to([japan], title="the programme")

    _asean_only(chair_secretariat, public_draft)

    assert deliver_digest(user_id=japan.pk) == {"sent": 1}
    (message,) = mail.outbox
    assert (message.subject, TITLE in message.body, "the programme" in message.body) == (
        "[mufakat] Your daily digest: 1 notices",
        False,
        True,
    )
    assert dict(Notification.objects.values_list("notice__subject__en", "email_state")) == {
        f"Test notice about {TITLE}": EmailState.WITHHELD,
        "Test notice about the programme": EmailState.SENT,
    }


def test_a_digest_of_only_what_may_no_longer_be_seen_is_not_sent(
    public_draft, chair_secretariat, partner_delegate
) -> None:
    japan = partner_delegate.user
    notice_settings_update(user=japan, email_modes={"system.test": "digest"})
    _notice_about(public_draft, [japan])

    _asean_only(chair_secretariat, public_draft)

    assert (deliver_digest(user_id=japan.pk), mail.outbox) == ({"sent": 0}, [])
    assert Notification.objects.get().email_state == EmailState.WITHHELD


def test_a_user_who_lost_the_role_no_longer_reads_a_bilateral_notice(
    member_focal_point, partner_delegate, chair_secretariat
) -> None:
    from mufakat.bilaterals.models import BilateralRequest
    from mufakat.bilaterals.services import bilateral_request_create

    series = Series.objects.get(pk=member_focal_point.series_id)
    request = bilateral_request_create(
        actor=partner_delegate,
        series=series,
        requester=Party.objects.get(code="JP"),
        counterparts=[Party.objects.get(code="VN")],
        level="som_leader",
    )
    viet_nam = member_focal_point.user
    (subject,) = _subjects(viet_nam)
    assert subject.startswith("Bilateral request from Japan")

    RoleAssignment.objects.filter(user=viet_nam, series=series).delete()

    assert (_subjects(viet_nam), unread_count(user=viet_nam)) == ([], 0)
    assert BilateralRequest.objects.filter(pk=request.pk).exists()
    assert deliver_notice(notice_id=Notification.objects.get(user=viet_nam).notice_id) == {"sent": 0, "withheld": 1}


def test_a_plan_made_confidential_takes_its_report_notices_from_whom_it_excludes(
    member_focal_point, member_delegate
) -> None:
    plan = crafted_plan(title="Crafted plan: the provinces")
    crafted_reports(plan)
    viet_nam = member_focal_point.user
    (returned,) = _subjects(viet_nam)
    assert returned.startswith("Report returned: line 2.1.1 of Crafted plan: the provinces")

    plan_update(
        actor=SETUP,
        plan_id=plan.pk,
        expected_version=plan.version,
        classification=Classification.CONFIDENTIAL,
        confidential_to=[Party.objects.get(code="TH")],
    )

    assert (_subjects(viet_nam), unread_count(user=viet_nam), unread_count(user=member_delegate.user)) == ([], 0, 0)


def test_a_programme_notice_stays_after_the_role_goes(amm_57, member_focal_point) -> None:
    """A released programme is public: its notice is still the reader's."""
    from mufakat.meetings.models import ProgrammeRelease

    release = ProgrammeRelease.objects.create(series=amm_57, number=99)
    notice_to([member_focal_point.user], title="programme v99", about=release, series_id=amm_57.pk)
    RoleAssignment.objects.filter(user=member_focal_point.user).delete()

    assert _subjects(member_focal_point.user) == ["Test notice about programme v99"]


def test_a_notice_about_an_object_without_a_visibility_rule_is_refused(amm_57, member_focal_point) -> None:
    with pytest.raises(ValueError, match=r"no visibility rule for notices about 'meetings\.series'"):
        notice_to([member_focal_point.user], about=amm_57)

    assert Notification.objects.count() == 0


def test_the_lists_cost_the_same_however_many_typed_notices(public_draft, chair_secretariat, partner_delegate) -> None:
    from mufakat.meetings.models import ProgrammeRelease

    japan = partner_delegate.user
    release = ProgrammeRelease.objects.create(series_id=chair_secretariat.series_id, number=99)
    _notice_about(public_draft, [japan])
    notice_to([japan], about=release, series_id=release.series_id)
    with CaptureQueriesContext(connection) as few:
        list(notification_list(user=japan))
        unread_count(user=japan)
    for _number in range(10):
        _notice_about(public_draft, [japan])
        notice_to([japan], about=release, series_id=release.series_id)
    with CaptureQueriesContext(connection) as more:
        shown = len(notification_list(user=japan))
        unread = unread_count(user=japan)

    assert (len(more), shown, unread) == (len(few), 22, 22)
