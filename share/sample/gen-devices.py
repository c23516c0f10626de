#!/usr/bin/python3
"""gen-devices.py - deterministic devices, a week of readings and events.

Reads residents.csv and buildings.csv beside it (or in --dir) and writes
what `shequ-alert import` reads:

    devices.csv        a water meter and a call button in the home of every
                       resident of 60 or more tagged 独居 (living alone),
                       manhole covers, falling-object cameras and lamp posts
                       at the buildings (UTF-8 with BOM)
    readings.csv       hourly cumulative readings of every meter for the
                       week 2026-07-25 to 2026-07-31, with planted anomalies:
                       a day without water, a tap left running, a meter gone
                       silent, a reset and a late reading (UTF-8)
    device-events.csv  button presses, a cover tilted by a passing car and
                       one tilted for good, a missing cover, a lamp fault
                       and a falling object (GB18030)

    python3 share/sample/gen-devices.py

Same seed gives byte-identical files.  Python 3 standard library only.
"""

import argparse
import csv
import datetime
import io
import os
import random

START = datetime.datetime(2026, 7, 25)
HOURS = 7 * 24
CRLF = "\r\n"


def read_csv(path):
    """The rows of a sample CSV (GB18030 or UTF-8 with BOM) as dicts."""
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.DictReader(io.StringIO(raw.decode(enc))))
        except UnicodeDecodeError:
            continue
    raise SystemExit("%s: neither UTF-8 nor GB18030" % path)


def watched(residents):
    """The residents of 60 or more living alone, in file order."""
    out = []
    for r in residents:
        idn = r["身份证号"]
        if "独居" in r.get("人员标签", "") and len(idn) == 18 and int(idn[6:10]) <= 1966:
            out.append(r)
    return out


def write(path, header, rows, encoding):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator=CRLF if encoding != "utf-8" else "\n")
        w.writerow(header)
        w.writerows(rows)


def devices(people, buildings):
    """The register: two devices per watched resident, sensors at buildings."""
    rows = []
    for i, r in enumerate(people, 1):
        place = [r["小区"], r["楼号"], r["单元"], r["房号"]]
        contact = "%s家属" % r["姓名"][0]
        phone = "139%08d" % (10000000 + i)
        rows.append(["SB%04d" % i, "智能水表"] + place + ["", "", r["身份证号"], contact, phone, "2026-07-01"])
        rows.append(["AN%04d" % i, "一键呼叫"] + place + ["", "", r["身份证号"], contact, phone, "2026-07-01"])
    for i, b in enumerate(buildings[::4], 1):
        rows.append(["JG%03d" % i, "智慧井盖", b["小区"], b["楼号"], "", "", "", "", "", "", "", "2026-07-01"])
    for i, b in enumerate(buildings[::6], 1):
        rows.append(["LD%03d" % i, "智慧灯杆", b["小区"], b["楼号"], "", "", "", "", "", "", "", "2026-07-01"])
    for i, b in enumerate(buildings[::10], 1):
        rows.append(["GK%03d" % i, "高空抛物预警", b["小区"], b["楼号"], "", "", "", "", "", "", "", "2026-07-01"])
    return rows


def meter_rows(rng, n):
    """Hourly readings of N meters; the anomalies on the first four."""
    rows, late = [], None
    for i in range(1, n + 1):
        litres = rng.randint(20000, 90000)
        for h in range(HOURS):
            t = START + datetime.timedelta(hours=h)
            day, hour = h // 24, t.hour
            if i == 3 and day >= 5:
                break  # a meter gone silent on the 30th
            if i == 1 and day == 3:
                use = 0  # nobody used water on the 28th
            elif i == 2 and day == 4:
                use = 60  # a tap left running all the 29th
            elif 6 <= hour < 22:
                use = rng.randint(5, 15)
            else:
                use = 0
            litres += use
            reset = ""
            if i == 4 and h == 100:
                litres, reset = 5, "1"  # the meter was replaced
            row = ["SB%04d" % i, t.strftime("%Y-%m-%d %H:%M"), "%.3f" % (litres / 1000), reset]
            if i == 5 and h == 50:
                late = row  # sent again later, out of order
                continue
            rows.append(row)
    if late:
        rows.append(late)
    return rows


def event_rows(rng, people, covers, lamps, cams):
    """The week's events."""
    rows = []
    for k in range(3):
        who = rng.randint(1, max(1, len(people)))
        t = START + datetime.timedelta(days=rng.randint(0, 6), minutes=rng.randint(0, 1439))
        rows.append(["AN%04d" % who, t.strftime("%Y-%m-%d %H:%M"), "press", "", ""])
    if covers:
        rows.append(["JG001", "2026-07-26 08:14", "tilt", "14.5", "0.8"])  # a passing car
        rows.append(["JG001", "2026-07-27 23:40", "tilt", "18", "600"])
        rows.append(["JG001", "2026-07-28 02:10", "level", "0.5", ""])
    if len(covers) > 1:
        rows.append(["JG002", "2026-07-29 06:05", "missing", "", ""])
    if lamps:
        rows.append(["LD001", "2026-07-30 19:30", "fault", "", ""])
    if cams:
        rows.append(["GK001", "2026-07-31 15:02", "object", "", ""])
    rows.sort(key=lambda r: r[1])
    return rows


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="devices, readings and events for the sample")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--dir", default=here, help="where residents.csv is and the files go")
    a = p.parse_args(argv)
    rng = random.Random(a.seed)
    people = watched(read_csv(os.path.join(a.dir, "residents.csv")))
    buildings = read_csv(os.path.join(a.dir, "buildings.csv"))
    reg = devices(people, buildings)
    write(os.path.join(a.dir, "devices.csv"),
          ["设备编号", "设备类型", "小区", "楼号", "单元", "房号", "x", "y", "被看护人身份证号",
           "紧急联系人", "紧急联系电话", "安装日期"], reg, "utf-8-sig")
    write(os.path.join(a.dir, "readings.csv"), ["设备编号", "时间", "读数", "重置"],
          meter_rows(rng, len(people)), "utf-8")
    kinds = {}
    for r in reg:
        kinds.setdefault(r[1], []).append(r[0])
    write(os.path.join(a.dir, "device-events.csv"), ["设备编号", "时间", "事件", "值", "持续秒数"],
          event_rows(rng, people, kinds.get("智慧井盖", []), kinds.get("智慧灯杆", []),
                     kinds.get("高空抛物预警", [])), "gb18030")


if __name__ == "__main__":
    main()
