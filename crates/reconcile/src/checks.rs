//! The consistency checks as reconciliation holds them: each check's
//! summed events are a run of one receiver's dated events, kept once and
//! shared, not copied into every check. A long archive's cumulative figures
//! each cover most of the events before them, so copied lists would grow
//! with the square of the corpus; a check is made whole ([`Checks::get`])
//! only as it is written.

use tally_model::Check;

/// Every check of a release, in order, with the events each sums.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    /// The checks, their `events` left empty (see `runs`).
    checks: Vec<Check>,
    /// Per check: which list of event ids it sums, from where to where.
    runs: Vec<(usize, usize, usize)>,
    /// Lists of event ids, shared by the checks whose runs are in them.
    lists: Vec<Vec<String>>,
}

impl Checks {
    /// An empty set, to which [`Checks::push_list`] and [`Checks::push`] add.
    pub fn new() -> Self {
        Checks::default()
    }

    /// Adds a list of event ids that checks may sum runs of; its number.
    pub fn push_list(&mut self, ids: Vec<String>) -> usize {
        self.lists.push(ids);
        self.lists.len() - 1
    }

    /// Adds a check summing the events `range` of list `list`; `check`'s own
    /// `events` are ignored.
    pub fn push(&mut self, mut check: Check, list: usize, range: std::ops::Range<usize>) {
        check.events = Vec::new();
        self.checks.push(check);
        self.runs.push((list, range.start, range.end));
    }

    pub fn len(&self) -> usize {
        self.checks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// The ids of the events check `k` sums.
    pub fn events_of(&self, k: usize) -> &[String] {
        let Some(&(list, lo, hi)) = self.runs.get(k) else { return &[] };
        self.lists.get(list).and_then(|ids| ids.get(lo..hi)).unwrap_or(&[])
    }

    /// Check `k` whole, with the ids of the events it sums.
    pub fn get(&self, k: usize) -> Option<Check> {
        let mut check = self.checks.get(k)?.clone();
        check.events = self.events_of(k).to_vec();
        Some(check)
    }

    /// Every check whole, one at a time.
    pub fn iter(&self) -> impl Iterator<Item = Check> + '_ {
        (0..self.len()).filter_map(|k| self.get(k))
    }
}

/// Checks given whole, each its own list (tests, and stages that make
/// checks some other way).
impl From<Vec<Check>> for Checks {
    fn from(checks: Vec<Check>) -> Self {
        let mut out = Checks::new();
        for mut check in checks {
            let ids = std::mem::take(&mut check.events);
            let len = ids.len();
            let list = out.push_list(ids);
            out.push(check, list, 0..len);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tally_model::{Qualifier, Verdict};

    fn check(n: u64, events: &[&str]) -> Check {
        Check {
            id: format!("k-{n}"),
            claim: format!("c-{n}"),
            article: "a".into(),
            statement: String::new(),
            stated: n,
            qualifier: Qualifier::Exact,
            computed: n,
            events: events.iter().map(|e| e.to_string()).collect(),
            verdict: Verdict::Consistent,
            note: String::new(),
        }
    }

    #[test]
    fn runs_of_a_shared_list_give_each_check_its_own_events() {
        let mut checks = Checks::new();
        let list = checks.push_list(vec!["e-1".into(), "e-2".into(), "e-3".into()]);
        checks.push(check(1, &["ignored"]), list, 0..2);
        checks.push(check(2, &[]), list, 1..3);
        assert_eq!(checks.len(), 2);
        assert_eq!(checks.get(0), Some(check(1, &["e-1", "e-2"])));
        assert_eq!(checks.get(1), Some(check(2, &["e-2", "e-3"])));
        assert_eq!(checks.get(2), None);
        let whole = vec![check(3, &["e-9"]), check(4, &[])];
        assert_eq!(Checks::from(whole.clone()).iter().collect::<Vec<_>>(), whole);
    }
}
