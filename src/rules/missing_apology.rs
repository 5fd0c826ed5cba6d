//! `missing-apology`: a reply to a complaint that never apologizes.
//!
//! Needs code because it is a judgment about the whole draft and its context:
//! it fires when the draft answers a problem (the context is a complaint, or
//! the draft itself admits a problem; see [`Analysis::answers_problem`]) and no
//! apology word from the shared `apology` list appears outside quotations.
//!
//! Without a context, findings of rules that only make sense as a reply to a
//! complaint (blame, dismissing, contradicting, abandoning) also tell that the
//! customer complained.
//!
//! Limits: an apology buried in a quotation of our own earlier message counts
//! as no apology; an apology for the wrong thing still counts as one.

use super::{CodeRule, Lists, complaint_rules, draft_finding, needs_problem_reply};
use crate::analysis::Analysis;
use crate::finding::Finding;
use crate::pack::RuleIdx;

struct MissingApology {
    implies: Vec<RuleIdx>,
}

pub(super) fn build(l: &Lists<'_>) -> Result<Box<dyn CodeRule>, String> {
    Ok(Box::new(MissingApology {
        implies: complaint_rules(l),
    }))
}

impl CodeRule for MissingApology {
    fn check(&self, a: &Analysis<'_>, rule: RuleIdx, found: &[Finding], out: &mut Vec<Finding>) {
        if a.facts().apology {
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
