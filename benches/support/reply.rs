//! The 600-byte support reply the benchmarks send (benches/load.rs,
//! benches/lsp.rs): a real reply's length, with a few findings in it.

/// A support reply of 600 bytes with a few findings in it.
pub fn reply() -> String {
    let mut r = String::from(
        "Hi Sam, thanks for writing in about the late delivery of your order. As I already \
         said, the courier picked the parcel up on Monday and the tracking shows it in your \
         city now. You should have received an email with the new date; if it is not in \
         your inbox, please check the spam folder. We can't refund the shipping for this \
         order, but we can add a voucher for the next one. I know waiting is frustrating \
         and I'm sorry it took longer than we promised. Could you tell us whether the \
         parcel arrives by Friday? If it does not, reply here and I will open a claim with \
         the courier for you right away. Best, Alex from the support team",
    );
    while r.len() < 600 {
        r.push('.');
    }
    r.truncate(600);
    r
}
