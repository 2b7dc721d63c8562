"""The shop's written policy (policies.yml): schema, loading and per-market lookup."""
