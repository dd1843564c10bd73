"""Privacy: identifiers in case notes, the audit log, retention."""
