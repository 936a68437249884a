"""Evaluation harnesses: each module has `main(argv) -> int`, run as `newsstream eval NAME ...`."""
