"""The provincial catalogue exchange (issue 17 §4): a documented format (docs/catalog-exchange.md),
read from JSON or Excel into the same records (`reading`), checked and compared with what the
database holds by a fingerprint per implementation (`planning`), and written in one transaction
(`writing`); `importer` runs the three."""
