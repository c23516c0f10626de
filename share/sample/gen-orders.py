#!/usr/bin/python3
"""gen-orders.py - a deterministic quarter of service orders for the sample.

Reads residents.csv, staff.csv and buildings.csv (for the compounds'
codes; without it, the sample's five) beside it (or in --dir) and writes, for
2026-Q3, the two shapes the hotline and platform systems export and
`shequ-request import` reads:

    orders.csv        one row per order with per-stage times (UTF-8 with BOM)
    order-events.csv  one row per event (GB18030), for the orders whose log
                      a row per order cannot hold: reopened, paused, closed
                      without being resolved, and the 12345 platform's

    python3 share/sample/gen-orders.py

Same seed gives byte-identical files.  Python 3 standard library only.
"""

import argparse
import csv
import datetime
import io
import os
import random
import sys

START = datetime.datetime(2026, 7, 1)
DAYS = 92  # all of 2026-Q3
END = START + datetime.timedelta(days=DAYS) - datetime.timedelta(minutes=1)
CRLF = "\r\n"

# Scenarios by name, with a weight (how often residents order them) and
# whether staff go to the door (an on-site time), as in catalogue.csv.
SCENARIOS = [
    ("快递代收", 10, False), ("快递送货上门", 6, True), ("便利超市", 8, True),
    ("生鲜配送", 7, True), ("桶装水配送", 8, True), ("助老送餐", 6, True),
    ("跑腿代办", 3, True), ("代购药品", 3, True), ("水路维修", 7, True),
    ("电路维修", 5, True), ("管道疏通", 5, True), ("开锁换锁", 2, True),
    ("漏水处置", 3, True), ("停电报修", 2, True), ("电梯困人", 1, True),
    ("燃气异味", 1, True), ("一键呼叫", 1, True), ("家电维修", 4, True),
    ("家具维修", 2, True), ("门窗维修", 2, True), ("家政保洁", 4, True),
    ("家电清洗", 3, True), ("洗衣洗鞋", 2, True), ("搬家搬运", 1, True),
    ("大件垃圾清运", 2, True), ("消杀灭虫", 1, True), ("绿化养护", 1, True),
    ("助浴服务", 1, True), ("探访关怀", 2, True), ("陪同就医", 1, True),
    ("临时托管", 1, False), ("电动车充电", 2, False),
    ("水电燃气缴费代办", 2, False), ("证明代办", 1, False),
]
CATEGORIES = [("投诉", 5), ("求助", 3), ("建议", 1), ("咨询", 2)]
CONTENT = {
    "投诉": ["楼道堆放杂物", "夜间施工噪音", "小区停车乱象", "宠物扰民", "垃圾清运不及时"],
    "求助": ["独居老人联系不上", "楼顶渗水", "路灯不亮"],
    "建议": ["增设电动车充电桩", "增加健身器材"],
    "咨询": ["医保缴费办理", "居住证明开具"],
}
ORDER_HEADER = ("工单编号,来源,平台工单号,场景/类别,小区,楼号,单元,房号,联系人,电话,内容,"
                "受理时间,派单时间,接单时间,到场时间,办结时间,回访时间,满意度,评分,处理人")
EVENT_HEADER = "工单编号,事件,时间,来源,平台工单号,场景/类别,小区,楼号,单元,房号,联系人,电话,处理人,操作人,满意度,评分,备注"
OPERATOR = "客服中心"


def households(path):
    """The households of residents.csv: address as written, a name and a
    phone (the first adult of the household with one)."""
    out, seen = [], set()
    with open(path, encoding="gb18030", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for r in rows:
            key = tuple(r[0:4])
            if key in seen or not r[7]:
                continue
            seen.add(key)
            out.append((r[0], r[1], r[2], r[3], r[4], r[7].replace(" ", "")))
    return out


def staff(path):
    """Butlers (物业管家) and grid workers (网格员) by compound code."""
    butlers, workers = {}, {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            code = r["网格"].split("-")[0]
            if r["角色"] == "物业管家":
                butlers.setdefault(code, []).append(r["姓名"])
            elif r["角色"] == "网格员":
                workers.setdefault(code, []).append(r["姓名"])
    return butlers, workers


def fmt(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def received_at(rng):
    """A time of day residents call: mostly 7:00-21:00, a few at night."""
    day = START + datetime.timedelta(days=rng.randrange(DAYS))
    if rng.random() < 0.05:
        return day + datetime.timedelta(minutes=rng.randrange(0, 7 * 60))
    return day + datetime.timedelta(minutes=rng.randrange(7 * 60, 21 * 60), seconds=rng.randrange(60))


def daytime(t):
    """T, or 8:30 the next morning when T falls at night: the office calls
    back and the grid workers sign for requests in the daytime."""
    if 8 <= t.hour < 21:
        return t
    day = t.date() + datetime.timedelta(days=1 if t.hour >= 21 else 0)
    return datetime.datetime.combine(day, datetime.time(8, 30, t.second))


def spread(rng, fast, mid, slow):
    """Seconds: most within FAST, a tail within MID, a few within SLOW
    (each a (low, high) pair)."""
    x = rng.random()
    lo, hi = fast if x < 0.86 else mid if x < 0.97 else slow
    return rng.randint(lo, hi)


def resolve_limits(path):
    """Minutes to resolve per scenario name, from catalogue.csv."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {r["name"]: int(r["resolve"]) for r in csv.DictReader(f) if r["kind"] == "scenario"}


def scenario_stages(rng, limit, door, t0):
    """The stage times of one service order received at T0 that should be
    resolved within LIMIT minutes."""
    sec = datetime.timedelta(seconds=1)
    assigned = t0 + rng.randint(3, 15) * sec
    accepted = assigned + spread(rng, (8, 45), (61, 600), (601, 3600)) * sec
    on_site = accepted + spread(rng, (120, 500), (601, 1500), (1501, 3600)) * sec if door else None
    m = min(limit, 480) * 60
    resolved = t0 + spread(rng, (m * 3 // 10, m * 8 // 10), (m + 60, 2 * m), (2 * m, 4 * m)) * sec
    resolved = max(resolved, (on_site or accepted) + 300 * sec)
    called = daytime(resolved + rng.randint(30, 20 * 60) * 60 * sec)
    return [assigned, accepted, on_site, resolved, called]


def category_stages(rng, t0):
    """The stage times of one 12345 request received at T0 (working days)."""
    h = datetime.timedelta(hours=1)
    accepted = daytime(t0 + rng.randint(1, 20) * h)
    resolved = daytime(accepted + (rng.randint(20, 96) if rng.random() < 0.85 else rng.randint(150, 260)) * h)
    called = daytime(resolved + rng.randint(2, 30) * h)
    return [t0 + datetime.timedelta(minutes=rng.randint(5, 50)), accepted, None, resolved, called]


def compound_codes(path):
    """Compound name -> code, from buildings.csv when it is there (a
    generated city has more compounds than the sample's five)."""
    codes = {"幸福里小区": "XFL", "和平苑": "HPY", "锦绣家园": "JXJY", "翠湖花园": "CHHY",
             "朝阳新村": "CYXC"}
    if os.path.exists(path):
        with open(path, encoding="utf-8-sig", newline="") as f:
            codes.update((r["小区"], r["小区编码"]) for r in csv.DictReader(f))
    return codes


def make_orders(rng, homes, codes, butlers, workers, limits, n):
    """N orders, each a dict, ordered by time received and numbered
    GD<date><seq> within each day."""
    names = [s[0] for s in SCENARIOS for _ in range(s[1])]
    door = {s[0]: s[2] for s in SCENARIOS}
    cats = [c[0] for c in CATEGORIES for _ in range(c[1])]
    orders = []
    for _ in range(n):
        home = rng.choice(homes)
        code = codes[home[0]]
        t0 = received_at(rng)
        o = {"home": home, "received": t0}
        if rng.random() < 0.08:
            o.update(source="12345", scenario=rng.choice(cats), assignee=rng.choice(workers[code]))
            o["stages"] = category_stages(rng, t0)
            o["content"] = rng.choice(CONTENT[o["scenario"]])
        else:
            o.update(source=rng.choice(["热线", "热线", "小程序", "小程序", "小程序", "来访"]),
                     scenario=rng.choice(names), assignee=rng.choice(butlers[code]))
            o["stages"] = scenario_stages(rng, limits[o["scenario"]], door[o["scenario"]], t0)
            o["content"] = o["scenario"]
        o["fate"] = fate(rng, o)
        orders.append(o)
    orders.sort(key=lambda o: o["received"])
    seq = {}
    for o in orders:
        d = o["received"].strftime("%Y%m%d")
        seq[d] = seq.get(d, 0) + 1
        o["number"] = "GD%s%03d" % (d, seq[d])
        if o["source"] == "12345":
            o["platform"] = "JX%s%04d" % (d, 7000 + seq[d])
    return orders


def fate(rng, o):
    """How the order ends: done, reopened, paused, closed, or still open."""
    x = rng.random()
    if o["stages"][4] > END:
        return "open"
    if x < 0.06:
        return "reopened"
    if x < 0.09:
        return "closed"
    if x < 0.11 and o["source"] == "12345":
        return "paused"
    return "done"


def satisfaction(rng, o):
    """满意度 and 评分 of a done order: late ones please less."""
    late = (o["stages"][1] - o["stages"][0]).total_seconds() > 120
    if rng.random() < (0.25 if late else 0.05):
        return "不满意", rng.choice(["2", "3"])
    return "满意", rng.choice(["5", "5", "5", "4"]) if rng.random() < 0.8 else ""


def order_row(rng, o):
    """The row of a done or still-open order in orders.csv."""
    h = o["home"]
    st = list(o["stages"])
    if o["fate"] == "open":
        st = [t if t and t <= END else None for t in st]
        st[3:] = [None, None] if st[4] is None else st[3:]
    sat, rating = satisfaction(rng, o) if st[4] else ("", "")
    return [o["number"], o["source"], o.get("platform", ""), o["scenario"], h[0], h[1], h[2], h[3],
            h[4], h[5], o["content"], fmt(o["received"])] + \
        [fmt(t) if t else "" for t in st] + [sat, rating, o["assignee"]]


def event_rows(rng, o):
    """The event rows of one order in order-events.csv."""
    h, st, who = o["home"], o["stages"], o["assignee"]
    rows = [[o["number"], "受理", fmt(o["received"]), o["source"], o.get("platform", ""), o["scenario"],
             h[0], h[1], h[2], h[3], h[4], h[5], who, OPERATOR, "", "", o["content"]]]

    def ev(name, t, actor, sat="", rating="", note=""):
        if t > END:  # the rest is after the quarter's export
            return
        rows.append([o["number"], name, fmt(t), "", "", "", "", "", "", "", "", "", "", actor, sat, rating, note])

    ev("派单", st[0], OPERATOR)
    ev("接单", st[1], who)
    if o["fate"] == "closed":
        ev("关闭", st[1] + datetime.timedelta(hours=rng.randint(1, 30)), who,
           note=rng.choice(["重复工单", "住户已自行解决", "非本社区事项"]))
        return rows
    if o["fate"] == "paused":
        p = st[1] + datetime.timedelta(hours=2)
        ev("挂起", p, who, note="等待住户回家")
        ev("恢复", p + datetime.timedelta(days=2), who)
        shift = datetime.timedelta(days=2, hours=2)
        st = [t + shift if t and t > p else t for t in st]
    if st[2]:
        ev("到场", st[2], who)
    ev("办结", st[3], who)
    if o["fate"] == "reopened":
        ev("回访", st[4], OPERATOR, "不满意")
        ev("评价", st[4], "", rating=rng.choice(["1", "2"]))
        r = st[4] + datetime.timedelta(minutes=rng.randint(5, 40))
        ev("重办", r, OPERATOR, note=rng.choice(["问题未解决", "仍然漏水", "服务态度差"]))
        a = r + datetime.timedelta(seconds=spread(rng, (10, 50), (61, 300), (301, 900)))
        ev("接单", a, who)
        done = a + datetime.timedelta(minutes=rng.randint(30, 240))
        ev("办结", done, who)
        ev("回访", daytime(done + datetime.timedelta(hours=rng.randint(1, 20))), OPERATOR, "满意")
        return rows
    sat, rating = satisfaction(rng, o)
    ev("回访", st[4], OPERATOR, sat)
    if rating:
        ev("评价", st[4], "", rating=rating)
    return rows


def in_events(o):
    """Whether the order goes to the event export rather than the order one."""
    return o["source"] == "12345" or o["fate"] in ("reopened", "closed", "paused")


def write(path, header, rows, encoding):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator=CRLF)
    buf.write(header + CRLF)
    w.writerows(rows)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(buf.getvalue())


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="Write a quarter of sample service orders.")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--dir", default=here, help="where residents.csv and staff.csv are, and the output goes")
    p.add_argument("--orders", type=int, default=400, help="orders in the quarter (default 400)")
    a = p.parse_args(argv)
    rng = random.Random("shequ:%d:orders" % a.seed)
    homes = households(os.path.join(a.dir, "residents.csv"))
    butlers, workers = staff(os.path.join(a.dir, "staff.csv"))
    limits = resolve_limits(os.path.join(here, "..", "request", "catalogue.csv"))
    codes = compound_codes(os.path.join(a.dir, "buildings.csv"))
    orders = make_orders(rng, homes, codes, butlers, workers, limits, a.orders)
    by_order, by_event = [], []
    for o in orders:
        if in_events(o):
            by_event.extend(event_rows(rng, o))
        else:
            by_order.append(order_row(rng, o))
    write(os.path.join(a.dir, "orders.csv"), ORDER_HEADER, by_order, "utf-8-sig")
    write(os.path.join(a.dir, "order-events.csv"), EVENT_HEADER, by_event, "gb18030")
    print("%d orders: %d rows in orders.csv, %d events of %d orders in order-events.csv"
          % (len(orders), len(by_order), len(by_event), len(orders) - len(by_order)), file=sys.stderr)


if __name__ == "__main__":
    main()
