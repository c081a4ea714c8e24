from cocreatie import db
from cocreatie.ideas import queries
from cocreatie.models import Idea


def _list(consultation, **options):
    defaults = dict(sort="support", query="", page=1, per_page=3, seed=1, total_ideas=consultation.idea_count, viewer_id=None)
    defaults.update(options)
    return queries.list_ideas(consultation.id, **defaults).page


def test_sorts(make, frozen):
    consultation = make.consultation()
    a, b, c = (make.idea(consultation, title=t) for t in ("Aaa idee", "Bbb idee", "Ccc idee"))
    db.session.execute(Idea.__table__.update().where(Idea.id == b.id).values(support_count=5, comment_count=1))
    db.session.execute(Idea.__table__.update().where(Idea.id == c.id).values(support_count=2, comment_count=9))
    db.session.commit()
    assert [i.title for i in _list(consultation, sort="support").items] == ["Bbb idee", "Ccc idee", "Aaa idee"]
    assert [i.title for i in _list(consultation, sort="newest").items] == ["Ccc idee", "Bbb idee", "Aaa idee"]
    assert [i.title for i in _list(consultation, sort="discussed").items] == ["Ccc idee", "Bbb idee", "Aaa idee"]
    # Unknown sort keys fall back to the default instead of reaching ORDER BY.
    assert [i.title for i in _list(consultation, sort="id; DROP TABLE ideas").items][0] == "Bbb idee"


def test_random_order_is_stable_while_paging_and_covers_every_idea(make, frozen):
    consultation = make.consultation()
    ids = {make.idea(consultation).id for _ in range(7)}
    for seed in (0, 12345, 2**31 - 1):
        pages = [_list(consultation, sort="random", seed=seed, page=n) for n in (1, 2, 3)]
        seen = [i.id for p in pages for i in p.items]
        assert sorted(seen) == sorted(ids)
        assert [i.id for i in _list(consultation, sort="random", seed=seed, page=2).items] == [i.id for i in pages[1].items]


def test_full_text_search_on_title_and_body(make, frozen):
    consultation = make.consultation()
    make.idea(consultation, title="Meer bomen op het plein", body="Schaduw in de zomer is belangrijk.")
    make.idea(consultation, title="Fietsenstalling", body="Een overdekte stalling bij de bomen.")
    make.idea(consultation, title="Speeltuin", body="Voor kinderen tot twaalf jaar.")
    assert {i.title for i in _list(consultation, query="bomen").items} == {"Meer bomen op het plein", "Fietsenstalling"}
    assert [i.title for i in _list(consultation, query="speel").items] == ["Speeltuin"]  # prefix
    assert _list(consultation, query="bomen").total == 2
    # Search syntax from the user is treated as plain words, never as an error.
    for hostile in ['"', "bomen OR", "NEAR(", "*", "'; --", "a:b", "(&|!)"]:
        _list(consultation, query=hostile)


def test_search_is_scoped_to_the_consultation(make, frozen):
    one, other = make.consultation(title="Plein een"), make.consultation(title="Plein twee")
    make.idea(other, title="Bomen elders")
    assert _list(one, query="bomen").total == 0
