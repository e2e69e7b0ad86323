from __future__ import annotations

import random

import pytest

from gkssg.content.privacy import Finding, find_personal_data, mask_personal_data

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def resident_id(first17: str) -> str:
    return first17 + id_check(first17)


def luhn_sum(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total


def luhn_valid(digits: str) -> bool:
    return luhn_sum(digits) % 10 == 0


def luhn_complete(partial: str) -> str:
    """``partial`` plus its Luhn check digit."""
    return next(partial + d for d in "0123456789" if luhn_valid(partial + d))


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in find_personal_data(text)]


ID = resident_id("34010419900101123")  # born 1990-01-01 in 合肥 庐阳区
CARD19 = luhn_complete("622202123456789012")
CARD16 = luhn_complete("436742123456789")


def near_miss_id(first17: str) -> str:
    """A wrong check digit that is not a Luhn-valid card either."""
    right = id_check(first17)
    return next(first17 + d for d in "0123456789" if d != right and not luhn_valid(first17 + d))


def id_with_x() -> str:
    for seq in range(1000):
        first17 = f"34010419900101{seq:03d}"
        if id_check(first17) == "X":
            return first17 + "X"
    raise AssertionError("no X check digit found")


# --- resident ID numbers -----------------------------------------------------


def test_id_in_a_sentence() -> None:
    text = f"申请人身份证号码：{ID}，住址合肥市。"
    (finding,) = find_personal_data(text)
    assert finding == Finding("id_card", 9, 27, ID)
    assert text[finding.start : finding.end] == ID


def test_id_check_digit_x_either_case() -> None:
    upper = id_with_x()
    lower = upper[:-1] + "x"
    assert kinds(f"证件号 {upper} 。") == [("id_card", upper)]
    assert kinds(f"证件号{lower}。") == [("id_card", lower)]


def test_id_wrong_check_digit() -> None:
    miss = near_miss_id(ID[:17])
    assert miss != ID
    assert find_personal_data(f"身份证号码：{miss}。") == []


def test_id_with_wrong_check_digit_but_valid_luhn_is_a_card() -> None:
    first17 = ID[:17]
    miss = next(
        first17 + d for d in "0123456789" if d != id_check(first17) and luhn_valid(first17 + d)
    )
    assert kinds(miss) == [("bank_card", miss)]


def test_a_valid_id_is_never_also_a_card() -> None:
    both = next(
        number
        for seq in range(1000)
        if not (number := resident_id(f"34010419900101{seq:03d}")).endswith("X")
        and luhn_valid(number)
    )
    assert kinds(f"号码{both}") == [("id_card", both)]


@pytest.mark.parametrize(
    "first17",
    [
        "34010419900230123",  # 30 February
        "34010419901301123",  # month 13
        "34010418991231123",  # 1899
        "34010421000101123",  # 2100
        "04010419900101123",  # area code starting 0
        "94010419900101123",  # area code starting 9
    ],
)
def test_id_invalid_area_or_date(first17: str) -> None:
    number = resident_id(first17)
    assert "id_card" not in [f.kind for f in find_personal_data(number)]


def test_id_leap_day() -> None:
    leap = resident_id("34010420000229123")
    assert kinds(leap) == [("id_card", leap)]
    not_leap = resident_id("34010419000229123")
    assert "id_card" not in [f.kind for f in find_personal_data(not_leap)]


@pytest.mark.parametrize("around", ["{}1", "1{}", "A{}", "{}b", "X{}"])
def test_id_inside_a_longer_run(around: str) -> None:
    assert find_personal_data(around.format(ID)) == []


def test_old_15_digit_id() -> None:
    old = "340104900101123"
    assert kinds(f"原身份证号{old}。") == [("id_card", old)]
    assert find_personal_data("340104901301123") == []  # month 13
    assert find_personal_data("340104900230123") == []  # 30 February
    assert find_personal_data("940104900101123") == []  # area code 9


# --- mobile numbers -----------------------------------------------------------


def test_mobile_in_a_sentence() -> None:
    text = "联系电话：13812345678。"
    assert find_personal_data(text) == [Finding("mobile", 5, 16, "13812345678")]


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "19912345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 13812345678",
        "+86-138-1234-5678",
        "+86 138 1234 5678",
        "8613812345678",
        "86 13812345678",
        "008613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_forms(written: str) -> None:
    text = f"请拨打{written}咨询"
    assert find_personal_data(text) == [Finding("mobile", 3, 3 + len(written), written)]


@pytest.mark.parametrize(
    "text",
    [
        "12812345678",  # 12x is no mobile prefix
        "10012345678",
        "138123456789",  # 12 digits
        "1381234567",  # 10 digits
        "013812345678",
        "138-1234 5678",  # mixed separators
        "138  1234  5678",  # double spaces
        "1381-234-5678",
        "138-1234-5678-9",
        "2008-138-1234-5678",
        "A13812345678",
        "13812345678b",
    ],
)
def test_mobile_near_misses(text: str) -> None:
    assert find_personal_data(text) == []


# --- bank cards ---------------------------------------------------------------


def test_cards_ungrouped() -> None:
    assert kinds(f"账号：{CARD19}。") == [("bank_card", CARD19)]
    assert kinds(f"卡号{CARD16}") == [("bank_card", CARD16)]


def test_cards_grouped() -> None:
    spaced = " ".join(CARD19[i : i + 4] for i in range(0, 19, 4))
    hyphened = "-".join(CARD16[i : i + 4] for i in range(0, 16, 4))
    assert spaced == f"6222 0212 3456 7890 12{CARD19[-1]}"
    assert kinds(f"卡号：{spaced}。") == [("bank_card", spaced)]
    assert kinds(f"卡号：{hyphened}。") == [("bank_card", hyphened)]


def test_card_lengths() -> None:
    for length in range(12, 23):
        number = luhn_complete(("6222021234567890123456789")[: length - 1])
        expected = [("bank_card", number)] if 16 <= length <= 19 else []
        assert kinds(f"卡号{number}。") == expected, length


def test_card_near_misses() -> None:
    bad = CARD19[:-1] + str((int(CARD19[-1]) + 1) % 10)
    assert find_personal_data(bad) == []
    twenty = luhn_complete("6222021234567890123")
    assert find_personal_data(twenty) == []
    grouped_twenty = " ".join(twenty[i : i + 4] for i in range(0, 20, 4))
    assert find_personal_data(grouped_twenty) == []
    assert find_personal_data(f"1234 {' '.join(CARD16[i : i + 4] for i in range(0, 16, 4))}") == []
    mixed = f"{CARD16[:4]} {CARD16[4:8]}-{CARD16[8:12]} {CARD16[12:]}"
    assert find_personal_data(mixed) == []
    assert find_personal_data(luhn_complete("000000000000000")) == []  # starts with 0


# --- numbers that are not personal data ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "索引号：00298196X/2008-00012",
        "00298196X/2008-00012",
        "发布日期：2008-03-05",
        "20080305",
        "皖劳社〔2008〕12号",
        "皖劳社秘〔2008〕123号",
        "咨询电话：0551-62871234",
        "(0551)62871234",
        "劳动保障咨询热线12333",
        "政务服务便民热线12345。",
        "400-820-1234",
        "邮编230061",
        "2008年度共发布信息753条，占35.46%",
        "统一社会信用代码：11340000003222222X",
    ],
)
def test_never_flagged(text: str) -> None:
    assert find_personal_data(text) == []
    assert mask_personal_data(text) == text


# --- allow list ----------------------------------------------------------------


def test_allow_list() -> None:
    text = f"咨询电话13812345678，投诉电话13912345678，身份证{ID}。"
    assert [f.value for f in find_personal_data(text, allow={"13812345678"})] == [
        "13912345678",
        ID,
    ]
    assert find_personal_data(text, allow=["13812345678", "13912345678", ID]) == []
    # Exact strings as written: another spelling is still flagged.
    assert kinds_allowing("138 1234 5678", {"13812345678"}) == [("mobile", "138 1234 5678")]
    assert kinds_allowing("138 1234 5678", {"138 1234 5678"}) == []


def kinds_allowing(text: str, allow: set[str]) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in find_personal_data(text, allow)]


# --- order and masking -----------------------------------------------------------


def test_sorted_by_start() -> None:
    text = f"卡{CARD16}，电话138-1234-5678，证{ID}，旧证340104900101123，手机13912345678"
    assert [f.kind for f in find_personal_data(text)] == [
        "bank_card",
        "mobile",
        "id_card",
        "id_card",
        "mobile",
    ]


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (ID, f"340104********{ID[-4:]}"),
        ("340104900101123", "340104*****1123"),
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("8613812345678", "86138****5678"),
        ("１３８１２３４５６７８", "１３８****５６７８"),
        (CARD19, f"622202*********{CARD19[-4:]}"),
        (CARD16, f"436742******{CARD16[-4:]}"),
        (
            " ".join(CARD19[i : i + 4] for i in range(0, 19, 4)),
            f"6222 02** **** ***0 12{CARD19[-1]}",
        ),
    ],
)
def test_masked(value: str, masked: str) -> None:
    (finding,) = find_personal_data(value)
    assert finding.masked == masked
    assert mask_personal_data(f"【{value}】") == f"【{masked}】"


def test_mask_lowercase_x() -> None:
    upper = id_with_x()
    lower = upper[:-1] + "x"
    assert mask_personal_data(lower) == f"340104********{lower[-4:]}"
    assert lower.endswith("x")


def test_mask_text_keeps_everything_else() -> None:
    text = (
        "索引号：00298196X/2008-00012\r\n"
        f"申请人张某，身份证号{ID}，联系电话：13812345678。\n"
        f"工资卡号 {CARD16} ，咨询 0551-62871234 或 12333。"
    )
    expected = (
        "索引号：00298196X/2008-00012\r\n"
        f"申请人张某，身份证号340104********{ID[-4:]}，联系电话：138****5678。\n"
        f"工资卡号 436742******{CARD16[-4:]} ，咨询 0551-62871234 或 12333。"
    )
    assert mask_personal_data(text) == expected
    assert mask_personal_data(text, allow={"13812345678"}) == expected.replace(
        "138****5678", "13812345678"
    )
    assert find_personal_data(expected) == []


def test_mask_without_findings_is_identity() -> None:
    assert mask_personal_data("") == ""
    assert mask_personal_data("没有个人信息。") == "没有个人信息。"


def test_random_ids_and_cards() -> None:
    rng = random.Random(11643)
    for _ in range(200):
        area = str(rng.randint(110000, 829999))
        birth = f"{rng.randint(1930, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        number = resident_id(f"{area}{birth}{rng.randint(0, 999):03d}")
        assert kinds(f"身份证号{number}。") == [("id_card", number)]
        assert mask_personal_data(number) == number[:6] + "*" * 8 + number[-4:]
        miss = near_miss_id(number[:17])
        assert find_personal_data(miss) == []

        length = rng.randint(16, 19)
        card = luhn_complete(
            str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(length - 2))
        )
        found = find_personal_data(card)
        assert [f.kind for f in found] in (["bank_card"], ["id_card"]), card
        assert mask_personal_data(card) == card[:6] + "*" * (length - 10) + card[-4:]
