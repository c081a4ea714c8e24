"""What the walk-through found: the main action near the top of a consultation, support
without JavaScript returns to where one was, chart titles clear of the axis, English
that says "comments", the house rules in English, and one way of writing dates."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import force_locale

from cocreatie import charts, db
from cocreatie.dates import format_date, format_datetime
from tests.conftest import login
from tests.worklist.test_routes import page


def test_sharing_an_idea_comes_first_and_what_you_can_do_are_links(client, make, frozen):
    consultation = make.consultation()
    make.idea(consultation)
    login(client, make.user())
    html = page(client.get(f"/consultaties/{consultation.slug}"))
    share = html.index(f'<a class="button" href="/consultaties/{consultation.slug}/ideeen/nieuw">Deel uw idee</a>')
    assert share < html.index("Achtergrond") and share < html.index('id="phases-title"')
    now_box = html[html.index('class="now-box"'):html.index("</div>", html.index('class="now-box"'))]
    items = re.findall(r"<li>(.*?)</li>", now_box)
    assert len(items) == 3 and all(item.startswith("<a href=") for item in items), items
    # A visitor is offered to log in first, as the main action.
    client.post("/uitloggen")
    html = page(client.get(f"/consultaties/{consultation.slug}"))
    assert html.index("Log in om uw idee te delen") < html.index("Achtergrond")


def test_supporting_without_javascript_returns_to_the_idea_card_or_support_box(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    login(client, make.user())
    listing = f"/consultaties/{consultation.slug}?sort=newest&page=1"
    response = client.post(f"/ideeen/{idea.id}/steunen", data={"next": listing})
    assert response.status_code == 302
    assert response.location.endswith(f"{listing}#steunkaart-{idea.id}")
    assert f'id="steunkaart-{idea.id}"' in page(client.get(listing))
    response = client.post(f"/ideeen/{idea.id}/steun-intrekken")
    assert response.location.endswith(f"/ideeen/{idea.id}#steunbox-{idea.id}")
    assert f'id="steunbox-{idea.id}"' in page(client.get(f"/ideeen/{idea.id}"))
    # Somewhere else than one of our lists: back to the idea, never to another site.
    response = client.post(f"/ideeen/{idea.id}/steunen", data={"next": "https://example.com/"})
    assert response.location.endswith(f"/ideeen/{idea.id}#steunbox-{idea.id}")


def test_a_panel_title_sits_clear_above_the_highest_value_label():
    for n in (4, 12):  # values written above the bars, and not
        weeks = [date.fromordinal(date(2026, 1, 5).toordinal() + 7 * i) for i in range(n)]
        chart = charts.bar_chart(weeks, [charts.Series("ideas", [20] * n), charts.Series("supports", [3] * n)])
        for panel in chart.panels:
            title_bottom = panel.title_y + charts.FONT_SIZE * 0.3  # the baseline plus descenders
            highest_label_top = panel.y_ticks[-1].position - charts.FONT_SIZE * 0.5  # centred on its tick
            assert title_bottom + 2 <= highest_label_top, (n, panel.key)


def test_english_says_comments_and_supporters(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    reader = make.user()
    reader.locale = "en"
    db.session.commit()
    login(client, reader)
    html = page(client.get(f"/ideeen/{idea.id}"))
    assert "Comments" in html and "Comment on this idea" in html and "Post comment" in html
    assert not re.search(r"\b[Rr]eact(ion|ions|ing)?\b", re.sub(r"<[^>]+>", " ", html))
    listing = page(client.get(f"/consultaties/{consultation.slug}"))
    assert "0 supporters" in listing and "0 supports" not in listing


def test_the_house_rules_page_is_in_english_in_english(client, english):
    html = page(client.get("/huisregels"))
    assert "Be respectful" in html and "Wees respectvol" not in html
    assert '<ol class="house-rules">' in html  # no longer marked as Dutch


def test_the_english_house_rules_translate_the_dutch_defaults_exactly(app):
    from cocreatie.moderation.services import DEFAULT_HOUSE_RULES
    from cocreatie.pages.routes import TRANSLATED_HOUSE_RULES

    with app.test_request_context(), force_locale("nl"):
        assert [(str(t), str(e)) for t, e in TRANSLATED_HOUSE_RULES] == DEFAULT_HOUSE_RULES


def test_dates_are_written_one_way(app):
    moment = datetime(2026, 12, 6, 15, 50)  # UTC: 16:50 in Amsterdam
    with app.test_request_context(), force_locale("nl"):
        assert format_datetime(moment, "short") == format_datetime(moment) == "6 dec 2026, 16:50"
        assert format_date(moment, "long") == format_date(moment) == "6 dec 2026"
        assert format_date(moment, "MMM y") == "dec 2026"  # an explicit pattern stays


def test_comment_times_and_idea_dates_use_the_one_way(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    make.comment(idea)
    html = page(client.get(f"/ideeen/{idea.id}"))
    assert "15 jun 2026, 12:00" in html  # the comment (NOW is 10:00 UTC)
    assert "15-06-2026" not in html and "15 juni 2026" not in html
