"""Pure enrichment: plain functions and classes over values. Never imports faust or aiokafka."""
