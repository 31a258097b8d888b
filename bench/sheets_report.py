"""Reads the local Sheets server's /_stats and /_rows after bench/sheets.sh and prints one row of a results table.

  sheets_report.py sales SERVER BURST ARRIVAL_CSV
      the sales burst: the Sales tab's order ids (below its header) compared with the journal's order
  sheets_report.py upserts SERVER EVENTS CONTACTS SINCE BURST
      the contact events burst: the calls since SINCE, and the Contacts tab: one row per contact, each with
      the tags its events leave ("T4, T5, T1")
"""
import csv
import json
import sys
import urllib.request


def get(server, path):
    return json.load(urllib.request.urlopen(server + path))


def sales(server, burst, arrival_csv):
    with open(arrival_csv, newline="") as f:
        arrival = [int(row[0]) for row in list(csv.reader(f))[1:]]
    stats = get(server, "/_stats")
    rows = get(server, "/_rows?spreadsheetId=bench&tab=Sales")[1:]
    orders = [int(row[1]) for row in rows]
    ok = stats["writeCallsByStatus"].get("200", 0)
    refused = sum(count for status, count in stats["writeCallsByStatus"].items() if status != "200")
    tabs = stats["tabs"]
    order = "in journal order" if orders == arrival else "NOT in journal order"
    written = stats["appendedRows"] + stats["updatedRows"]
    print(f"| {burst} | {tabs.get('bench/Sales', 1) - 1} + {tabs.get('bench/Events', 1) - 1} | {ok}"
          f" | {written / max(ok, 1):.0f} | {stats['maxWritesInAnyMinute']} | {refused}"
          f" | {len(set(orders))} distinct sales, {order} |")


def upserts(server, events, contacts, since, burst):
    stats = get(server, "/_stats?since=" + urllib.request.quote(since))
    rows = get(server, "/_rows?spreadsheetId=bench&tab=Contacts")
    header, body = rows[0], rows[1:]
    ids = [row[header.index("contact_id")] for row in body]
    tags = header.index("tags")
    right = sum(1 for row in body if len(row) > tags and row[tags] == "T4, T5, T1")
    ok = stats["writeCallsByStatus"].get("200", 0)
    refused = sum(count for status, count in stats["writeCallsByStatus"].items() if status != "200")
    written = stats["appendedRows"] + stats["updatedRows"]
    events_rows = get(server, "/_stats")["tabs"].get("bench/Events", 1) - 1 - burst
    check = (f"{len(set(ids))} distinct contacts in {len(body)} rows, {right} with their current tags"
             + ("" if len(body) == contacts == len(set(ids)) == right else " (EXPECTED " + str(contacts) + ")"))
    print(f"| {events} | {len(body)} | {events_rows} | {ok} | {written / max(ok, 1):.0f}"
          f" ({stats['appendedRows']} appended, {stats['updatedRows']} updated)"
          f" | {stats['maxWritesInAnyMinute']} | {refused} | {stats['readCalls']} | {check} |")


if sys.argv[1] == "sales":
    sales(sys.argv[2], int(sys.argv[3]), sys.argv[4])
else:
    upserts(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]))
