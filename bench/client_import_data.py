"""Data for bench/client-import.sh: N clients as the import template's XLSX, and the same
clients as one plain multi-row INSERT (organisations + the firm's records) for the
reference. Every client valid, with address, e-mail and phone, numbered from a prefix so
runs do not update each other's clients.

    python client_import_data.py <rows> <prefix> <firm uuid> <out.xlsx> <out.sql>
"""
import sys
import uuid

import xlsxwriter

rows, prefix, firm, xlsx_path, sql_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
header = ["Relatienummer", "Naam", "KvK-nummer", "Btw-nummer", "Straat", "Huisnummer", "Postcode", "Plaats",
          "Land", "E-mailadres", "Telefoon", "Contactpersoon"]


def client(i):
    coc = f"{(hash((prefix, i)) % 90000000) + 10000000}"
    return [f"{prefix}-{i:05d}", f"Bedrijf {prefix} {i}", coc, f"NL{coc}0B01", "Dorpsstraat", str(i % 300 + 1),
            "3511 AX", "Utrecht", "NL", f"info{i}@{prefix.lower()}.example", "030 123 4567", "Jan de Vries"]


book = xlsxwriter.Workbook(xlsx_path)
sheet = book.add_worksheet()
text = book.add_format({"num_format": "@"})
sheet.write_row(0, 0, header)
clients = [client(i) for i in range(rows)]
for r, values in enumerate(clients, start=1):
    sheet.write_row(r, 0, values, text)
book.close()

with open(sql_path, "w") as out:
    orgs, records = [], []
    for values in clients:
        org = uuid.uuid4()
        name = values[1].replace("'", "''")
        orgs.append(f"('{org}','client','{name}','{values[2]}','{values[3]}','{firm}','{name.lower()}',now(),now(),1)")
        records.append(f"('{org}','{firm}','{values[0]}','{values[0].lower()}','{values[4]}','{values[5]}','{values[6]}',"
                       f"'{values[7]}','NL','{values[9]}','+31301234567','{values[11]}',now())")
    out.write("BEGIN;\n")
    out.write("INSERT INTO organisations (id, kind, name, coc_number, vat_number, managing_partner_id, search_text, "
              "created_at, updated_at, version) VALUES\n" + ",\n".join(orgs) + ";\n")
    out.write("INSERT INTO client_records (client_id, partner_id, external_id, external_key, street, house_number, "
              "postcode, city, country, email, phone, contact_name, updated_at) VALUES\n" + ",\n".join(records) + ";\n")
    out.write("COMMIT;\n")
