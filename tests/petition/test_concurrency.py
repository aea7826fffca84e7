"""Many people sign at once: PostgreSQL, real views, one thread per client.

Each thread has its own Django test Client and its own database connection;
every client comes from its own address, so the rate limit stays out of it.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from django.core import mail
from django.db import connections
from django.test import Client

from petition.models import PetitionPage, Signature
from tests.petition.helpers import confirm_path, sign_data, sign_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS = 40  # below PostgreSQL's 100 connections, with room for others


def run_concurrently(n, request):
    """request(i) in n threads released together; [(i, status)]."""
    barrier = threading.Barrier(min(n, WORKERS))

    def one(i):
        try:
            if i < WORKERS:
                barrier.wait(timeout=30)
            return request(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(one, range(n)))


def client_for(i):
    return Client(REMOTE_ADDR=f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")


def test_200_concurrent_signatures_then_200_concurrent_confirmations(petition):
    url = sign_url(petition)

    def sign(i):
        response = client_for(i).post(url, sign_data(email=f"signer{i}@example.org"))
        return response.status_code

    statuses = run_concurrently(200, sign)
    assert statuses == [302] * 200
    assert Signature.objects.filter(petition=petition).count() == 200
    assert len(mail.outbox) == 200

    paths = [confirm_path(message) for message in mail.outbox]
    statuses = run_concurrently(200, lambda i: client_for(i).post(paths[i]).status_code)
    assert statuses == [302] * 200
    petition = PetitionPage.objects.get(pk=petition.pk)
    assert petition.signature_count == 200
    assert Signature.objects.filter(confirmed_at__isnull=True).count() == 0

    # Everyone confirming again, at once, changes nothing.
    run_concurrently(200, lambda i: client_for(i).post(paths[i]).status_code)
    assert PetitionPage.objects.get(pk=petition.pk).signature_count == 200


def test_50_concurrent_signatures_with_one_email_make_one(petition):
    url = sign_url(petition)
    emails = ["same@example.org", " SAME@example.org", "Same@Example.ORG "]

    def sign(i):
        data = sign_data(email=emails[i % 3], name=f"Person {i}")
        return client_for(i).post(url, data).status_code

    statuses = run_concurrently(50, sign)
    assert statuses == [302] * 50  # never a 500
    assert Signature.objects.filter(petition=petition).count() == 1
    # The first email, and at most one resend however many tried.
    assert 1 <= len(mail.outbox) <= 2


def test_concurrent_confirm_and_withdraw_keep_the_count_exact(petition):
    from tests.petition.helpers import withdraw_path

    url = sign_url(petition)
    for i in range(60):
        client_for(i).post(url, sign_data(email=f"p{i}@example.org"))
    messages = list(mail.outbox)
    # Half confirmed first; then everyone confirms and withdraws at once.
    for message in messages[:30]:
        Client().post(confirm_path(message))

    def race(i):
        message = messages[i // 2]
        path = confirm_path(message) if i % 2 else withdraw_path(message)
        return client_for(i).post(path).status_code

    statuses = run_concurrently(120, race)
    assert 500 not in statuses
    confirmed = Signature.objects.filter(
        petition=petition, confirmed_at__isnull=False
    ).count()
    assert PetitionPage.objects.get(pk=petition.pk).signature_count == confirmed


def test_a_double_click_on_confirm_answers_confirmed_twice_and_counts_once(
    petition,
):
    """Both clicks read the unconfirmed signature, then wait on its row lock
    (held here) to confirm it: released together, one confirms and the other
    finds it done. Both must hear "confirmed"."""
    from django.db import connection, transaction

    Client().post(sign_url(petition), sign_data())
    path = confirm_path(mail.outbox[0])
    signature = Signature.objects.get()
    with ThreadPoolExecutor(max_workers=2) as pool:
        with transaction.atomic():
            Signature.objects.select_for_update().get(pk=signature.pk)
            clicks = [pool.submit(click, path, i) for i in range(2)]
            wait_for_lock_waiters(connection, 2)
        answers = [click.result(timeout=30) for click in clicks]
    confirmed = petition.url + "?status=confirmed"
    assert answers == [(302, confirmed), (302, confirmed)]
    assert PetitionPage.objects.get(pk=petition.pk).signature_count == 1


def click(path, i):
    try:
        response = client_for(i).post(path)
        return response.status_code, response.get("Location")
    finally:
        connections.close_all()


def wait_for_lock_waiters(connection, n, seconds=20):
    import time

    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction the statistics are a snapshot: take anew.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                "'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0] >= n:
                return
            time.sleep(0.05)
    raise AssertionError(f"{n} requests never waited on the signature's lock")


def test_ten_workers_at_one_email_send_it_once(petition):
    from petition.factories import SignatureFactory
    from petition.models import Email
    from petition.tasks import attempt

    signature = SignatureFactory(petition=petition)
    email = Email.objects.create(
        signature=signature, kind="confirm", base_url="http://testserver/"
    )
    outcomes = run_concurrently(10, lambda i: attempt(email.pk))
    assert outcomes.count(True) == 1
    assert outcomes.count(None) == 9
    assert [m.to for m in mail.outbox] == [[signature.email]]
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
