"""A local single-node Apache Kafka (KRaft, broker+controller in one JVM) for laptops, tests
and CI: `newsstream kafka start|stop|status`."""
