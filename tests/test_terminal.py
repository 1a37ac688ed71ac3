from lessonquiz.terminal import visible


def test_escape_sequences_and_bidi_overrides_are_shown_not_sent() -> None:
    osc52 = "\x1b]52;c;ZWNobyBoaQ==\x07"
    assert visible(f"q1 {osc52} \u202eevil") == "q1 \\x1b]52;c;ZWNobyBoaQ==\\x07 \\u202eevil"
    assert visible("clear\x1b[2J\x9b") == "clear\\x1b[2J\\x9b"


def test_ordinary_text_layout_and_non_latin_scripts_pass_unchanged() -> None:
    text = "Қазақстан\t中国\nРоссия — 31.5 bn"
    assert visible(text) == text
