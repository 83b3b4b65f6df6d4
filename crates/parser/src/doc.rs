//! The document being normalised: raw blocks and what each has become (body,
//! metadata, or removed boilerplate with its rule).

use crate::blocks::RawBlock;

/// What a raw block has become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Still part of the body.
    Body,
    /// Taken out of the body; the rule that took it is recorded in `removed`.
    Removed(&'static str),
}

/// Raw blocks with their roles.
#[derive(Debug)]
pub struct Doc {
    pub blocks: Vec<RawBlock>,
    pub roles: Vec<Role>,
}

impl Doc {
    pub fn new(blocks: Vec<RawBlock>) -> Self {
        let roles = vec![Role::Body; blocks.len()];
        Doc { blocks, roles }
    }
    pub fn is_body(&self, i: usize) -> bool {
        self.roles.get(i) == Some(&Role::Body)
    }
    pub fn remove(&mut self, i: usize, rule: &'static str) {
        if self.is_body(i) {
            self.roles[i] = Role::Removed(rule);
        }
    }
    /// Indices of blocks still in the body.
    pub fn body_indices(&self) -> Vec<usize> {
        (0..self.blocks.len()).filter(|&i| self.is_body(i)).collect()
    }
}
