//! `missing-acknowledgment`: a reply to an upset customer that never names
//! how they feel or what the problem cost them (catalogue v2).
//!
//! Needs code because it is a judgment about the whole draft and its context.
//! It fires when three things hold: the draft answers a problem (the same
//! judgment as `missing-apology`, [`needs_problem_reply`]); no phrase of the
//! pack's `acknowledgment` list appears outside quotations ("I can see how
//! frustrating...", "must have been upsetting"); and the draft model's
//! `missing-acknowledgment` head, trained on labeled replies, reads no
//! acknowledgment in the draft's own words. Without a built-in model, the
//! first two decide.
//!
//! Limits: an acknowledgment of the wrong feeling still counts; a bare
//! "sorry for the inconvenience" never does (the catalogue's convention).

use super::{CodeRule, Lists, complaint_rules, draft_finding, lacks};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::matcher::ListId;
use crate::pack::RuleIdx;

struct MissingAcknowledgment {
    implies: Vec<RuleIdx>,
    acknowledgment: ListId,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(MissingAcknowledgment {
        implies: complaint_rules(l),
        acknowledgment: l.get("acknowledgment")?,
    }))
}

impl CodeRule for MissingAcknowledgment {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, found: &[Finding], out: &mut Vec<Finding>) {
        if !lacks(
            a,
            found,
            &self.implies,
            self.acknowledgment,
            "missing-acknowledgment",
        ) {
            return;
        }
        out.push(draft_finding(a, rule));
    }

    fn draft_level(&self) -> bool {
        true
    }
}
