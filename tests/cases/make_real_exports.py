#!/usr/bin/env python3
"""make_real_exports.py: writes the input files of the "real export" cases
(UTF-16, ZIP, ';' and TAB separators, "sep=" lines, query-engine header
names). Run once from tests/cases/ (python3 make_real_exports.py); the
outputs are committed, so the test run needs no Python. The expect files
are written by hand, with totals computed by hand.

Layouts modelled on (see each folder's SOURCE):
- Excel "Unicode Text": UTF-16LE with BOM FF FE, TAB-separated, CRLF
  (herongyang.com "Saving Files in Unicode Text", SAP wiki "Excel files -
  CSV format"); Excel "CSV UTF-8" in a ';' locale: BOM, ';', decimal commas,
  optional "sep=;" first line.
- AWS legacy CUR delivered with Compression ZIP (aws-cli example
  put-report-definition: "Compression": "ZIP"), one CSV per archive.
- Athena / Snowflake / BigQuery header spellings: lowercase (Athena DDL of
  the billing table), upper snake case (Snowflake CUR 2.0 table).
- macOS Archive Utility zips: a folder entry, __MACOSX/._NAME, .DS_Store.
"""
import csv
import io
import os
import subprocess
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 10, 2, 9, 30, 0)  # fixed, so the archives are reproducible

FOCUS_HEADER = ["BilledCost", "BillingAccountId", "BillingCurrency", "ChargeCategory",
                "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity",
                "ConsumedUnit", "EffectiveCost", "ListCost", "ProviderName", "RegionId",
                "RegionName", "ResourceId", "ServiceCategory", "ServiceName", "SubAccountId",
                "Tags"]
FOCUS_ROWS = [
    ["12.5", "111122223333", "USD", "Usage", "Usage-Based", "2024-09-18T23:00:00Z",
     "2024-09-18T22:00:00Z", "1", "Hours", "12.5", "15", "Microsoft", "westeurope",
     "West Europe", "vm-1", "Compute", "Virtual Machines", "sub-1", '{"env":"prod"}'],
    ["3.25", "111122223333", "USD", "Usage", "Usage-Based", "2024-09-19T00:00:00Z",
     "2024-09-18T00:00:00Z", "130", "GB-Mo", "3.25", "3.25", "Microsoft", "",
     "Suisse Nord (Zürich)", "st-1", "Storage", "Storage", "sub-1",
     '{"team":"données \U0001F680"}'],
    ["0.0375", "111122223333", "USD", "Usage", "Usage-Based", "2024-09-19T00:00:00Z",
     "2024-09-18T00:00:00Z", "0.5", "GB", "0.0375", "0.04", "Microsoft", "westeurope",
     "West Europe", "", "Networking", "Bandwidth", "sub-1", ""],
]


def path(*parts):
    p = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def csv_text(header, rows, delim=",", crlf=False):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delim, lineterminator="\r\n" if crlf else "\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def read_csv(rel):
    with open(path(rel), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(rel, data):
    with open(path(rel), "wb") as f:
        f.write(data)


def zip_write(rel, entries):
    """entries: (name, bytes or None for a folder)."""
    with zipfile.ZipFile(path(rel), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STAMP)
            if data is None:
                info.external_attr = 0o40755 << 16 | 0x10
                z.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                z.writestr(info, data)


def decimal_comma(row):
    return [v.replace(".", ",") if v.replace(".", "", 1).isdigit() else v for v in row]


def main():
    plain = csv_text(FOCUS_HEADER, FOCUS_ROWS)
    # Excel "Unicode Text": UTF-16LE, BOM, TAB, CRLF.
    tab = csv_text(FOCUS_HEADER, FOCUS_ROWS, "\t", crlf=True)
    write("focus/utf16-tab/input.txt", b"\xff\xfe" + tab.encode("utf-16-le"))
    write("focus/utf16be/input.txt", b"\xfe\xff" + tab.encode("utf-16-be"))
    # Excel "CSV UTF-8" in a German/French locale: BOM, ';', decimal commas;
    # one amount with a thousands point, which must be refused.
    semi_rows = [decimal_comma(r) for r in FOCUS_ROWS]
    bad = list(semi_rows[0])
    bad[0] = "1.234,50"
    semi = csv_text(FOCUS_HEADER, semi_rows + [bad], ";", crlf=True)
    write("focus/semicolon/input.csv", b"\xef\xbb\xbf" + semi.encode("utf-8"))
    # The same with Excel's "sep=;" directive line first.
    semi = csv_text(FOCUS_HEADER, semi_rows, ";", crlf=True)
    write("focus/sep-line/input.csv", ("sep=;\r\n" + semi).encode("utf-8"))
    # Athena lower-cases every column name.
    write("focus/lowercase-header/input.csv",
          csv_text([h.lower() for h in FOCUS_HEADER], FOCUS_ROWS).encode("utf-8"))
    # Snowflake / BigQuery: BILLED_COST, CHARGE_PERIOD_START.
    snake = ["".join("_" + c if c.isupper() and i else c for i, c in enumerate(h)).upper()
             for h in FOCUS_HEADER]
    write("focus/upper-snake-header/input.csv", csv_text(snake, FOCUS_ROWS).encode("utf-8"))
    # ZIP: one CSV; then the error cases.
    zip_write("focus/zip/input.csv.zip", [("focus-2024-09.csv", plain.encode("utf-8"))])
    zip_write("focus/zip-two-files/input.zip",
              [("export/", None), ("export/part-1.csv", plain.encode("utf-8")),
               ("export/part-2.csv", plain.encode("utf-8"))])
    zip_write("focus/zip-only-folders/input.zip",
              [("export/", None), ("__MACOSX/export/._part-1.csv", b"\0\5\26\7"),
               ("export/.DS_Store", b"\0\0\0\1Bud1")])
    zip_write("focus/zip-xlsx/input.xlsx",
              [("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
               ("xl/workbook.xml", b'<?xml version="1.0"?><workbook/>')])
    enc = path("focus/zip-encrypted/input.zip")
    if os.path.exists(enc):
        os.remove(enc)
    src = path("focus/zip-encrypted/focus.csv")
    with open(src, "w", encoding="utf-8") as f:
        f.write(plain)
    subprocess.run(["zip", "-q", "-j", "-P", "secret", enc, src], check=True)
    os.remove(src)
    # UTF-16 with a lone high surrogate on line 3 (a damaged file).
    broken = tab.encode("utf-16-le")
    cut = broken.index("Suisse".encode("utf-16-le"))
    write("focus/utf16-lone-surrogate/input.txt",
          b"\xff\xfe" + broken[:cut] + b"\x3d\xd8" + broken[cut:])
    # A ';' file that is no bill format (a bank statement).
    write("focus/semicolon-unknown/input.csv",
          "Buchungstag;Verwendungszweck;Betrag\r\n02.09.2024;Cloud;-12,50\r\n".encode("utf-8"))
    # AWS legacy CUR as delivered with ZIP compression.
    cur = open(path("aws-cur/legacy-basic/input.csv"), "rb").read()
    zip_write("aws-cur/zip/input.csv.zip", [("myreport-00001.csv", cur)])
    # CUR 2.0 from a Snowflake table: the header upper-cased.
    rows = read_csv("aws-cur/cur2-basic/input.csv")
    write("aws-cur/uppercase-snake/input.csv",
          csv_text([h.upper() for h in rows[0]], rows[1:]).encode("utf-8"))
    # A Tencent Cloud console bill opened in Excel and saved as Unicode Text.
    rows = read_csv("tencent-bill/zh-basic/input.csv")
    tab = csv_text(rows[0], rows[1:], "\t", crlf=True)
    write("tencent-bill/utf16/input.txt", b"\xff\xfe" + tab.encode("utf-16-le"))
    # The same bill zipped by macOS Archive Utility.
    zh = open(path("tencent-bill/zh-basic/input.csv"), "rb").read()
    zip_write("tencent-bill/zip-macos/input.zip",
              [("bill/", None), ("bill/账单明细-2024-09.csv", zh),
               ("__MACOSX/", None), ("__MACOSX/bill/", None),
               ("__MACOSX/bill/._账单明细-2024-09.csv", b"\0\5\26\7\0\2\0\0Mac OS X"),
               ("bill/.DS_Store", b"\0\0\0\1Bud1")])


if __name__ == "__main__":
    main()
