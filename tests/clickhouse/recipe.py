"""Runs docs/pipeline.md's ClickHouse statements as written, in chDB.

usage: python recipe.py DOCS_PAGE DATA_DIR
DATA_DIR holds enriched.json, diagnoses.ndjson and catalog.csv. Every ```sql
block of the page's ClickHouse section is run in order, one statement at a
time; the result rows of the two queries (the last two blocks) are printed as
one JSON object: {"per_hour": [...], "with_catalog": [...]}.
"""
import json
import os
import sys
import tempfile

from chdb import session


def statements(block):
    return [s.strip() for s in block.split(";") if s.strip()]


def main():
    page, data = sys.argv[1], sys.argv[2]
    text = open(page, encoding="utf-8").read()
    section = text[text.index("## The fleet's store: ClickHouse"):]
    blocks = [part.split("```", 1)[0] for part in section.split("```sql\n")[1:]]
    *setup, per_hour, with_catalog = blocks
    os.chdir(data)  # FROM INFILE reads relative to the client's directory
    with tempfile.TemporaryDirectory() as db:
        store = session.Session(db)
        for block in setup:
            for statement in statements(block):
                store.query(statement)
        results = {}
        for name, block in (("per_hour", per_hour), ("with_catalog", with_catalog)):
            (query,) = statements(block)
            rows = str(store.query(query, "JSONEachRow")).splitlines()
            results[name] = [json.loads(row) for row in rows if row.strip()]
        store.close()
    print(json.dumps(results))


main()
