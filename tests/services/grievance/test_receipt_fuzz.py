"""Generated receipt codes: whatever a reporter types, `normalise` answers a string and
never raises; separators, case and the keyboard's digits do not change a code."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.grievance import receipts

from ...support.fuzz import count, fuzz

SEPARATORS = [" ", "-", ".", "\n", "\r\n", "\t", "\u00a0", "\u200e", "\u200f", "\u2011", "/"]
# The same digits from other keyboards: Arabic-Indic, Persian, Devanagari, full width.
KEYBOARDS = [0x660, 0x6F0, 0x966, 0xFF10]


@fuzz(300)
@given(st.text(max_size=80))
def test_anything_typed_normalises_without_raising(typed):
    count("receipts")
    once = receipts.normalise(typed)
    assert isinstance(once, str) and once.isascii()
    assert receipts.normalise(once) == once


@fuzz(200)
@given(
    st.randoms(use_true_random=False),
    st.lists(st.sampled_from(SEPARATORS), max_size=12),
    st.sampled_from(KEYBOARDS + [None]),
    st.sampled_from([str.upper, str.lower, str.swapcase]),
)
def test_a_code_as_typed_is_the_same_code(random, separators, keyboard, case):
    count("receipts")
    code = receipts.new_code()
    typed = list(case(code))
    for separator in separators:
        typed.insert(random.randint(0, len(typed)), separator)
    typed = "".join(typed)
    if keyboard is not None:
        typed = "".join(chr(keyboard + int(c)) if c.isascii() and c.isdigit() else c for c in typed)
    assert receipts.normalise(typed) == receipts.normalise(code)
