"""The checks: schema, references, policy and prose; each finding has its exact location."""
