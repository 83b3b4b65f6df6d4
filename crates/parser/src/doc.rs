//! The document being normalised: raw blocks and what each has become (body,
//! metadata, or removed boilerplate with its rule).

use std::cell::{Cell, OnceCell};

use crate::blocks::RawBlock;
use crate::headline;
use crate::stamps::{self, Stamp};
use crate::text;

/// How far [`Doc::words`] counts: one past the largest word bound the
/// chrome passes read (60).
pub const WORDS_COUNTED: usize = 61;

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
    /// What the costlier tests of a block's text said, once asked: the
    /// header, the headline and the chrome passes ask of the same blocks
    /// (a block's text does not change once the document is made).
    facts: Vec<Facts>,
}

/// A block's [`headline::is_lead`], [`headline::is_caption_like`],
/// [`stamps::read`] and word count (up to [`WORDS_COUNTED`]), once known.
#[derive(Debug, Default, Clone)]
struct Facts {
    words: Cell<Option<usize>>,
    lead: Cell<Option<bool>>,
    caption: Cell<Option<bool>>,
    stamp: OnceCell<Option<Stamp>>,
}

/// The value in `cell`, computed by `f` the first time.
fn once<T: Copy>(cell: &Cell<Option<T>>, f: impl FnOnce() -> T) -> T {
    if let Some(known) = cell.get() {
        return known;
    }
    let value = f();
    cell.set(Some(value));
    value
}

impl Doc {
    pub fn new(blocks: Vec<RawBlock>) -> Self {
        let roles = vec![Role::Body; blocks.len()];
        let facts = vec![Facts::default(); blocks.len()];
        Doc { blocks, roles, facts }
    }
    /// [`text::words_up_to`]`(text, WORDS_COUNTED)` of block `i`'s text: its
    /// words as `split_whitespace` counts them, counted no further than
    /// the largest bound the chrome passes read (trimming the text changes
    /// no count).
    pub fn words(&self, i: usize) -> usize {
        once(&self.facts[i].words, || text::words_up_to(&self.blocks[i].text, WORDS_COUNTED))
    }
    /// [`headline::is_lead`] of block `i`'s text.
    pub fn is_lead(&self, i: usize) -> bool {
        once(&self.facts[i].lead, || {
            headline::is_lead_given(
                &self.blocks[i].text,
                || self.is_caption_like(i),
                || self.stamp(i).is_some(),
            )
        })
    }
    /// [`headline::is_caption_like`] of block `i`'s text.
    pub fn is_caption_like(&self, i: usize) -> bool {
        once(&self.facts[i].caption, || headline::is_caption_like(&self.blocks[i].text))
    }
    /// [`stamps::read`] of block `i`'s text (the header, the headline and
    /// the lead tests read the same blocks as stamps).
    pub fn stamp(&self, i: usize) -> Option<&Stamp> {
        self.facts[i].stamp.get_or_init(|| stamps::read(&self.blocks[i].text)).as_ref()
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
