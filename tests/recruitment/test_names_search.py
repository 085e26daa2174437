"""Name keys in any script and fuzzy search by name or licence number."""

from __future__ import annotations

import pytest

from kazi.recruitment.names import licence_key, name_key
from kazi.recruitment.selectors import search_agencies
from tests.recruitment.factories import make_agency, make_list


def test_name_keys_fold_latin_accents_but_keep_other_scripts():
    assert name_key("Société Générale de Placement SARL") == "societe generale de placement"
    assert name_key("HIMALAYAN Overseas Pvt. Ltd.") == "himalayan overseas"
    # Devanagari vowel signs are letters: kept; "प्रा. लि." (Pvt. Ltd.) dropped.
    assert name_key("हिमालयन ओभरसिज प्रा. लि.") == "हिमालयन ओभरसिज"
    # Arabic: short-vowel marks and alef forms do not matter.
    assert name_key("شَرِكَة الأمانة") == name_key("الامانة")
    assert name_key("ＡＢＣ Manpower & Co.") == "abc manpower"


def test_licence_keys_compare_numbers_written_differently():
    assert licence_key("Lic. No. 0123/075") == licence_key("123-75") == "123 75"
    assert licence_key("०१२३/०७५") == "123 75"  # Devanagari digits


@pytest.mark.django_db
class TestSearch:
    @pytest.fixture(autouse=True)
    def registry(self):  # type: ignore[no-untyped-def]
        listing = make_list("NP")
        self.himalayan = make_agency(
            "Himalayan Overseas Pvt. Ltd.", number="123/075", licence_list=listing
        )
        self.everest = make_agency(
            "Everest Manpower Services", number="456/076", licence_list=listing
        )
        self.nepali = make_agency(
            "सगरमाथा म्यानपावर प्रा. लि.", number="789/077", licence_list=listing
        )
        self.arabic = make_agency("مكتب الأمانة للاستقدام", country="SA", number="SA-55")

    def test_typo_in_the_name(self):
        found = search_agencies("Himalyan Oversea")
        assert found[0] == self.himalayan
        assert self.everest not in found

    def test_part_of_the_name_and_case(self):
        assert search_agencies("EVEREST")[0] == self.everest

    def test_licence_number_exact_and_prefix(self):
        assert search_agencies("Lic No 0123/075") == [self.himalayan]
        assert search_agencies("456")[0] == self.everest

    def test_devanagari_name(self):
        assert search_agencies("सगरमाथा म्यानपावर")[0] == self.nepali
        assert search_agencies("सगरमाथा")[0] == self.nepali

    def test_arabic_name_without_marks_and_with_another_alef(self):
        assert search_agencies("مكتب الامانه للاستقدام")[0] == self.arabic
        assert search_agencies("الأمانة", country="NP") == []

    def test_nothing_like_it(self):
        assert search_agencies("Zanzibar Shipping") == []
        assert search_agencies("   ") == []
