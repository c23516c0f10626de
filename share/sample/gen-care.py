#!/usr/bin/python3
"""gen-care.py - a deterministic quarter of care visits and services.

Reads residents.csv, buildings.csv and staff.csv beside it (or in --dir) and
writes, for 2026-Q3, what `shequ-care import` reads:

    care-visits.csv    the visits log (探访记录), UTF-8 with BOM, CRLF
    care-services.csv  the home-care station's and the childcare centre's
                       service record, GB18030, CRLF

    python3 share/sample/gen-care.py

Each person of 60 or more is visited at the cadence of share/care/: weekly
when living alone (独居), monthly at 80 or more or with a disability (残疾),
quarterly otherwise; most windows get a visit, some are missed, and about
one person in twelve is never visited.  A few findings ask for follow-up.
Same seed gives byte-identical files.  Python 3 standard library only.
"""

import argparse
import csv
import datetime
import io
import os
import random
import sys

START = datetime.date(2026, 7, 1)
END = datetime.date(2026, 9, 30)
CRLF = "\r\n"
VISITS_HEADER = "日期,身份证号,小区,楼号,单元,房号,姓名,探访人,探访方式,探访情况,需跟进"
SERVICES_HEADER = "服务日期,身份证号,姓名,服务项目,次数,服务机构"
KINDS = [("上门探访", 70), ("电话问候", 25), ("视频探访", 5)]
FINE = ["身体状况良好", "精神状态不错", "生活能自理", "家中整洁", "已提醒按时服药", ""]
FOLLOW = ["热水器损坏", "行动不便需要助浴", "家中电路老化", "药品快用完需代购", "情绪低落需心理疏导",
          "卫生间缺少扶手"]
NEVER = 0.08     # share of people never visited
MISS = 0.04      # share of windows missed by those who are visited
FOLLOW_UP = 0.02  # share of visits whose finding asks for follow-up


def age_on(born, day):
    """Whole years from BORN to DAY, as shequ-care counts them."""
    return (day.year * 10000 + day.month * 100 + day.day - born) // 10000


def people(path):
    """Residents with their address as written, ID, name, birth (YYYYMMDD
    number) and tags."""
    with open(path, encoding="gb18030", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for r in rows:
            yield {"place": r[0:4], "name": r[4], "id": r[5], "born": int(r[5][6:14]),
                   "tags": r[8].split("、") if r[8] else []}


def compound_codes(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {r["小区"]: r["小区编码"] for r in csv.DictReader(f)}


def workers(path):
    """Grid workers (网格员) by compound code."""
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            if r["角色"] == "网格员":
                out.setdefault(r["网格"].split("-")[0], []).append(r["姓名"])
    return out


def cadence(p):
    """'week', 'month', 'quarter' or None, on the quarter's last day."""
    age = age_on(p["born"], END)
    if age < 60:
        return None
    if "独居" in p["tags"]:
        return "week"
    if age >= 80 or "残疾" in p["tags"]:
        return "month"
    return "quarter"


def windows(kind, last):
    """The windows of KIND from START to LAST, clipped to them."""
    if kind == "week":
        first = START - datetime.timedelta(days=START.weekday())
        while first <= last:
            yield max(first, START), min(first + datetime.timedelta(days=6), last)
            first += datetime.timedelta(days=7)
    elif kind == "month":
        for m in (7, 8, 9):
            a = datetime.date(2026, m, 1)
            b = (datetime.date(2026, m + 1, 1) if m < 12 else datetime.date(2027, 1, 1)) - datetime.timedelta(days=1)
            if a <= last:
                yield a, min(b, last)
    else:
        yield START, last


def pick(rng, weighted):
    x = rng.randrange(sum(w for _, w in weighted))
    for v, w in weighted:
        x -= w
        if x < 0:
            return v
    return weighted[-1][0]


def visit_rows(rng, p, visitor, kind, last):
    """The visits of person P."""
    for a, b in windows(kind, last):
        if rng.random() < MISS:
            continue
        day = a + datetime.timedelta(days=rng.randrange((b - a).days + 1))
        follow = rng.random() < FOLLOW_UP
        finding = rng.choice(FOLLOW) if follow else rng.choice(FINE)
        # One visit in ten is written by address and name, without the ID.
        if rng.random() < 0.1:
            who = ["", *p["place"], p["name"]]
        else:
            who = [p["id"], "", "", "", "", ""]
        yield [day.isoformat(), *who, visitor, pick(rng, KINDS), finding, "是" if follow else ""]


def days_of(rng, last, per_month):
    """PER_MONTH random weekdays of each month up to LAST."""
    for m in (7, 8, 9):
        first = datetime.date(2026, m, 1)
        if first > last:
            break
        span = [first + datetime.timedelta(days=i) for i in range(31)]
        span = [d for d in span if d.month == m and d <= last and d.weekday() < 5]
        for d in sorted(rng.sample(span, min(per_month, len(span)))):
            yield d


def service_rows(rng, p, last):
    """The services person P gets: meals, delivery, day care, rehabilitation,
    recreation for some of the elderly, childcare days for some under 3."""
    age = age_on(p["born"], END)
    plan = []
    if age >= 60:
        if rng.random() < 0.10:
            plan.append(("助餐", 4, "居家养老服务站"))
        if age >= 80 and rng.random() < 0.15:
            plan.append(("送餐", 6, "居家养老服务站"))
        if "残疾" in p["tags"] and rng.random() < 0.3:
            plan.append(("康复护理", 4, "居家养老服务站"))
        if rng.random() < 0.04:
            plan.append(("日间托养", 8, "居家养老服务站"))
        if rng.random() < 0.08:
            plan.append(("文化娱乐", 2, "居家养老服务站"))
    elif age_on(p["born"], START) < 3 and rng.random() < 0.5:
        plan.append(("托育", 16, "幸福里托育中心"))
    for service, per_month, provider in plan:
        for d in days_of(rng, last, per_month):
            times = 2 if service == "助餐" and rng.random() < 0.3 else 1
            yield [d.isoformat(), p["id"], p["name"], service, str(times), provider]


def write(path, header, rows, encoding):
    buf = io.StringIO(newline="")
    buf.write(header + CRLF)
    csv.writer(buf, lineterminator=CRLF).writerows(rows)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(buf.getvalue())


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="Write a quarter of sample care visits and services.")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--dir", default=here, help="where the sample's files are, and the output goes")
    p.add_argument("--days", type=int, default=92, help="days from 2026-07-01 (default 92: the quarter)")
    a = p.parse_args(argv)
    last = START + datetime.timedelta(days=a.days - 1)
    vrng = random.Random("shequ:%d:care-visits" % a.seed)
    srng = random.Random("shequ:%d:care-services" % a.seed)
    codes = compound_codes(os.path.join(a.dir, "buildings.csv"))
    staff = workers(os.path.join(a.dir, "staff.csv"))
    visits, services, never, counted = [], [], 0, 0
    for person in people(os.path.join(a.dir, "residents.csv")):
        kind = cadence(person)
        if kind:
            counted += 1
            team = staff.get(codes.get(person["place"][0]), ["社区工作人员"])
            # A building is the round of one of the compound's grid workers.
            visitor = team[sum(map(ord, person["place"][1])) % len(team)]
            if vrng.random() < NEVER:
                never += 1
            else:
                visits.extend(visit_rows(vrng, person, visitor, kind, last))
        services.extend(service_rows(srng, person, last))
    visits.sort(key=lambda r: r[0])
    services.sort(key=lambda r: r[0])
    write(os.path.join(a.dir, "care-visits.csv"), VISITS_HEADER, visits, "utf-8-sig")
    write(os.path.join(a.dir, "care-services.csv"), SERVICES_HEADER, services, "gb18030")
    print("%d people of 60 or more, %d never visited: %d visits; %d service rows"
          % (counted, never, len(visits), len(services)), file=sys.stderr)


if __name__ == "__main__":
    main()
