"""Channel rules, page normalisation, language (table-driven)."""
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audience import channels
from audience.channels import classify, language, parse_page, referrer_host


@pytest.mark.parametrize(("referrer", "query", "channel", "source"), [
    (None, "", "direct", ""),
    ("https://www.google.fr/", "", "organic_search", "Google"),
    ("https://www.google.co.uk/search?q=x", "", "organic_search", "Google"),
    ("https://www.bing.com/search?q=x", "", "organic_search", "Bing"),
    ("https://duckduckgo.com/", "", "organic_search", "DuckDuckGo"),
    ("https://www.qwant.com/?q=pme", "", "organic_search", "Qwant"),
    ("https://www.google.fr/", "?gclid=abc", "paid_search", "Google"),
    (None, "?gclid=abc", "paid_search", "Google"),
    (None, "?gbraid=abc", "paid_search", "Google"),
    (None, "?wbraid=abc", "paid_search", "Google"),
    ("https://www.bing.com/", "?msclkid=abc", "paid_search", "Bing"),
    (None, "?msclkid=abc", "paid_search", "Microsoft"),
    ("https://l.facebook.com/", "?fbclid=abc", "paid_social", "Facebook"),
    (None, "?utm_source=google&utm_medium=cpc", "paid_search", "google"),
    (None, "?utm_source=linkedin&utm_medium=paid_social", "paid_social", "linkedin"),
    (None, "?utm_source=partner&utm_medium=ppc", "paid_other", "partner"),
    ("https://l.facebook.com/", "", "social", "Facebook"),
    ("https://t.co/xyz", "", "social", "X"),
    ("https://www.linkedin.com/feed/", "", "social", "LinkedIn"),
    ("https://news.ycombinator.com/", "", "social", "Hacker News"),
    (None, "?utm_source=newsletter&utm_medium=email&utm_campaign=nov", "email", "newsletter"),
    (None, "?utm_source=brevo&utm_medium=e-mail", "email", "brevo"),
    ("https://mail.google.com/", "", "email", "Gmail"),
    ("https://chatgpt.com/", "", "ai_assistant", "ChatGPT"),
    ("https://www.perplexity.ai/search", "", "ai_assistant", "Perplexity"),
    ("https://chat.mistral.ai/", "", "ai_assistant", "Le Chat"),
    ("https://gemini.google.com/app", "", "ai_assistant", "Gemini"),
    (None, "?utm_source=salon&utm_campaign=printemps", "campaign", "salon"),
    (None, "?ref=producthunt", "campaign", "producthunt"),
    ("https://blog.partenaire.fr/article", "", "referral", "blog.partenaire.fr"),
    ("https://www.example.org/", "", "referral", "example.org"),
    ("https://googleusercontent.example.com/", "", "referral", "googleusercontent.example.com"),
])
def test_channels(referrer, query, channel, source):
    page = parse_page("https://www.shop.fr/p" + query)
    found = classify(referrer_host(referrer), page.utm_source, page.utm_medium, page.click_id)
    assert (found.channel, found.source) == (channel, source)


@pytest.mark.parametrize(("url", "path", "campaign"), [
    ("https://www.shop.fr/a/b?x=1&utm_campaign=nov#top", "/a/b", "nov"),
    ("/tarifs?session=secret&email=a@b.fr", "/tarifs", ""),
    ("https://www.shop.fr", "/", ""),
    ("", "/", ""),
    ("/<script>alert(1)</script>?q=1", "/<script>alert(1)</script>", ""),
    ("/a\x00b\x1bc", "/abc", ""),
    ("/" + "x" * 2000, "/" + "x" * 511, ""),
])
def test_page_path_drops_the_query_except_utm(url, path, campaign):
    page = parse_page(url)
    assert page.path == path and page.utm_campaign == campaign


def _reference_page(url: str | None) -> channels.Page:
    """parse_page as first written: everything through urlsplit (slow, obviously right)."""
    parts = urlsplit((url or "/").strip())
    path = channels._clip(parts.path or "/", channels.MAX_PATH)
    if not path.startswith("/"):
        path = "/" + path
    params = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    source = params.get("utm_source") or params.get("source") or params.get("ref") or ""
    click = next((k for k in channels.PAID_SEARCH_IDS + channels.PAID_SOCIAL_IDS if k in params), "")
    return channels.Page(path, (parts.hostname or "").lower(), channels._clip(source),
                         channels._clip(params.get("utm_medium", "")), channels._clip(params.get("utm_campaign", "")),
                         click)


_URL_TEXT = st.text(alphabet="/?#&=+%;:@.aZ09_- \t\n\u00e9\u2028\x00\x01", max_size=30)


@settings(max_examples=400, deadline=None)
@given(url=st.one_of(_URL_TEXT, _URL_TEXT.map(lambda t: "/" + t),
                     st.sampled_from(["/p?utm_source=a&UTM_SOURCE=b", "/p?utm%5Fsource=x", "//host/p?x=1",
                                      "/p?gclid=&x=1#f?utm_medium=m", " /p?utm_campaign=a+b ", "/p#a?utm_source=s"])))
def test_page_reads_as_it_did_through_urlsplit(url):
    """The shortcut for request targets ("/path?query") gives what urlsplit gave, for any text."""
    assert parse_page.__wrapped__(url) == _reference_page(url)


@pytest.mark.parametrize(("referrer", "host"), [
    ("https://www.google.fr/search?q=1", "google.fr"), ("-", ""), ("", ""), (None, ""),
    ("not a url", ""), ("http://[::1", ""), ("HTTPS://WWW.Example.COM/x", "example.com"),
])
def test_referrer_host(referrer, host):
    assert referrer_host(referrer) == host


@pytest.mark.parametrize(("header", "lang"), [
    ("fr-FR,fr;q=0.9,en;q=0.8", "fr"), ("en-GB", "en"), ("*", ""), ("", ""), (None, ""), ("de", "de"),
    ("<script>", ""),
])
def test_language(header, lang):
    assert language(header) == lang
