"""The products benchmark's Spark side: the same transform rules as activities/products/transform (NFKC,
spacing, units and brand casing, noise, pack size, unit prices, category, 초성/jamo, cross-shop dedupe keeping
the cheapest offer with every shop's offer) as a PySpark local[2] job over the raw JSON lines, timed twice in
one session (cold, then warm).

    python spark_transform.py <folder of *.jsonl> <brands.json>

Prints one JSON line: version, session_s, job_s [first, second], products, rejects {reason: n}.
"""
import hashlib
import json
import math
import re
import sys
import time
import unicodedata

t0 = time.time()
import pyspark  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

FOLDER, BRANDS_FILE = sys.argv[1], sys.argv[2]
with open(BRANDS_FILE, encoding="utf-8") as f:
    BRANDS = json.load(f)  # [{name, aliases}]

I = re.IGNORECASE


def fold(text):
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[×✕✖⨯]", "x", text)
    text = re.sub(r"[\u200b\u00a0\u3000]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


NOISE = [
    ("label_choice", re.compile(r"(?<![가-힣])유\s*[/·,]?\s*무\s*라벨|유무\s*(?:라벨\s*)?선택|라벨\s*(?:유무|선택)|무라벨\s*[/]\s*유라벨")),
    ("labelled", re.compile(r"유라벨|라벨\s*(?:있음|부착)|with\s*label", I)),
    ("random_shipping", re.compile(r"랜덤\s*(?:발송|배송|출고)|디자인\s*랜덤|라벨\s*랜덤|random", I)),
    ("not_a_drink", re.compile(r"거치대|디스펜서|케이스|정수기|필터|빈\s*(?:병|pet)|공병|펌프", I)),
]
DECORATION = re.compile(r"\[[^\]]*\]|【[^】]*】|★[^★]*★|\((?:본사직영|무료배송|당일발송|특가|최저가|공식|정품|행사)[^)]*\)")
PROMO = re.compile(r"(?:^|\s)(?:무료배송|당일발송|특가|최저가|공식판매|정품|신상|인기|베스트|best|hot|new)(?=\s|$)", I)
SLOT = "\u0001"
BRAND_PATTERNS = []
for brand in BRANDS:
    for alias in [brand["name"], *brand["aliases"]]:
        chars = [re.escape(c) for c in re.sub(r"\s+", "", alias)]
        BRAND_PATTERNS.append((brand["name"], re.compile(r"(?<![A-Za-z])" + r"\s*".join(chars) + r"(?![A-Za-z])", I), len(alias)))
BRAND_PATTERNS.sort(key=lambda p: -p[2])  # stable, like Array.prototype.sort


def normalize_title(raw):
    text = PROMO.sub(" ", DECORATION.sub(" ", fold(raw)))
    text = re.sub(r"(\d)\s*(?:ml|mℓ|밀리리터|미리)(?![a-wyz])", r"\1ml", text, flags=I)
    text = re.sub(r"(\d)\s*(?:l|ℓ|리터)(?![a-wyz])", r"\1L", text, flags=I)
    brand = None
    for name, pattern, _ in BRAND_PATTERNS:
        if brand is not None and name != brand:
            continue
        if not pattern.search(text):
            continue
        state = {"first": brand is None}

        def repl(_m, state=state):
            keep = state["first"]
            state["first"] = False
            return SLOT if keep else " "

        text = pattern.sub(repl, text)
        brand = name
    if brand is not None:
        text = text.replace(SLOT, f" {brand} ", 1)
    text = re.sub(r"(\d(?:ml|L)?|개|입|병|팩)\s*[x*]\s*(?=\d)", r"\1 x ", text, flags=I)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^[\s\-/|,]+|[\s\-/|,]+$", "", text).strip()
    return text, brand


NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
ITEM = r"개입|개|입|병|ea|pet|본|캔|구"
PACK = r"팩|박스|box|세트|묶음|상자"
TERM = re.compile(r"(?<![\d.])(" + NUMBER + r")\s*(ml|L|cc)(?![a-z])((?:\s*x\s*\d+\s*(?:" + ITEM + "|" + PACK + r")?)*)", I)
MULT = re.compile(r"x\s*(\d+)", I)
TOTAL = re.compile(r"총\s*(\d+)\s*(?:" + ITEM + ")", I)
BONUS = re.compile(r"(?<![\d.])(\d+)\s*\+\s*(\d+)\s*(?:" + ITEM + r")(?![a-z가-힣])", I)
ITEM_COUNT = re.compile(r"(?<![\d.])(\d+)\s*(?:" + ITEM + r")(?![a-z])", I)
PACK_COUNT = re.compile(r"(?<![\d.])(\d+)\s*(?:" + PACK + r")(?![a-z])", I)
LOOSE = re.compile(r"(?:^|\s)x\s*(\d+)(?=\s|$)", I)


def js_round(x):
    return math.floor(x + 0.5)


def pack_size(title):
    terms = list(TERM.finditer(title))
    if not terms:
        return "no_volume"
    vols = {js_round(float(m.group(1).replace(",", "")) * (1000 if m.group(2).lower() == "l" else 1)) for m in terms}
    if len(vols) > 1:
        return "mixed_pack"
    vol = next(iter(vols))
    counts = []
    for m in terms:
        factors = [int(f) for f in MULT.findall(m.group(3) or "")]
        counts.append(math.prod(factors) if factors else None)
    rest = title
    for m in terms:
        rest = rest.replace(m.group(0), " ", 1)
    total = TOTAL.search(rest)
    if total:
        qty = int(total.group(1))
    elif any(c is not None for c in counts):
        qty = sum(c if c is not None else 1 for c in counts)
        for p in PACK_COUNT.findall(rest):
            qty *= int(p)
    else:
        bonus = BONUS.search(rest)
        items = [int(x) for x in ITEM_COUNT.findall(rest)]
        count = int(bonus.group(1)) + int(bonus.group(2)) if bonus else (max(items) if items else None)
        for factor in [int(x) for x in PACK_COUNT.findall(rest)] + [int(x) for x in LOOSE.findall(rest)]:
            count = (count if count is not None else 1) * factor
        qty = (count if count is not None else 1) * (len(terms) if len(terms) > 1 else 1)
    if vol < 50 or vol > 20000 or qty < 1 or qty > 500:
        return "implausible_pack"
    return vol, qty


CATEGORIES = [
    ("커피", re.compile(r"커피|아메리카노|라떼|콜드\s*브루|에스프레소|coffee|starbucks|\bTOP\b", I)),
    ("차", re.compile(r"녹차|보리차|옥수수\s*수염차|헛개|하늘보리|결명자|둥굴레|홍차|우롱|자스민|루이보스|(?:^|\s)(?:차|티|tea)(?=\s|$)|티\s*음료", I)),
    ("탄산수", re.compile(r"탄산수|스파클링|sparkling|트레비|씨그램|초정|라인바싸|perrier|pellegrino|탄산\s*워터", I)),
    ("음료", re.compile(r"콜라|사이다|이온\s*음료|주스|두유|음료|에이드|포카리|게토레이|토레타|제로|밀크|우유", I)),
    ("생수", re.compile(r"생수|샘물|먹는\s*물|(?:^|\s)물(?=\s|$)|미네랄\s*워터|암반수|지하수|심층수|워터|water|제주삼다수|아이시스|백산수|평창수|몽베르|석수|evian|volvic|fiji|탐사", I)),
]
CARBONATED = re.compile(r"탄산|스파클링|sparkling|콜라|사이다|에이드|소다|soda|perrier|pellegrino|트레비|씨그램|초정|라인바싸", I)


def classify(title, shop_category):
    by_title = next((c for c, p in CATEGORIES if p.search(title)), None)
    by_shop = next((c for c, p in CATEGORIES if shop_category and p.search(shop_category)), None)
    category = by_title or by_shop or "기타"
    carbonated = category == "탄산수" or bool(CARBONATED.search(title)) or (category != "생수" and bool(shop_category) and bool(CARBONATED.search(shop_category)))
    return category, carbonated


PACK_WORDS = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:ml|l|cc|개입|개|입|병|ea|pet|본|캔|구|팩|박스|box|세트|묶음|상자)(?![a-z])|(?:^|\s)x(?=\s|\d|$)|\+|총|(?<![\d.])\d+(?![\d.])", I)
GENERIC = {"무라벨", "라벨프리", "노라벨", "라벨없는", "무라벨생수", "eco", "에코", "친환경", "생수", "먹는샘물", "샘물", "label-free", "nolabel", "제품", "상품"}


def dedupe_key(title, vol, qty):
    words = re.sub(r"[()\[\]{}<>,/|·:~!-]", " ", PACK_WORDS.sub(" ", title.lower())).split()
    return " ".join(sorted({w for w in words if w and w not in GENERIC})) + f"|{vol}|{qty}"


CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNG = ["ㅏ", "ㅐ", "ㅑ", "ㅒ", "ㅓ", "ㅔ", "ㅕ", "ㅖ", "ㅗ", "ㅗㅏ", "ㅗㅐ", "ㅗㅣ", "ㅛ", "ㅜ", "ㅜㅓ", "ㅜㅔ", "ㅜㅣ", "ㅠ", "ㅡ", "ㅡㅣ", "ㅣ"]
JONG = ["", "ㄱ", "ㄲ", "ㄱㅅ", "ㄴ", "ㄴㅈ", "ㄴㅎ", "ㄷ", "ㄹ", "ㄹㄱ", "ㄹㅁ", "ㄹㅂ", "ㄹㅅ", "ㄹㅌ", "ㄹㅍ", "ㄹㅎ", "ㅁ", "ㅂ", "ㅂㅅ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]


def hangul_fields(title):
    cho, jamo = [], []
    for ch in title:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            cho.append(CHO[code // 588])
            jamo.append(CHO[code // 588] + JUNG[(code % 588) // 28] + JONG[code % 28])
        else:
            cho.append(ch)
            jamo.append(ch)
    return "".join(cho), "".join(jamo)


def transform(line):
    try:
        row = json.loads(line)
    except ValueError:
        return ("reject", "schema")
    if not isinstance(row, dict) or not isinstance(row.get("title"), str) or not isinstance(row.get("source"), str):
        return ("reject", "schema")
    folded = fold(row["title"])
    if not folded:
        return ("reject", "empty_title")
    for reason, pattern in NOISE:
        if pattern.search(folded):
            return ("reject", reason)
    price = row.get("price")
    if not isinstance(price, int) or isinstance(price, bool) or price <= 0 or price > 10_000_000:
        return ("reject", "bad_price")
    title, brand = normalize_title(row["title"])
    if not title:
        return ("reject", "empty_title")
    size = pack_size(title)
    if isinstance(size, str):
        return ("reject", size)
    vol, qty = size
    key = dedupe_key(title, vol, qty)
    category, carbonated = classify(title, row.get("shopCategory"))
    unit_price = js_round(price / qty * 10) / 10
    choseong, jamo = hangul_fields(title)
    offer = (price, row["source"], row["shopItemId"], row["shop"], unit_price, row["link"])
    product = {
        "key": key, "title": title, "brand": brand, "category": category, "carbonated": carbonated,
        "volumeMl": vol, "quantity": qty, "totalMl": vol * qty, "imageUrl": row.get("imageUrl"),
        "titleChoseong": choseong, "titleJamo": jamo, "crawledAt": row["crawledAt"], "offers": [offer],
    }
    return ("ok", key, product)


def merge(a, b):
    """Same product from two rows: every distinct shop offer, the cheapest first."""
    offers = {(o[3], o[2]): o for o in a["offers"]}
    for o in b["offers"]:
        seen = offers.get((o[3], o[2]))
        if seen is None or (o[0], o[1], o[2]) < (seen[0], seen[1], seen[2]):
            offers[(o[3], o[2])] = o
    ordered = sorted(offers.values(), key=lambda o: (o[0], o[1], o[2]))
    base = a if any(o == ordered[0] for o in a["offers"]) else b
    return {**base, "offers": ordered}


def finish(product):
    best = product["offers"][0]
    pid = hashlib.sha1(product["key"].encode("utf-8")).hexdigest()[:12] + "-" + best[1]
    return {**product, "id": pid, "price": best[0], "unitPrice": best[4], "pricePer100ml": js_round(best[0] / product["totalMl"] * 100 * 100) / 100, "source": best[1], "shop": best[3], "link": best[5]}


spark = (
    SparkSession.builder.master("local[2]")
    .appName("ciao-products-transform-bench")
    .config("spark.ui.enabled", "false")
    .config("spark.driver.memory", "2g")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
session_s = time.time() - t0


def job():
    rows = spark.sparkContext.textFile(FOLDER, minPartitions=4).filter(lambda l: l.strip()).map(transform).cache()
    rejects = rows.filter(lambda r: r[0] == "reject").map(lambda r: r[1]).countByValue()
    products = rows.filter(lambda r: r[0] == "ok").map(lambda r: (r[1], r[2])).reduceByKey(merge).map(lambda kv: finish(kv[1])).count()
    rows.unpersist()
    return products, dict(rejects)


job_s = []
result = None
for _ in range(2):
    start = time.time()
    result = job()
    job_s.append(time.time() - start)

print(json.dumps({"version": pyspark.__version__, "session_s": session_s, "job_s": job_s, "products": result[0], "rejects": result[1]}, ensure_ascii=False))
spark.stop()
