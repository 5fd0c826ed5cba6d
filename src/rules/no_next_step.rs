//! `no-next-step`: a reply to a problem that never says what happens next
//! (catalogue v2).
//!
//! Needs code because it is about what the whole draft lacks. It fires when
//! the draft answers a problem (the judgment `missing-apology` uses,
//! [`needs_problem_reply`]), holds no phrase of the pack's `concrete-step`
//! list outside quotations ("I've refunded", "a replacement is on its way"),
//! and the draft model's `no-next-step` head, trained on labeled replies,
//! reads no concrete step in it. A vague promise of the pack's
//! `vague-promise` list ("we'll look into it", "we'll pass it on") with no
//! concrete step fires whatever the model reads: it is the rule's core case.
//! Without a built-in model, the lists decide.
//!
//! Limits: a step promised for the wrong problem still counts.

use super::{CodeRule, Lists, complaint_rules, draft_finding, lacks, needs_problem_reply};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::matcher::ListId;
use crate::pack::RuleIdx;

struct NoNextStep {
    implies: Vec<RuleIdx>,
    concrete_step: ListId,
    vague_promise: ListId,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(NoNextStep {
        implies: complaint_rules(l),
        concrete_step: l.get("concrete-step")?,
        vague_promise: l.get("vague-promise")?,
    }))
}

impl CodeRule for NoNextStep {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, found: &[Finding], out: &mut Vec<Finding>) {
        // A vague promise with nothing concrete is the rule's core case:
        // it fires whatever the model reads.
        let vague = a.list_in(self.vague_promise, 0..a.text().len(), true)
            && !a.list_in(self.concrete_step, 0..a.text().len(), true)
            && needs_problem_reply(a, found, &self.implies);
        if vague || lacks(a, found, &self.implies, self.concrete_step, "no-next-step") {
            out.push(draft_finding(a, rule));
        }
    }

    fn draft_level(&self) -> bool {
        true
    }
}
