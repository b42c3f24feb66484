"""Who reads a job (/api/v1/jobs/{id}, /jobs/<id>/): whoever enqueued it and the chair secretariat of its
series; anyone else gets the same 404 as for a job that does not exist."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.utils import translation

from mufakat.accounts.models import User
from mufakat.jobs.models import Job
from mufakat.jobs.services import job_enqueue
from tests.jobs.conftest import silence_started

T0 = datetime(2024, 7, 23, 11, 0, tzinfo=UTC)
DEADLINE = datetime(2024, 7, 24, 11, 0, tzinfo=UTC)


@pytest.fixture
def deadline_job(drafted, chair_secretariat) -> Job:
    silence_started(chair_secretariat, drafted, started=T0, deadline=DEADLINE)
    return Job.objects.get(kind="silence.deadline")


def test_chair_who_started_silence_reads_its_deadline_job(deadline_job, chair_secretariat_client) -> None:
    body = chair_secretariat_client.get(f"/api/v1/jobs/{deadline_job.pk}").json()
    assert body == {
        "id": str(deadline_job.pk),
        "kind": "silence.deadline",
        "state": "queued",
        "series": "amm-57",
        "enqueued_by": deadline_job.enqueued_by.username,
        "attempts": 0,
        "max_attempts": 5,
        "run_after": "2024-07-24T11:00:00Z",
        "progress": {},
        "result": None,
        "error": "",
        "created_at": body["created_at"],
        "started_at": None,
        "finished_at": None,
    }


@pytest.mark.parametrize(
    "persona",
    ["asean_secretariat", "member_focal_point", "member_delegate", "partner_delegate", "observer", "outsider"],
)
def test_others_get_not_found_for_a_deadline_job(deadline_job, persona_client, persona) -> None:
    response = persona_client(persona).get(f"/api/v1/jobs/{deadline_job.pk}")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"no job with id {deadline_job.pk}.", "field": "job_id", "record": None},
    )


def test_anonymous_is_asked_to_sign_in(deadline_job, client) -> None:
    api = client.get(f"/api/v1/jobs/{deadline_job.pk}")
    assert (api.status_code, api.json()) == (
        401,
        {
            "detail": "this needs a signed-in user: sign in to the web UI, or send a personal API token as "
            "'Authorization: Bearer mfk_…'.",
            "field": "Authorization",
            "record": None,
        },
    )
    page = client.get(f"/jobs/{deadline_job.pk}/")
    assert (page.status_code, page["Location"]) == (302, f"/accounts/login/?next=/jobs/{deadline_job.pk}/")


def test_a_job_that_does_not_exist_is_not_found(chair_secretariat_client, amm_57) -> None:
    missing = uuid.UUID(int=7)
    response = chair_secretariat_client.get(f"/api/v1/jobs/{missing}")
    assert (response.status_code, response.json()["detail"]) == (404, f"no job with id {missing}.")


def test_whoever_enqueued_a_job_reads_it_without_being_chair(
    amm_57, member_focal_point, member_focal_point_client
) -> None:
    job = job_enqueue(
        kind="silence.deadline", params={"procedure_id": 0}, series_id=amm_57.pk, enqueued_by=member_focal_point.user
    )
    body = member_focal_point_client.get(f"/api/v1/jobs/{job.pk}").json()
    assert (body["id"], body["enqueued_by"], body["state"]) == (str(job.pk), member_focal_point.user.username, "queued")


def test_job_page_shows_state_and_schedule_in_english_and_vietnamese(deadline_job, chair_secretariat_client) -> None:
    page = chair_secretariat_client.get(f"/jobs/{deadline_job.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert '<dd class="state state-queued">queued</dd>' in page.text
    assert "<h1>Background job: Silence procedure deadline</h1>" in page.text
    assert '<dd class="attempts">0 of at most 5</dd>' in page.text
    assert '<dd class="series">57th ASEAN Foreign Ministers&#x27; Meeting and Related Meetings</dd>' in page.text
    assert '<dd class="started-by">Chair Secretariat</dd>' in page.text
    document = deadline_job.series.meetings.get(body__code="AMM").documents.get()
    assert f'<a class="subject" href="/series/amm-57/documents/{document.pk}/board/">{document.title}</a>' in page.text
    # In the venue's time, as the rest of the app: 11:00 UTC is 18:00 in Vientiane.
    assert (
        '<time id="job-runs-at" datetime="2024-07-24T18:00:00+07:00">24 July 2024, 18:00 (Asia/Vientiane)</time>'
        in page.text
    )
    with translation.override("vi"):
        vi_page = chair_secretariat_client.get(f"/jobs/{deadline_job.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert vi_page.status_code == 200
    assert 'lang="vi"' in vi_page.text


def test_job_page_shows_times_in_the_readers_own_time_zone(deadline_job, chair_secretariat_client) -> None:
    User.objects.filter(pk=deadline_job.enqueued_by_id).update(time_zone="Asia/Tokyo")

    page = chair_secretariat_client.get(f"/jobs/{deadline_job.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert (
        '<time id="job-runs-at" datetime="2024-07-24T20:00:00+09:00">24 July 2024, 20:00 (Asia/Tokyo)</time>'
        in page.text
    )


@pytest.mark.parametrize("path", ["/api/v1/jobs/not-a-uuid", "/api/v1/jobs/12345"])
def test_a_job_id_that_is_no_uuid_is_not_found_in_the_apis_error_shape(chair_secretariat_client, amm_57, path) -> None:
    response = chair_secretariat_client.get(path)
    cancel = chair_secretariat_client.post(f"{path}/cancel")

    job_id = path.rsplit("/", 1)[1]
    body = {"detail": f"no job with id {job_id}.", "field": "job_id", "record": None}
    assert [(response.status_code, response.json()), (cancel.status_code, cancel.json())] == [(404, body), (404, body)]
