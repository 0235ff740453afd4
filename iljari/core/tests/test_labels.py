from iljari.core.labels import one_language


def test_a_choice_label_in_one_language():
    assert one_language("추진중 / active", "ko") == "추진중"
    assert one_language("추진중 / active", "en-us") == "active"
    assert one_language("관악구", "en") == "관악구" and one_language(None) == ""
