//! Tally's dataset types: the public contract of a release.
//!
//! Every type here is serialised with serde and described with schemars; the
//! JSON Schemas in `schema/` are generated from these definitions (see
//! [`schemas`]), so a doc comment here is a field description there. Field
//! names listed in SPEC.md ("The public contract") must not change meaning
//! without a major [`SCHEMA_VERSION`].
//!
//! This crate does no I/O.

pub mod article;
pub mod claim;
pub mod codes;
pub mod common;
pub mod correction;
pub mod dataset;
pub mod diagnostic;
pub mod event;
pub mod schema;
pub mod span_map;

pub use article::*;
pub use claim::*;
pub use common::*;
pub use correction::*;
pub use dataset::*;
pub use diagnostic::*;
pub use event::*;
pub use schema::{committed_schemas, converted_schema, schemas, Converted, NamedSchema, SCHEMA_VERSION};
pub use span_map::SpanMap;
