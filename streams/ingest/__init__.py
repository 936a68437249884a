"""Feed ingestion: RSS, Atom and JSON Feed items published to `articles.raw`.

Pure modules (sources, feeds, jsonfeed, mapping, policy, robots, state) hold the decisions and
are unit-tested as plain functions; `fetch` is the one HTTP client, `poller` runs a polling
round, and `agents` / `command` wire it into the faust worker or the standalone command.
"""
