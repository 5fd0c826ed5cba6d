//! `no-invitation`: a reply to a problem that never invites the customer in.
//!
//! Needs code because it is about what the draft lacks: it fires when the
//! draft answers a problem (as for `missing-apology`) and has no question to
//! the customer and no phrase of the shared `invitation` list ("let us know",
//! "DM us", "reply here", "happy to help").
//!
//! Limits: any question counts as an invitation, even a rhetorical one (the
//! corpus convention); an invitation inside a quotation does not count.

use super::{CodeRule, Lists, complaint_rules, draft_finding, needs_problem_reply};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::pack::RuleIdx;

struct NoInvitation {
    implies: Vec<RuleIdx>,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(NoInvitation {
        implies: complaint_rules(l),
    }))
}

impl CodeRule for NoInvitation {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, found: &[Finding], out: &mut Vec<Finding>) {
        if a.facts().invitation {
            return;
        }
        // The draft model, trained on labeled replies, decides whether this
        // reply needs one; without a model, the rule-based judgment does.
        let needs = needs_problem_reply(a, found, &self.implies);
        if !needs {
            return;
        }
        out.push(draft_finding(a, rule));
    }

    fn draft_level(&self) -> bool {
        true
    }
}
