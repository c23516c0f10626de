#!/usr/bin/python3
"""gen-community.py - make a deterministic sample community for shequ.

Writes buildings.csv, residents.csv, inspections.csv and staff.csv the way
a community office would send them: Chinese headers, CRLF line ends,
UTF-8 with BOM, and the resident roster in GB18030 without BOM (what WPS
and Excel save on Chinese Windows).  When asked (--only facilities,network)
also facilities.csv for shequ-reach, and a walking network as nodes.csv
and edges.csv.

    python3 share/sample/gen-community.py                 # the committed sample
    python3 share/sample/gen-community.py --households 1000000 \\
        --out /tmp/city --inspect-every 7                 # city-size, for bench/
    python3 share/sample/gen-community.py --households 1000000 \\
        --out /tmp/city --only facilities,network         # for bench/reach.sh

Same seed and flags give byte-identical files.  Python 3 standard library
only.  See README.md beside this file.
"""

import argparse
import bisect
import codecs
import datetime
import math
import os
import random
import sys
import time

# ---------------------------------------------------------------------------
# Fixed reference data

REF_DATE = datetime.date(2026, 7, 1)  # ages (独居 60+, phones 16+) are taken here
REF_ORD = REF_DATE.toordinal()
BIRTH_MIN = datetime.date(1935, 1, 1).toordinal()
BIRTH_MAX = datetime.date(2024, 12, 31).toordinal()
INSPECT_START = datetime.date(2026, 7, 1)

# The sample's five compounds: (name, code, share of households, style).
SAMPLE_COMPOUNDS = [
    ("幸福里小区", "XFL", 0.370, "old"),
    ("和平苑", "HPY", 0.253, "mixed"),
    ("锦绣家园", "JXJY", 0.190, "new"),
    ("翠湖花园", "CHHY", 0.102, "mixed"),
    ("朝阳新村", "CYXC", 0.085, "old"),
]

# More compound names for city-size data: word + pinyin initials.
NAME_HEADS = [
    ("阳光", "YG"), ("金色", "JS"), ("东方", "DF"), ("华府", "HF"), ("绿地", "LD"),
    ("春晖", "CH"), ("明珠", "MZ"), ("银河", "YH"), ("滨江", "BJ"), ("龙湖", "LH"),
    ("紫荆", "ZJ"), ("丽景", "LJ"), ("碧水", "BS"), ("青松", "QS"), ("康乐", "KL"),
    ("安居", "AJ"), ("怡和", "YH"), ("嘉禾", "JH"), ("福泰", "FT"), ("盛世", "SS"),
    ("海棠", "HT"), ("桂花", "GH"), ("兰亭", "LT"), ("祥和", "XH"), ("瑞丰", "RF"),
    ("鑫源", "XY"), ("望海", "WH"), ("云山", "YS"), ("长青", "CQ"), ("文化", "WH"),
    ("工人", "GR"), ("铁路", "TL"), ("书香", "SX"), ("颐和", "YH"), ("万福", "WF"),
    ("新华", "XH"), ("南山", "NS"), ("北岭", "BL"), ("东湖", "DH"), ("西城", "XC"),
    ("鸿运", "HY"), ("凤凰", "FH"), ("世纪", "SJ"), ("泰和", "TH"), ("永安", "YA"),
    ("幸福", "XF"), ("和平", "HP"), ("锦绣", "JX"), ("翠湖", "CH"), ("朝阳", "CY"),
]
NAME_TAILS = [
    ("小区", "XQ"), ("苑", "Y"), ("家园", "JY"), ("花园", "HY"), ("新村", "XC"),
    ("名苑", "MY"), ("雅居", "YJ"), ("华庭", "HT"), ("嘉园", "JY"), ("公寓", "GY"),
    ("山庄", "SZ"), ("花苑", "HY"), ("新城", "XC"), ("雅苑", "YY"), ("里小区", "L"),
    ("佳园", "JY"),
]

# Building types: floors, rooms per floor per unit, units; weight per style.
BUILDING_TYPES = [
    # floors    rooms/floor units          old  mixed new
    ((5, 6),    (2,),       (3, 4, 5),    (2.0, 1.0, 0.2)),   # old walk-up
    ((6, 7),    (2, 3),     (2, 3, 4),    (4.0, 3.0, 1.0)),   # walk-up
    ((5, 6),    (3, 4),     (2, 3),       (2.0, 2.0, 0.5)),   # walk-up, wide
    ((11,),     (2,),       (1, 2),       (0.0, 1.0, 2.5)),   # 小高层
    ((9, 11),   (3,),       (1, 2),       (0.0, 0.6, 1.5)),   # 小高层
    ((18,),     (2,),       (1, 2),       (0.0, 0.2, 1.0)),   # 高层
]
STYLE_INDEX = {"old": 0, "mixed": 1, "new": 2}
VACANCY = 0.08

AREA_CODES = [
    ("370281", 55), ("370202", 8), ("370203", 8), ("370211", 6), ("110105", 5),
    ("320102", 5), ("510104", 5), ("440106", 4), ("330106", 4),
]
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

SURNAMES = [
    ("王", 80), ("李", 70), ("张", 75), ("刘", 60), ("陈", 40), ("杨", 30), ("黄", 18),
    ("赵", 24), ("吴", 18), ("周", 18), ("徐", 17), ("孙", 20), ("马", 15), ("朱", 12),
    ("胡", 11), ("郭", 12), ("何", 10), ("高", 13), ("林", 10), ("罗", 8), ("郑", 9),
    ("梁", 8), ("谢", 7), ("宋", 9), ("唐", 7), ("许", 7), ("韩", 8), ("冯", 7),
    ("邓", 6), ("曹", 7), ("彭", 5), ("曾", 5), ("肖", 5), ("田", 6), ("董", 6),
    ("袁", 5), ("潘", 4), ("于", 9), ("蒋", 4), ("蔡", 4), ("余", 4), ("杜", 5),
    ("叶", 4), ("程", 4), ("苏", 4), ("魏", 4), ("吕", 5), ("丁", 5), ("任", 4),
    ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 6), ("崔", 5), ("钟", 3), ("谭", 3),
    ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 2), ("贾", 3),
    ("夏", 3), ("韦", 2), ("付", 3), ("方", 3), ("白", 3), ("邹", 2), ("孟", 3),
    ("熊", 2), ("秦", 3), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 3), ("闫", 3),
    ("段", 2), ("雷", 2), ("侯", 3), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 1),
    ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 1), ("邵", 2), ("万", 2),
    ("钱", 2), ("严", 2), ("武", 2), ("戴", 2), ("孔", 2), ("汤", 2), ("栾", 1),
    ("逄", 1), ("臧", 1), ("隋", 1),
    # two-character surnames, rare
    ("欧阳", 0.4), ("上官", 0.2), ("司马", 0.2), ("诸葛", 0.2), ("东方", 0.1),
    ("皇甫", 0.1), ("令狐", 0.1), ("慕容", 0.1),
]
MALE_CHARS = ("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林博晨轩然"
              "洋阳文建国志海东峰成立新永庆学兴利德福生春金亮锋振宏毅彬晓天鸿")
FEMALE_CHARS = ("芳娜敏静丽艳娟霞燕玲桂英秀兰萍婷雪慧倩琳颖洁晶梅琴云凤珍莉莹丹蕾"
                "薇怡欣璐佳悦瑶涵萱诗梦思雨彤馨月妍红晓玉")
OLD_MALE = ("建国 建华 国庆 卫东 志强 建军 德明 福生 长海 春生 永胜 振华 国栋 宝山 "
            "玉林 学军 洪涛 德胜 树林 庆丰").split()
OLD_FEMALE = ("秀英 桂兰 玉兰 淑珍 秀兰 凤英 桂英 玉梅 秀珍 翠花 淑华 桂芳 美兰 素芬 "
              "玉珍 秀芳 淑英 桂香").split()
YOUNG_MALE = ("浩宇 子轩 梓豪 宇轩 一诺 皓轩 俊熙 子墨 沐阳 铭泽 浩然 宇航 天佑 梓睿 "
              "奕辰 嘉懿 思远 煜祺").split()
YOUNG_FEMALE = ("梓涵 一诺 欣怡 子涵 雨桐 可馨 诗涵 梓萱 语嫣 若曦 思彤 依诺 沐晨 芷若 "
                "雨萱 佳怡 晨曦 安琪").split()
# Uyghur names, written given·father's name.
MINORITY_MALE = ("艾力 买买提 阿不都拉 吐尔逊 帕尔哈提 努尔艾力 艾合买提 伊力哈木 热合曼 "
                 "阿里木 艾尼瓦尔 麦麦提").split()
MINORITY_FEMALE = ("阿依古丽 古丽娜尔 热依拉 迪丽娜尔 帕提古丽 米热古丽 努尔古丽 再努尔 "
                   "阿依努尔 古再丽").split()
# Characters only GB18030 holds (GBK does not): 䶮 (U+4DAE), 㐀 (U+3400).
RARE_GIVEN = ["䶮", "{c}䶮", "㐀", "{c}㐀", "䶮{c}"]

PHONE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 "
                  "157 158 159 166 173 175 176 177 178 180 181 182 183 184 185 186 187 "
                  "188 189 191 198 199").split()

ITEMS = ("净", "畅", "亮", "安", "美")
ITEM_FAIL_WEIGHT = (1.15, 1.3, 1.0, 0.55, 1.0)
ITEM_NOTES = (
    ("地面脏污", "小广告未清理", "垃圾未清运", "墙面污渍", "楼梯扶手积灰"),
    ("堆放杂物", "电动车停放楼道", "纸箱堵塞通道", "自行车占道"),
    ("灯不亮", "声控灯损坏", "照明不足", "楼道灯常亮不灭"),
    ("飞线充电", "灭火器过期", "消防器材缺失", "电线裸露", "消防通道堵塞"),
    ("墙皮脱落", "乱贴乱画", "扶手破损", "窗户玻璃破损"),
)
PASS_MARK = 12

BRANCHES = ("第一党支部", "第二党支部", "第三党支部")
ROLES = ("网格党组织书记", "网格长", "网格员", "物业管家", "红色楼长")
ALL_FILES = ("buildings", "residents", "inspections", "staff")
# Written only when asked for (--only): the sample's own facilities.csv is
# drawn by hand, with its gaps where a reader of the README expects them.
EXTRA_FILES = ("facilities", "network")

# How many facilities of each kind of share/reach/kinds.csv a city has, by
# weight: many small shops and emergency points, one party service centre
# per street; kinds not named here weigh 1.
FACILITY_WEIGHTS = {
    "convenience": 14, "breakfast": 9, "pharmacy": 7, "parcels": 6, "market": 4,
    "supermarket": 3, "fire_station": 5, "first_aid": 3, "elderly_station": 6,
    "kindergarten": 6, "nursery": 5, "health_station": 4, "police": 3, "respite_care": 2,
    "party_service": 2, "civilization": 2, "deputies": 1.5, "legal_station": 1.5,
    "neighbourhood": 2, "youth_housing": 2,
}
# Capacity of the kinds that have one: (low, high) places, beds or seats.
FACILITY_CAPACITY = {
    "health_station": (4, 12), "elderly_station": (20, 60), "kindergarten": (180, 360),
    "nursery": (40, 100), "respite_care": (10, 30), "breakfast": (20, 60),
    "youth_housing": (50, 200),
}
# Opening hours by kind; the rest keep office hours.
FACILITY_HOURS = {
    "convenience": "全天", "fire_station": "全天", "police": "全天", "first_aid": "全天",
    "breakfast": "06:00-10:00", "market": "06:00-19:00", "supermarket": "08:00-22:00",
    "pharmacy": "08:00-21:00", "kindergarten": "07:30-17:30", "nursery": "07:30-17:30",
}

HEADERS = {
    "buildings": "小区,小区编码,楼号,单元数,层数,x,y",
    "residents": "小区,楼号,单元,房号,姓名,身份证号,与户主关系,联系电话,人员标签",
    "inspections": "日期,小区,楼号,单元,项目,得分,检查人,备注",
    "staff": "姓名,电话,角色,网格,小区,楼号,结对,党支部",
    "facilities": "名称,类型,x,y,容量,建筑面积,开放时间",
    "nodes": "id,x,y",
    "edges": "from,to,length",
}
CRLF = "\r\n"


def expand(weighted, scale=10):
    """A lookup list where each value appears in proportion to its weight."""
    out = []
    for value, w in weighted:
        out.extend([value] * max(1, int(round(w * scale))))
    return out


SURNAME_TABLE = expand(SURNAMES)
AREA_LIST = [a for a, _w in AREA_CODES]
AREA_TABLE = expand([(i, w) for i, (_a, w) in enumerate(AREA_CODES)], 1)  # weighted indices
AREA_PARTIAL = [sum(int(c) * w for c, w in zip(a, ID_WEIGHTS[:6])) for a in AREA_LIST]
SEQ_PARTIAL = [sum(int(c) * w for c, w in zip("%03d" % s, ID_WEIGHTS[14:17])) for s in range(1000)]


# ---------------------------------------------------------------------------
# Names

class Namer:
    """Chinese names from one random stream."""

    def __init__(self, rng):
        self.rnd = rng.random

    def pick(self, seq):
        return seq[int(self.rnd() * len(seq))]

    def surname(self):
        return SURNAME_TABLE[int(self.rnd() * len(SURNAME_TABLE))]

    def given(self, male, birth_year):
        rnd = self.rnd
        r = rnd()
        if birth_year < 1962 and r < 0.45:
            return self.pick(OLD_MALE if male else OLD_FEMALE)
        if birth_year >= 2005 and r < 0.45:
            return self.pick(YOUNG_MALE if male else YOUNG_FEMALE)
        pool = MALE_CHARS if male else FEMALE_CHARS
        if rnd() < 0.25:
            return self.pick(pool)
        return self.pick(pool) + self.pick(pool)

    def rare(self, male):
        pool = MALE_CHARS if male else FEMALE_CHARS
        return self.pick(RARE_GIVEN).format(c=self.pick(pool))

    def person(self, male, birth_year):
        return self.surname() + self.given(male, birth_year)

    def minority(self, male):
        return self.pick(MINORITY_MALE if male else MINORITY_FEMALE)


# ---------------------------------------------------------------------------
# Layout: compounds, buildings, rooms, vacancy

class Compound:
    __slots__ = ("idx", "name", "code", "style", "target", "buildings", "vacant",
                 "rooms", "occupied", "stairwells", "x0", "y0", "w", "h")


def compound_sizes(rng, total):
    """Target households per compound, never in a band where ceil(h/500)
    grids would fall below 300 households each."""
    if total <= 15000:
        n = 5 if total >= 1650 else max(1, min(5, total // 330))
        if n == 5:
            shares = [c[2] for c in SAMPLE_COMPOUNDS]
        else:
            shares = [1.0] * n
        s = sum(shares)
        sizes = [max(330, int(round(total * x / s))) for x in shares]
    else:
        n = max(6, int(round(total / 1650.0)))
        raw = [min(2900.0, max(330.0, math.exp(rng.gauss(math.log(1400), 0.6))))
               for _ in range(n)]
        for _ in range(20):
            f = total / sum(raw)
            raw = [min(2900.0, max(330.0, x * f)) for x in raw]
        sizes = [int(round(x)) for x in raw]
    return [fix_band(h) for h in sizes]


def fix_band(h):
    # 500 < h < 600 makes two grids under 300; keep clear of it with a margin
    # for the layout overshooting a target by up to one stairwell.
    if 455 < h <= 540:
        return 455
    if 540 < h < 640:
        return 640
    return h


def compound_names(rng, n):
    out = [(c[0], c[1], c[3]) for c in SAMPLE_COMPOUNDS[:n]]
    if n <= len(SAMPLE_COMPOUNDS):
        return out
    used_names = {c[0] for c in out}
    used_codes = {c[1] for c in out}
    combos = [(h, t) for h in NAME_HEADS for t in NAME_TAILS]
    rng.shuffle(combos)
    styles = ("old", "mixed", "new")
    phase = 1
    while len(out) < n:
        for (hn, hc), (tn, tc) in combos:
            if len(out) >= n:
                break
            name = hn + tn + ("" if phase == 1 else "%d期" % phase)
            if name in used_names:
                continue
            code = hc + tc
            k = 2
            cand = code
            while cand in used_codes:
                cand = "%s%d" % (code, k)
                k += 1
            used_names.add(name)
            used_codes.add(cand)
            out.append((name, cand, styles[int(rng.random() * 3)]))
        phase += 1
    return out


def make_layout(seed, total):
    rng = random.Random("shequ:%d:layout" % seed)
    sizes = compound_sizes(rng, total)
    names = compound_names(rng, len(sizes))
    compounds = []
    carry = 0  # households made beyond the targets so far, taken off the next
    for i, (h, (name, code, style)) in enumerate(zip(sizes, names)):
        c = Compound()
        c.idx, c.name, c.code, c.style = i, name, code, style
        c.target = fix_band(max(330, h - carry))
        weights = [t[3][STYLE_INDEX[style]] for t in BUILDING_TYPES]
        cum = []
        acc = 0.0
        for w in weights:
            acc += w
            cum.append(acc)
        need = int(math.ceil(c.target / (1.0 - VACANCY)))
        rooms = 0
        blds = []
        while rooms < need:
            t = BUILDING_TYPES[bisect.bisect_right(cum, rng.random() * acc)]
            floors = rng.choice(t[0])
            rpf = rng.choice(t[1])
            units = rng.choice(t[2])
            per_unit = floors * rpf
            if rooms + units * per_unit > need:
                units = max(1, -(-(need - rooms) // per_unit))
            blds.append([len(blds) + 1, units, floors, rpf, 0.0, 0.0])
            rooms += units * per_unit
        c.rooms = rooms
        nvac = int(round(rooms * VACANCY))
        vac = bytearray(rooms)
        for r in rng.sample(range(rooms), nvac):
            vac[r] = 1
        occupied = rooms - nvac
        if 500 < occupied < 600:  # not expected; never leave two grids under 300
            free = [r for r in range(rooms) if not vac[r]]
            for r in rng.sample(free, occupied - 500):
                vac[r] = 1
            occupied = 500
        c.vacant = vac
        c.occupied = occupied
        c.stairwells = sum(b[1] for b in blds)
        carry += c.occupied - h
        # buildings on a rough grid, 30-60 m apart
        nb = len(blds)
        cols = max(1, int(math.ceil(math.sqrt(nb * 1.5))))
        dx = 42 + rng.random() * 14
        dy = 36 + rng.random() * 12
        for k, b in enumerate(blds):
            col, row = k % cols, k // cols
            b[4] = col * dx + (rng.random() - 0.5) * 8
            b[5] = row * dy + (rng.random() - 0.5) * 8
        c.w = (min(cols, nb) - 1) * dx
        c.h = ((nb - 1) // cols) * dy
        c.buildings = blds
        compounds.append(c)
    # compounds in blocks a few hundred metres apart
    n = len(compounds)
    bcols = max(1, int(math.ceil(math.sqrt(n))))
    pitch_x = max(c.w for c in compounds) + 300
    pitch_y = max(c.h for c in compounds) + 300
    for c in compounds:
        col, row = c.idx % bcols, c.idx // bcols
        c.x0 = 200 + col * pitch_x + (rng.random() - 0.5) * 80
        c.y0 = 200 + row * pitch_y + (rng.random() - 0.5) * 80
        for b in c.buildings:
            b[4] = round(c.x0 + b[4], 1)
            b[5] = round(c.y0 + b[5], 1)
    return compounds


def grid_count(c):
    return -(-c.occupied // 500)


# ---------------------------------------------------------------------------
# Writers

def open_csv(outdir, name, encoding):
    f = open(os.path.join(outdir, name + ".csv"), "w", encoding=encoding,
             errors="strict", newline="")
    f.write(HEADERS[name] + CRLF)
    return f


def write_buildings(compounds, outdir):
    f = open_csv(outdir, "buildings", "utf-8-sig")
    rows = 0
    for c in compounds:
        buf = []
        for num, units, floors, _rpf, x, y in c.buildings:
            buf.append("%s,%s,%d,%d,%d,%.1f,%.1f\r\n" % (c.name, c.code, num, units, floors, x, y))
        rows += len(buf)
        f.write("".join(buf))
    f.close()
    return rows


class DateCache:
    """Birth ordinal -> (YYYYMMDD, partial ID sum, year, age at REF_DATE)."""

    def __init__(self):
        self.d = {}

    def get(self, o):
        v = self.d.get(o)
        if v is None:
            dt = datetime.date.fromordinal(o)
            s = "%04d%02d%02d" % (dt.year, dt.month, dt.day)
            part = sum(int(ch) * w for ch, w in zip(s, ID_WEIGHTS[6:14]))
            age = REF_DATE.year - dt.year - ((dt.month, dt.day) > (REF_DATE.month, REF_DATE.day))
            v = (s, part, dt.year, age)
            self.d[o] = v
        return v


def messy_phone(num, r):
    if r < 0.25:
        return "+86 %s-%s-%s" % (num[:3], num[3:7], num[7:])
    if r < 0.5:
        return "%s %s %s" % (num[:3], num[3:7], num[7:])
    if r < 0.65:
        return "%s-%s-%s" % (num[:3], num[3:7], num[7:])
    if r < 0.78:
        return "+86" + num
    if r < 0.88:
        return "86 " + num
    return "".join(chr(0xFF10 + int(ch)) for ch in num)  # full-width digits


# Cumulative shares of households with 1..5 residents.
HH_SIZE_CUM = [0.20, 0.50, 0.77, 0.91, 1.0]  # sizes 1..5, mean about 2.62


def write_residents(compounds, outdir, seed, encoding):
    rng = random.Random("shequ:%d:residents" % seed)
    rnd = rng.random
    namer = Namer(rng)
    dates = DateCache()
    id_count = {}
    stats = {"residents": 0, "households": 0, "alone60": 0, "party": 0,
             "disabled": 0, "messy": 0, "minority": 0, "rare": 0, "twochar": 0}
    f = open_csv(outdir, "residents", encoding)

    def birth(age):
        """A birth ordinal for someone AGE (float years) at REF_DATE."""
        o = REF_ORD - int((age + rnd()) * 365.2425)
        if o > BIRTH_MAX:  # too young for the range: born some time in 2020-2024
            return BIRTH_MAX - int(rnd() * 1800)
        if o < BIRTH_MIN:
            return BIRTH_MIN + int(rnd() * 1000)
        return o

    def uniform(a, b):
        return a + (b - a) * rnd()

    def kid_age(parent_age, lo, hi):
        """The age of a child of someone PARENT_AGE: LO-HI years younger, or a
        small child if that would not be born yet."""
        a = parent_age - uniform(lo, hi)
        if a < 1.6:
            a = min(1.6 + rnd() * 10, parent_age - 20)
        return a

    def make_id(o, male):
        ai = AREA_TABLE[int(rnd() * len(AREA_TABLE))]
        while True:
            key = ((ai * 80000 + o - BIRTH_MIN) << 1) | male
            n = id_count.get(key, 0)
            if n < 499:
                break
            o -= 1  # 499 people of one sex born one day in one area: a day earlier
        id_count[key] = n + 1
        k = 1 + (n * 37 + o * 7 + ai * 13) % 499
        seq = 2 * k + male
        ds, dpart, _y, _a = dates.get(o)
        total = AREA_PARTIAL[ai] + dpart + SEQ_PARTIAL[seq]
        return "%s%s%03d%s" % (AREA_LIST[ai], ds, seq, ID_CHECK[total % 11]), o

    def household():
        """Members as (relation, male, birth ordinal, family) tuples; family
        0 = the householder's blood line, 1 = the householder's spouse,
        2 = someone else (a child's spouse)."""
        r = rnd()
        size = 1
        while r > HH_SIZE_CUM[size - 1]:
            size += 1
        hmale = 1 if rnd() < 0.62 else 0
        m = []
        if size == 1:
            if rnd() < 0.38:
                age = uniform(62, 92)
            else:
                age = uniform(20, 58)
            m.append(("本人", hmale, birth(age), 0))
            return m
        r = rnd()
        if size == 2:
            if r < 0.65:
                age = uniform(22, 88)
                m.append(("本人", hmale, birth(age), 0))
                m.append(("配偶", 1 - hmale, birth(age + uniform(-3, 3) + (-2 if hmale else 2)), 1))
            else:
                age = uniform(30, 88)
                m.append(("本人", hmale, birth(age), 0))
                m.append(("子女", int(rnd() < 0.5), birth(kid_age(age, 22, 38)), 0))
            return m
        # couples from here on
        if size == 3:
            if r < 0.85:
                age, kids, parents, grand, other = uniform(25, 75), 1, 0, 0, 0
            else:
                age, kids, parents, grand, other = uniform(28, 60), 0, 1, 0, 0
        elif size == 4:
            if r < 0.5:
                age, kids, parents, grand, other = uniform(28, 55), 2, 0, 0, 0
            elif r < 0.8:
                age, kids, parents, grand, other = uniform(28, 55), 1, 1, 0, 0
            else:
                age, kids, parents, grand, other = uniform(52, 80), 1, 0, 1, 0
        else:
            if r < 0.45:
                age, kids, parents, grand, other = uniform(28, 52), 1, 2, 0, 0
            elif r < 0.80:
                age, kids, parents, grand, other = uniform(50, 78), 1, 0, 1, 1
            else:
                age, kids, parents, grand, other = uniform(30, 50), 3, 0, 0, 0
        m.append(("本人", hmale, birth(age), 0))
        m.append(("配偶", 1 - hmale, birth(age + uniform(-3, 3) + (-2 if hmale else 2)), 1))
        pa = age + uniform(22, 34)
        for k in range(parents):
            m.append(("父母", 1 - k if parents == 2 else int(rnd() < 0.4),
                      birth(pa + (2 if k == 0 and parents == 2 else 0)), 0))
        child_age = 0.0
        for _ in range(kids):
            child_age = kid_age(age, 22, 38)
            if grand:
                child_age = max(child_age, 26 + rnd() * 4)
            m.append(("子女", int(rnd() < 0.5), birth(child_age), 0))
        child_male = m[-1][1] if kids else 1
        if other:
            m.append(("其他", 1 - child_male, birth(child_age + uniform(-3, 3)), 2))
        if grand:
            m.append(("孙子女", int(rnd() < 0.5), birth(kid_age(child_age, 23, 34)), 0))
        return m

    for c in compounds:
        buf = []
        ri = 0
        vac = c.vacant
        cname = c.name
        for num, units, floors, rpf, _x, _y in c.buildings:
            for u in range(1, units + 1):
                for fl in range(1, floors + 1):
                    for rm in range(1, rpf + 1):
                        if vac[ri]:
                            ri += 1
                            continue
                        ri += 1
                        r = rnd()
                        bs = ("%d号楼" if r < 0.8 else "%d栋" if r < 0.9 else "%d") % num
                        us = ("%d单元" if rnd() < 0.75 else "%d") % u
                        rs = ("%d%02d" if rnd() < 0.9 else "%d%02d室") % (fl, rm)
                        addr = "%s,%s,%s,%s," % (cname, bs, us, rs)
                        members = household()
                        alone = len(members) == 1
                        stats["households"] += 1
                        minority = rnd() < 0.003
                        # children take their father's surname, the householder's
                        # father the householder's
                        hmale = members[0][1]
                        head_surname = namer.surname()
                        spouse_surname = namer.surname()
                        if hmale:
                            child_surname = head_surname
                        elif len(members) > 1 and members[1][3] == 1:
                            child_surname = spouse_surname
                        else:
                            child_surname = head_surname if rnd() < 0.4 else namer.surname()
                        father_given = namer.minority(True)
                        dad_given = None  # a child's father, for minority names
                        for rel, male, o, _fam in members:
                            _ds, _p, by, age = dates.get(o)
                            if alone and 59 <= age <= 61:
                                # keep 独居 clear of the 60 boundary whatever date one ages at
                                o = birth(62 + rnd() * 10)
                            pid, o = make_id(o, male)
                            _ds, _p, by, age = dates.get(o)
                            if minority:
                                g = namer.minority(male)
                                if rel == "本人":
                                    while father_given == g:
                                        father_given = namer.minority(True)
                                    name = g + "·" + father_given
                                    if male:
                                        dad_given = g
                                elif rel in ("子女", "孙子女") and dad_given and g != dad_given:
                                    name = g + "·" + dad_given
                                else:
                                    f_given = namer.minority(True)
                                    while f_given == g:
                                        f_given = namer.minority(True)
                                    name = g + "·" + f_given
                                    if rel == "配偶" and male:
                                        dad_given = g
                                stats["minority"] += 1
                            else:
                                if rel == "本人":
                                    sur = head_surname
                                elif rel == "配偶":
                                    sur = spouse_surname
                                elif rel in ("子女", "孙子女"):
                                    sur = child_surname
                                elif rel == "父母" and male:
                                    sur = head_surname
                                else:
                                    sur = namer.surname()
                                if rnd() < 0.0012:
                                    name = sur + namer.rare(male)
                                    stats["rare"] += 1
                                else:
                                    name = sur + namer.given(male, by)
                                if len(sur) == 2:
                                    stats["twochar"] += 1
                            phone = ""
                            if age >= 16 and not (age >= 80 and rnd() < 0.2):
                                pn = PHONE_PREFIXES[int(rnd() * len(PHONE_PREFIXES))] + \
                                    "%08d" % int(rnd() * 100000000)
                                if age >= 18 and rnd() < 0.03:
                                    phone = messy_phone(pn, rnd())
                                    stats["messy"] += 1
                                else:
                                    phone = pn
                            tags = []
                            if alone and age >= 60:
                                tags.append("独居")
                                stats["alone60"] += 1
                            if age >= 19 and rnd() < 0.085:
                                tags.append("党员")
                                stats["party"] += 1
                            if age >= 18 and rnd() < 0.02:
                                tags.append("残疾")
                                stats["disabled"] += 1
                            buf.append("%s%s,%s,%s,%s,%s\r\n" % (addr, name, pid, rel, phone,
                                                                  "、".join(tags)))
                            stats["residents"] += 1
        f.write("".join(buf))
    f.close()
    return stats


def write_inspections(compounds, outdir, seed, days, every):
    rng = random.Random("shequ:%d:inspections" % seed)
    rnd = rng.random
    namer = Namer(rng)
    # stairwells with a quality level: compound, building and stairwell parts
    sw_prefix, sw_mu, sw_pfail, sw_comp = [], [], [], []
    inspectors = []
    comp_rows = []
    for c in compounds:
        k = 2
        inspectors.append([namer.person(rnd() < 0.5, 1975 + int(rnd() * 25)) for _ in range(k)])
        cq = rng.gauss(0, 0.5)
        start = len(sw_prefix)
        for num, units, _floors, _rpf, _x, _y in c.buildings:
            bq = rng.gauss(0, 0.5)
            for u in range(1, units + 1):
                q = cq + bq + rng.gauss(0, 0.3)
                sw_prefix.append("%s,%d号楼,%d单元," % (c.name, num, u))
                sw_mu.append(min(19.3, max(15.3, 17.6 + 0.8 * q)))
                sw_pfail.append(min(0.12, 0.0225 * math.exp(-1.1 * q)))
                sw_comp.append(c.idx)
        comp_rows.append((start, len(sw_prefix)))
    nsw = len(sw_prefix)
    fail_left = bytearray(nsw * 5)
    cool = bytearray(nsw * 5)
    stats = {"rows": 0, "stairwell_days": 0, "incomplete": 0, "fail": 0, "severe": 0,
             "runs3": 0}
    f = open_csv(outdir, "inspections", "utf-8-sig")
    for d in range(days):
        date = (INSPECT_START + datetime.timedelta(days=d)).isoformat() + ","
        for c in compounds:
            start, end = comp_rows[c.idx]
            insp = inspectors[c.idx]
            who = insp[d % len(insp)]
            buf = []
            for s in range(start, end):
                if every > 1 and (d + s) % every:
                    continue
                stats["stairwell_days"] += 1
                pre = date + sw_prefix[s]
                mu = sw_mu[s]
                pf = sw_pfail[s]
                drop = -1
                if rnd() < 0.01:
                    it = int(rnd() * 5)
                    if not fail_left[s * 5 + it] and not cool[s * 5 + it]:
                        drop = it
                        stats["incomplete"] += 1
                for it in range(5):
                    if it == drop:
                        continue
                    j = s * 5 + it
                    note = ""
                    if fail_left[j]:
                        fail_left[j] -= 1
                        if not fail_left[j]:
                            cool[j] = 1
                        score = 11 if rnd() < 0.45 else 10 if rnd() < 0.6 else 9
                        if rnd() < 0.4:
                            note = "仍未整改" if rnd() < 0.4 else namer.pick(ITEM_NOTES[it])
                    elif cool[j]:
                        cool[j] = 0
                        score = int(mu + (rnd() + rnd() + rnd() - 1.5) * 2.4 + 0.5)
                        score = 12 if score < 12 else 20 if score > 20 else score
                        if rnd() < 0.3:
                            note = "已整改"
                    elif rnd() < pf * ITEM_FAIL_WEIGHT[it]:
                        r = rnd()
                        length = 1 if r < 0.945 else 2 if r < 0.9935 else 3 + int(rnd() * 4)
                        if length >= 3:
                            stats["runs3"] += 1
                        if length > 1:
                            fail_left[j] = length - 1
                        else:
                            cool[j] = 1
                        if rnd() < 0.012:
                            score = int(rnd() * 9)
                            stats["severe"] += 1
                        else:
                            score = 11 if rnd() < 0.45 else 10 if rnd() < 0.6 else 9
                        if rnd() < 0.75:
                            note = namer.pick(ITEM_NOTES[it])
                    else:
                        score = int(mu + (rnd() + rnd() + rnd() - 1.5) * 2.4 + 0.5)
                        score = 12 if score < 12 else 20 if score > 20 else score
                    if score < PASS_MARK:
                        stats["fail"] += 1
                    buf.append("%s%s,%d,%s,%s\r\n" % (pre, ITEMS[it], score, who, note))
            stats["rows"] += len(buf)
            f.write("".join(buf))
    f.close()
    return stats


def write_staff(compounds, outdir, seed):
    rng = random.Random("shequ:%d:staff" % seed)
    rnd = rng.random
    namer = Namer(rng)
    used = set()

    def phone():
        while True:
            num = PHONE_PREFIXES[int(rnd() * len(PHONE_PREFIXES))] + "%08d" % int(rnd() * 100000000)
            if num not in used:
                used.add(num)
                return num

    def person(lo, hi):
        return namer.person(rnd() < 0.5, lo + int(rnd() * (hi - lo)))

    f = open_csv(outdir, "staff", "utf-8-sig")
    rows = 0
    grids = 0
    for c in compounds:
        buf = []
        branch = BRANCHES[c.idx % 3]
        for g in range(1, grid_count(c) + 1):
            grids += 1
            code = "%s-%02d" % (c.code, g)
            buf.append("%s,%s,网格党组织书记,%s,,,,%s\r\n" % (person(1960, 1985), phone(), code, branch))
            buf.append("%s,%s,网格长,%s,,,,\r\n" % (person(1965, 1990), phone(), code))
            for _ in range(2):
                wp = phone()
                buf.append("%s,%s,网格员,%s,,,,\r\n" % (person(1980, 2000), wp, code))
                buf.append("%s,%s,物业管家,%s,,,%s,\r\n" % (person(1975, 2000), phone(), code, wp))
        for b in c.buildings:
            buf.append("%s,%s,红色楼长,,%s,%d,,\r\n" % (person(1945, 1975), phone(), c.name, b[0]))
        rows += len(buf)
        f.write("".join(buf))
    f.close()
    return rows, grids


def load_kinds(here):
    """(code, name) of every kind of facility in share/reach/kinds.csv."""
    import csv
    with open(os.path.join(here, "..", "reach", "kinds.csv"), encoding="utf-8", newline="") as f:
        return [(r["code"], r["name"]) for r in csv.DictReader(f)]


def facility_counts(kinds, total):
    """How many of each kind: TOTAL split by FACILITY_WEIGHTS, every kind at
    least one, by largest remainder so that the counts add up to TOTAL."""
    w = [FACILITY_WEIGHTS.get(code, 1.0) for code, _name in kinds]
    share = [max(0, total - len(kinds)) * x / sum(w) for x in w]
    counts = [1 + int(x) for x in share]
    order = sorted(range(len(kinds)), key=lambda i: int(share[i]) - share[i])
    for i in order[:max(0, total - sum(counts))]:
        counts[i] += 1
    return counts


def csv_cell(v):
    return '"%s"' % v.replace('"', '""') if any(c in v for c in ',"\r\n') else v


def write_facilities(compounds, outdir, seed, total, kinds):
    """TOTAL facilities of the kinds of share/reach/kinds.csv, each at a
    building drawn by its rooms (where people live, so are shops and
    services), 20 to 60 m from it on the street side."""
    rng = random.Random("shequ:%d:facilities" % seed)
    rnd = rng.random
    sites, cum = [], []
    acc = 0
    for c in compounds:
        for num, units, floors, rpf, x, y in c.buildings:
            acc += units * floors * rpf
            sites.append((c.name, x, y))
            cum.append(acc)
    f = open_csv(outdir, "facilities", "utf-8-sig")
    used = {}
    rows = 0
    for (code, name), n in zip(kinds, facility_counts(kinds, total)):
        buf = []
        lo_hi = FACILITY_CAPACITY.get(code)
        for _ in range(n):
            cname, x, y = sites[bisect.bisect_right(cum, rnd() * acc)]
            a, r = rnd() * 2 * math.pi, 20 + rnd() * 40
            k = used[(cname, code)] = used.get((cname, code), 0) + 1
            title = cname + name.replace('"', '') + ("" if k == 1 else str(k))
            cap = "" if not lo_hi else str(lo_hi[0] + int(rnd() * (lo_hi[1] - lo_hi[0] + 1)))
            area = 40 + int(rnd() * 20) * 20
            buf.append("%s,%s,%.1f,%.1f,%s,%d,%s\r\n" % (
                csv_cell(title), csv_cell(name), x + r * math.cos(a), y + r * math.sin(a), cap,
                area, FACILITY_HOURS.get(code, "08:30-17:30")))
        rows += len(buf)
        f.write("".join(buf))
    f.close()
    return rows


def write_network(compounds, outdir, seed, edges):
    """A walking network of about EDGES edges: a street grid over the
    buildings' extent, its nodes a little off the lines, one edge in 25
    missing (a wall, a fence), lengths a little over the straight line (a
    street is not a ruler) or left empty for the straight line."""
    rng = random.Random("shequ:%d:network" % seed)
    rnd = rng.random
    xs = [b[4] for c in compounds for b in c.buildings]
    ys = [b[5] for c in compounds for b in c.buildings]
    x0, y0 = min(xs) - 100, min(ys) - 100
    w, h = max(xs) + 100 - x0, max(ys) + 100 - y0
    # 2 n m - n - m edges on an n x m grid with cells near square
    edges = edges / 0.96  # the missing ones
    n = max(2, int(round(math.sqrt(edges / 2.0 * w / h))))
    m = max(2, int(round(edges / 2.0 / n)))
    sx, sy = w / (n - 1), h / (m - 1)
    nf = open_csv(outdir, "nodes", "utf-8-sig")
    pos = []
    for i in range(n):
        buf = []
        for j in range(m):
            px = x0 + i * sx + (rnd() - 0.5) * sx * 0.2
            py = y0 + j * sy + (rnd() - 0.5) * sy * 0.2
            pos.append((px, py))
            buf.append("n%d_%d,%.1f,%.1f\r\n" % (i, j, px, py))
        nf.write("".join(buf))
    nf.close()
    ef = open_csv(outdir, "edges", "utf-8-sig")
    rows = 0
    for i in range(n):
        buf = []
        for j in range(m):
            a = pos[i * m + j]
            for di, dj in ((1, 0), (0, 1)):
                if i + di >= n or j + dj >= m or rnd() < 0.04:
                    continue
                b = pos[(i + di) * m + j + dj]
                r = rnd()
                length = "" if r < 0.5 else "%.1f" % (math.hypot(a[0] - b[0], a[1] - b[1]) *
                                                     (1 + r * 0.3))
                buf.append("n%d_%d,n%d_%d,%s\r\n" % (i, j, i + di, j + dj, length))
        rows += len(buf)
        ef.write("".join(buf))
    ef.close()
    return n * m, rows


# ---------------------------------------------------------------------------

def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(
        description="Write a deterministic sample community (CSV files as a community "
                    "office sends them) for shequ.")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", default=here, help="output directory (default: this script's)")
    p.add_argument("--households", type=int, default=4000,
                   help="about how many occupied households (default 4000, the sample)")
    p.add_argument("--encoding", default="gb18030",
                   help="encoding of residents.csv: gb18030 (default, no BOM), utf-8 "
                        "(no BOM) or utf-8-sig (with BOM)")
    p.add_argument("--inspect-days", type=int, default=92,
                   help="days of inspections from 2026-07-01 (default 92, all of 2026-Q3)")
    p.add_argument("--inspect-every", type=int, default=1,
                   help="inspect each stairwell every K-th day, staggered (default 1)")
    p.add_argument("--only", default=",".join(ALL_FILES),
                   help="comma list of files to write: " + ",".join(ALL_FILES + EXTRA_FILES) +
                        " (default the first four; network is nodes.csv and edges.csv)")
    p.add_argument("--facilities", type=int, default=None,
                   help="facilities.csv: how many (default one per 500 households, at least "
                        "one of each kind)")
    p.add_argument("--network-edges", type=int, default=100000,
                   help="network: about how many edges (default 100000)")
    p.add_argument("-q", "--quiet", action="store_true", help="print no summary")
    a = p.parse_args(argv)

    only = [x.strip() for x in a.only.split(",") if x.strip()]
    bad = [x for x in only if x not in ALL_FILES + EXTRA_FILES]
    if bad or not only:
        p.error("--only: unknown file %s (choose from %s)" % (
            ",".join(bad), ",".join(ALL_FILES + EXTRA_FILES)))
    if (a.facilities is not None and a.facilities < 1) or a.network_edges < 4:
        p.error("--facilities must be positive and --network-edges at least 4")
    enc = a.encoding.lower().replace("_", "-")
    if enc not in ("gb18030", "utf-8", "utf8", "utf-8-sig"):
        p.error("--encoding must be gb18030, utf-8 or utf-8-sig")
    enc = codecs.lookup(enc).name
    if a.households < 1:
        p.error("--households must be positive")
    if a.inspect_days < 0 or a.inspect_every < 1:
        p.error("--inspect-days must be >= 0 and --inspect-every >= 1")
    os.makedirs(a.out, exist_ok=True)

    t0 = time.monotonic()
    compounds = make_layout(a.seed, a.households)
    say = (lambda *x: None) if a.quiet else (lambda *x: print(*x, file=sys.stderr))
    say("compounds %d, buildings %d, stairwells %d, rooms %d, households %d, grids %d" % (
        len(compounds), sum(len(c.buildings) for c in compounds),
        sum(c.stairwells for c in compounds), sum(c.rooms for c in compounds),
        sum(c.occupied for c in compounds), sum(grid_count(c) for c in compounds)))
    if len(compounds) <= 10:
        for c in compounds:
            say("  %s %s: buildings %d, stairwells %d, rooms %d, households %d, grids %d" % (
                c.name, c.code, len(c.buildings), c.stairwells, c.rooms, c.occupied,
                grid_count(c)))
    if "buildings" in only:
        say("buildings.csv: %d rows" % write_buildings(compounds, a.out))
    if "residents" in only:
        s = write_residents(compounds, a.out, a.seed, enc)
        say("residents.csv: %d rows (%s); %s" % (s["residents"], enc, ", ".join(
            "%s %d" % kv for kv in s.items() if kv[0] != "residents")))
    if "inspections" in only:
        s = write_inspections(compounds, a.out, a.seed, a.inspect_days, a.inspect_every)
        say("inspections.csv: %d rows; %s" % (s["rows"], ", ".join(
            "%s %d" % kv for kv in s.items() if kv[0] != "rows")))
    if "staff" in only:
        rows, grids = write_staff(compounds, a.out, a.seed)
        say("staff.csv: %d rows (%d grids)" % (rows, grids))
    if "facilities" in only:
        kinds = load_kinds(here)
        total = a.facilities or max(len(kinds), a.households // 500)
        say("facilities.csv: %d rows" % write_facilities(compounds, a.out, a.seed, total, kinds))
    if "network" in only:
        nodes, edges = write_network(compounds, a.out, a.seed, a.network_edges)
        say("nodes.csv: %d rows; edges.csv: %d rows" % (nodes, edges))
    say("done in %.1f s" % (time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
