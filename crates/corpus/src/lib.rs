//! Finds and reads corpus files safely (issue #5).
