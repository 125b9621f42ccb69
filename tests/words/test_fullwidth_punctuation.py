"""Full-width punctuation inside Chinese: no half-width ":" "," ";" "(" ")" next to a
Chinese character in the catalogue's translations, and none glued by a template to the
translated text it follows or precedes (the page reads "元/月." or "2026-03-31, 截至")."""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
HALF_WIDTH_BESIDE_CJK = re.compile(rf"(?<=[{CJK}])[:,;()]|[:,;()](?=[{CJK}])")
# Half-width punctuation written by a template right after or before translated text.
GLUED = re.compile(
    r"(\{%\s*translate\b[^%]*%\}|\{%\s*endblocktranslate\s*%\})[:,;.](?!\d)"
    r"|[,;:]\s?\{%\s*(?:block)?translate\b"
)
CATALOGUE = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"
# None needed so far: a msgstr that must keep one names its msgid here, with the reason.
ALLOWED = set()


def test_no_half_width_punctuation_beside_chinese_in_the_catalogue():
    bad = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.msgid in ALLOWED or entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if HALF_WIDTH_BESIDE_CJK.search(text or ""):
                bad.append((entry.msgid, text))
    assert bad == []


def test_the_check_finds_what_it_is_for():
    for text in [
        "党费缴纳比例（党费收缴规定）:",
        "原因:录错",
        "支部,党小组",
        "第三条(修订)",
        "a;党",
    ]:
        assert HALF_WIDTH_BESIDE_CJK.search(text), text
    for text in ["%(name)s：%(count)s 人", "0.20 元", "kWh: 1,200", "《规定》第十一条"]:
        assert not HALF_WIDTH_BESIDE_CJK.search(text), text


def test_no_template_glues_half_width_punctuation_to_translated_text():
    bad = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if GLUED.search(line):
                bad.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert bad == []


def test_punctuation_tags_are_full_width_in_chinese_and_half_width_in_english():
    template = Template("{% load portal %}甲{% comma %}乙{% full_stop %}")
    with translation.override("zh-hans"):
        assert template.render(Context()) == "甲，乙。"
    with translation.override("en"):
        assert template.render(Context()) == "甲, 乙. "
