//! `no-next-step`: a reply to a problem that never says what happens next
//! (catalogue v2).
//!
//! Needs code because it is about what the whole draft lacks. It fires when
//! the draft answers a problem (the judgment `missing-apology` uses,
//! [`needs_problem_reply`]), holds no phrase of the pack's `concrete-step`
//! list outside quotations ("I've refunded", "a replacement is on its way"),
//! and the draft model's `no-next-step` head, trained on labeled replies,
//! reads no concrete step in it ("we'll look into it" and "we'll pass it on"
//! are vague promises, the rule's core). Without a built-in model, the first
//! two decide.
//!
//! Limits: a step promised for the wrong problem still counts.

use super::{CodeRule, Lists, complaint_rules, draft_finding, lacks};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::matcher::ListId;
use crate::pack::RuleIdx;

struct NoNextStep {
    implies: Vec<RuleIdx>,
    concrete_step: ListId,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(NoNextStep {
        implies: complaint_rules(l),
        concrete_step: l.get("concrete-step")?,
    }))
}

impl CodeRule for NoNextStep {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, found: &[Finding], out: &mut Vec<Finding>) {
        if !lacks(a, found, &self.implies, self.concrete_step, "no-next-step") {
            return;
        }
        out.push(draft_finding(a, rule));
    }

    fn draft_level(&self) -> bool {
        true
    }
}
