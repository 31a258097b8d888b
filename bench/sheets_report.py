"""Reads the local Sheets server's /_stats and /_rows after bench/sheets.sh and prints one row of its
results table; the Sales tab's order ids are compared with the order of arrival (a CSV of order ids)."""
import csv
import json
import sys
import urllib.request

server, burst, arrival_csv = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(arrival_csv, newline="") as f:
    arrival = [int(row[0]) for row in list(csv.reader(f))[1:]]
stats = json.load(urllib.request.urlopen(server + "/_stats"))
sales = json.load(urllib.request.urlopen(server + "/_rows?spreadsheetId=bench&tab=Sales"))
orders = [int(row[1]) for row in sales]
ok = stats["appendRequestsByStatus"].get("200", 0)
refused = sum(count for status, count in stats["appendRequestsByStatus"].items() if status != "200")
tabs = stats["tabs"]
order = "in arrival order" if orders == arrival else "NOT in arrival order"
print(f"| {burst} | {tabs.get('bench/Sales', 0)} + {tabs.get('bench/Events', 0)} | {ok} | {stats['rows'] / max(ok, 1):.0f}"
      f" | {stats['maxAppendsInAnyMinute']} | {refused} | {len(set(orders))} distinct sales, {order} |")
