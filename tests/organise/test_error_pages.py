"""Error pages say what the view said went wrong, and the advice fits who reads it."""
from __future__ import annotations

from flask import abort, request

from tests.organise.conftest import sign_in_as
from tests.pages import check_page


def test_a_reason_given_to_abort_is_shown_escaped(client, organiser):
    sign_in_as(client, organiser)
    response = client.get("/organise/compare?by=nothing-like-this")
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    assert "Choose what to compare from the list shown." in page.select_one("main").get_text()
    assert "Something in what you sent did not make sense" not in page.get_text()


def test_markup_in_a_reason_is_shown_as_text_and_a_plain_abort_keeps_the_general_advice(app, client):
    app.add_url_rule("/tell", "tell", lambda: abort(400, request.args.get("what")))
    shown = client.get("/tell", query_string={"what": "<b>bold</b>"})
    assert shown.status_code == 400
    html = shown.get_data(as_text=True)
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    plain = check_page(client.get("/tell").get_data(as_text=True))
    assert "Something in what you sent did not make sense to us" in plain.get_text()


def test_the_server_error_page_in_the_workspace_speaks_to_staff(app, client, organiser):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page, not a traceback

    def broken():
        raise RuntimeError("a fault")
    app.add_url_rule("/organise/broken-for-a-test", "broken_workspace", broken)
    app.add_url_rule("/broken-for-a-test", "broken_public", broken)
    sign_in_as(client, organiser)
    workspace = client.get("/organise/broken-for-a-test")
    assert workspace.status_code == 500
    text = check_page(workspace.get_data(as_text=True)).get_text(" ")
    assert "thank-you page" not in text
    assert "What you saved before is safe" in text and "tell your administrator" in text
    public = client.get("/broken-for-a-test")
    assert public.status_code == 500
    assert "If you saw the thank-you page, your answers were sent" in public.get_data(as_text=True)
