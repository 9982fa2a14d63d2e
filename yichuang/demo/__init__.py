"""The demo county 清溪县: a fictional county with its centre, three township centres (one a
街道), six village stations, their departments, windows, staff and a catalogue of real items.

`loader.load()` builds it through the services (catalogue versions are created and published
by `catalog.services`, so every item passes the same publish rules as an administrator's):
`org.py` makes the organisation, `catalogue.py` the items, `logins.py` prints the accounts.
The data lives in `county.py` (organisation), `items_*.py` (items by domain) and `bundles.py`.
"""
