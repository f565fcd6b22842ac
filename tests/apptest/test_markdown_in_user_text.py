"""User text is shown literally wherever Streamlit renders Markdown (issue 15): a name with bold, a
link and a remote image is neither bold, nor a link, nor an image fetch."""
import re

import pytest

from demo.seed import DEMO_ACCOUNTS
from ui.markdown import escape

NAME = "**bold** [click](http://evil.example/) ![x](http://evil.example/pixel.png)"
LIVE_MARKDOWN = ("**bold**", "](http", "![", ":material/")


def unescaped(text: str) -> list[str]:
    """The Markdown constructs left live once every backslash-escaped character is taken out."""
    bare = re.sub(r"\\.", "", text)
    return [m for m in LIVE_MARKDOWN if m in bare]


@pytest.fixture
def hostile_name(db, make_app):
    db.execute("UPDATE users SET first_name = ?, last_name = ':material/warning:' WHERE email = ?",
               [NAME, DEMO_ACCOUNTS["user"][0]])


def test_the_home_page_welcome_shows_the_name_literally(make_app, hostile_name):
    at = make_app("user")
    at.switch_page("../pages/home.py").run()
    assert not at.exception, at.exception
    welcome = [s.value for s in at.success]
    assert welcome and all(not unescaped(v) for v in welcome), welcome
    assert any(escape(NAME) in v for v in welcome)


@pytest.mark.parametrize("text", [NAME, "# title", "a_b_c", "$x$", "1. list", "<b>x</b>", "back\\slash"])
def test_escape_leaves_no_markdown_character_bare(text):
    out = escape(text)
    bare = [ch for i, ch in enumerate(out) if ch in "*_[]()!#$<>\\" and (i == 0 or out[i - 1] != "\\")
            and not (ch == "\\" and i + 1 < len(out))]
    assert not bare, out
