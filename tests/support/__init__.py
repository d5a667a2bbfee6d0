"""Test support: a table model of an annual report, hypothesis strategies that build valid
models, and renderers that write a model as a full report in each supported input format."""
