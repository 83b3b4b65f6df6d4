//! Validates JSON and JSON Lines files against the published schemas (issue #2).
