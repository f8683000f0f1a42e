"""Folding and tokenisation without a server: the one definition both sides of every engine use."""

import random
import unicodedata

from django.test import SimpleTestCase

from search.text import (
    MAX_TERMS,
    SPAN,
    fold,
    highlight,
    index_text,
    query_groups,
    span_tokens,
    tokens,
)


class TokenisationTests(SimpleTestCase):
    def test_folding_meets_every_spelling(self):
        expected = ["nghien", "cuu", "xay", "dung", "dang"]
        for text in (
            "Nghiên cứu xây dựng Đảng",
            "NGHIÊN CỨU XÂY DỰNG ĐẢNG",
            unicodedata.normalize("NFD", "nghiên cứu xây dựng đảng"),
            "nghien cuu xay dung dang",
        ):
            with self.subTest(text=text):
                self.assertEqual(tokens(text), expected)

    def test_folding_drops_every_combining_mark_of_any_script(self):
        def defined(text):  # the definition: decomposed, marks dropped, đ → d, lower case
            text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
            return "".join(c for c in text if not unicodedata.combining(c)).lower()

        characters = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
        self.assertEqual([c for c in characters if fold(c) != defined(c)], [])
        for text in (
            "Nghiên cứu – “Đảng” 中文 Привет й",  # Vietnamese beside other scripts
            "ĐẠI HỌC a\u034fb İstanbul x\u0301\u20d7",  # the grapheme joiner is no mark
        ):
            with self.subTest(text=text):
                self.assertEqual(fold(text), defined(text))
        self.assertEqual(fold("Nghiên cứu – “Đảng” й"), "nghien cuu – “dang” и")

    def test_numbers_grouped_by_thousands_are_one_token(self):
        self.assertEqual(tokens("2.400 đại biểu"), ["2400", "dai", "bieu"])
        self.assertEqual(tokens("25.000 bản, 1.250.000.000 đ"), ["25000", "ban", "1250000000", "d"])
        self.assertEqual(tokens("10.000,5"), ["10000", "5"])
        # not thousands: a decimal, too many digits, a version, a letter before
        self.assertEqual(
            tokens("2.4 2.4000 1.250.7 v1.250"),
            ["2", "4", "2", "4000"] + ["1", "250", "7", "v1", "250"],
        )

    def test_codes_decimals_and_ranges_become_their_parts(self):
        self.assertEqual(tokens("Quy định 11-QĐ/TW"), ["quy", "dinh", "11", "qd", "tw"])
        self.assertEqual(tokens("1,5 tỷ"), ["1", "5", "ty"])
        self.assertEqual(tokens("giai đoạn 2021-2025."), ["giai", "doan", "2021", "2025"])
        self.assertEqual(
            index_text("Số 123-QĐ/TCT", None, "29/2013/QH13"), "so 123 qd tct 29 2013 qh13"
        )
        self.assertEqual(
            index_text("Tiêu đề", ["dân vận", "Quảng Trị"]), "tieu de dan van quang tri"
        )

    def test_a_query_holds_codes_decimals_and_quoted_parts_together(self):
        self.assertEqual(
            query_groups('"xây dựng Đảng" ở 11-QĐ/TW 1,5 2.400'),
            [("xay", "dung", "dang"), ("o",), ("11", "qd", "tw"), ("1", "5"), ("2400",)],
        )
        self.assertEqual(
            query_groups("“nghiên cứu” khoa học"), [("nghien", "cuu"), ("khoa",), ("hoc",)]
        )
        self.assertEqual(query_groups('an "unclosed quote'), [("an",), ("unclosed", "quote")])

    def test_operators_markup_and_floods_are_not_query_syntax(self):
        self.assertEqual(query_groups('"'), [])
        self.assertEqual(query_groups("* ^ : ( ) - + ~ ? \\ / & | ! { } [ ]"), [])
        self.assertEqual(
            query_groups("<script>alert(1)</script> dang"), [("alert",), ("1",), ("dang",)]
        )
        flood = query_groups("nghiên " * 500)
        self.assertEqual(sum(len(group) for group in flood), MAX_TERMS)
        long_code = query_groups("-".join("abcdefghijklmnopqrstuvwxyz"))
        self.assertEqual([len(group) for group in long_code], [MAX_TERMS])

    def test_highlight_marks_whole_spans_and_escapes(self):
        self.assertEqual(
            str(
                highlight(
                    "Quy định 11-QĐ/TW về 2.400 <b>Đảng</b>", ["11", "qd", "tw", "2400", "dang"]
                )
            ),
            "Quy định <mark>11-QĐ/TW</mark> về <mark>2.400</mark> &lt;b&gt;<mark>Đảng</mark>&lt;/b&gt;",
        )
        decomposed = unicodedata.normalize("NFD", "Nghiên cứu")
        self.assertEqual(str(highlight(decomposed, ["nghien"])), "<mark>Nghiên</mark> cứu")
        self.assertEqual(str(highlight("a < b", [])), "a &lt; b")


class OnePassTests(SimpleTestCase):
    """tokens() reads a whole text in one pass; a query's spans go through span_tokens one by
    one (query_groups, highlight): both must give the same tokens, or a query misses its text."""

    PIECES = [
        "2.400", "1.250.000", "..2.400", ".2.400", "v1.250", "1.250.7", "2.4", "2.4000",
        "11-QĐ/TW", "1,5", "x-2.400", "a,2.400", "tr.2.400", "2.400-5", "2.400.", "Đảng",
        "nghiên cứu", " ", ".", ",", "-", "/", "..", "12", "345", "a", "Ố", "_", "x" * 120,
        "1.000_000", "3.000a", "a3.000", "(1.000)", ".1.000.", "1.000..2",
    ]  # fmt: skip

    def test_the_same_tokens_as_span_by_span(self):
        chance = random.Random(2026)
        for _ in range(20000):
            text = "".join(chance.choice(self.PIECES) for _ in range(chance.randint(1, 8)))
            spans = [token for span in SPAN.findall(fold(text)) for token in span_tokens(span)]
            self.assertEqual(tokens(text), spans, text)
