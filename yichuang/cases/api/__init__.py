"""The cases REST API (issue 3 §9): applicants, intake, case reads and one endpoint per
service action, all behind session authentication, `Idempotency-Key` on every write and
structured errors. `views` holds intake and reads, `actions` the action endpoints,
`serializers` the inputs, `representations` the answers."""
