//! The build pipeline and release publishing (issue #2).
