"""A small corpus of original columns and glossary terms for the search tests."""

import datetime

import pytest

D = datetime.date


def paragraphs(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


# title, date, lead, body paragraphs, tags. Written for these tests; the words
# under test sit inside sentences, as they do in real columns.
CORPUS = [
    (
        "日米の拡大抑止を点検する",
        D(2024, 3, 1),
        "核の傘をめぐる協議の現状を整理します。",
        [
            "拡大抑止の信頼性を高めるため、日米両政府は閣僚級の協議を重ねてきた。",
            "抑止力の中身を具体的に示せるかどうかが、次の協議の焦点になる。",
        ],
        ["安全保障"],
    ),
    (
        "迎撃ミサイルの共同生産",
        D(2024, 4, 1),
        "地対空誘導弾の部品不足をどう補うか。",
        [
            "地対空誘導弾ペトリオット（ＰＡＣ３）の部品が足りない状態が続いている。",
            "両国はパトリオットの生産ラインを広げることで一致し、日米の企業が協力する。",
        ],
        ["防衛産業"],
    ),
    (
        "防衛装備移転三原則の見直し",
        D(2024, 5, 1),
        "完成品の輸出に道を開く改正の意味を考えます。",
        ["政府は防衛装備移転三原則の運用指針を改正し、完成品を輸出できる範囲が広がった。"],
        ["防衛産業"],
    ),
    (
        "景気の行方と物価",
        D(2024, 6, 1),
        "家計の実感はまだ伴っていません。",
        ["国内景気の拡大が続くなか、物価上昇の抑止に向けて中央銀行は慎重な姿勢を崩していない。"],
        ["経済"],
    ),
    (
        "國際秩序と海洋の安全",
        D(2024, 7, 1),
        "航行の自由をどう守るか。",
        [
            "國際法に基づく航行の自由を守るには、沿岸国との連携が欠かせない。",
            "条約の附属書をどう読むかも論点になる。",
        ],
        ["海洋"],
    ),
    (
        "サプライチェーンの強靱化",
        D(2024, 8, 1),
        "半導体をめぐる各国の動き。",
        ["半導体のサプライチェーンを多元化する動きが、同盟国のあいだで加速している。"],
        ["経済"],
    ),
    (
        "宇宙領域の監視体制",
        D(2024, 9, 1),
        "衛星を守る取り組みが始まっています。",
        ["宇宙状況監視の分野でも、日米は情報共有の枠組みを拡大する。"],
        ["宇宙"],
    ),
]

TERMS = [
    (
        "拡大抑止",
        "かくだいよくし",
        "同盟国への攻撃を自国への攻撃とみなして報復する意思を示し、攻撃を思いとどまらせること。",
        ["核の傘"],
    ),
    (
        "パトリオット",
        "ぱとりおっと",
        "米国が開発した地対空誘導弾の体系。改良型にＰＡＣ３がある。",
        ["ペトリオット", "PAC3"],
    ),
]


@pytest.fixture
def corpus(make_column):
    return {
        title: make_column(title=title, date=date, lead=lead, body=paragraphs(*body), tags=tags)
        for title, date, lead, body, tags in CORPUS
    }


@pytest.fixture
def terms(make_term):
    return {
        term: make_term(term, reading=reading, definition=definition, aliases=aliases)
        for term, reading, definition, aliases in TERMS
    }
