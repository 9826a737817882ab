"""One rule of sentence ends for every check that counts sentences (qualitygate/sentences.py)."""

from __future__ import annotations

from qualitygate.sentences import continues, sentence_spans


def _pieces(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, names)]


def test_a_bang_of_a_name_ends_no_sentence_but_others_do() -> None:
    text = "Drive into the Zoom! Zoom! Racers garage by Acme. It is fun!"
    assert _pieces(text, frozenset({"ZOOM!"})) == [
        "Drive into the Zoom! Zoom! Racers garage by Acme.",
        "It is fun!",
    ]
    assert len(_pieces(text)) == 4  # without the title's "Zoom!" the bangs end sentences
    assert _pieces("Yahoo! mail works. Wow! Great!! Done.") == [
        "Yahoo! mail works.",
        "Wow!",
        "Great!!",
        "Done.",
    ]


def test_decimals_and_initials_end_no_sentence() -> None:
    text = 'It stands 6. 5" tall and 9.5" wide. Written by b. K. Lane and J. R. Moss. Plan A. Go.'
    assert _pieces(text) == [
        'It stands 6. 5" tall and 9.5" wide.',
        "Written by b. K. Lane and J. R. Moss.",
        "Plan A.",
        "Go.",
    ]
    assert not continues("Size 7. Blue.", len("Size 7."))
    assert continues("about 6. 5 inches", len("about 6."))
