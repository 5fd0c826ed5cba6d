//! Where a reply is posted, by the names people use for it, and what to
//! assume when nobody says.
//!
//! Only two channels change what is flagged (`public-details` asks to take
//! account specifics to a private channel), but nobody thinks "private":
//! they answer an e-mail, a DM or a ticket, or a tweet, a forum post or a
//! review. Every name below is accepted wherever a channel is given (the
//! command line, `replylint.toml`, a library's `channel` field).
//!
//! With no channel given, a draft that reads as an e-mail (a greeting line
//! and a sign-off, see [`crate::letter`]) is private; anything else is
//! public, the careful default: a public reply is archived forever.

use serde::{Deserialize, Deserializer, Serialize};

/// Where a reply is posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Anyone can see it, archived forever: a tweet, a forum post, a review reply.
    Public,
    /// Only the customer sees it: a DM, an e-mail, a ticket.
    Private,
}

/// Every accepted name and the channel it means, as shown in help texts.
pub const NAMES: &[(&str, Channel)] = &[
    ("public", Channel::Public),
    ("tweet", Channel::Public),
    ("x", Channel::Public),
    ("twitter", Channel::Public),
    ("facebook", Channel::Public),
    ("forum", Channel::Public),
    ("review", Channel::Public),
    ("private", Channel::Private),
    ("email", Channel::Private),
    ("e-mail", Channel::Private),
    ("dm", Channel::Private),
    ("chat", Channel::Private),
    ("ticket", Channel::Private),
];

impl Channel {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Public => "public",
            Channel::Private => "private",
        }
    }

    /// A channel by any of its [`NAMES`], ignoring case and spaces around.
    pub fn parse(name: &str) -> Option<Channel> {
        let name = name.trim();
        NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, c)| *c)
    }

    /// "public, tweet, x, ... (public); private, email, ... (private)".
    pub fn names_help() -> String {
        let of = |c: Channel| {
            NAMES
                .iter()
                .filter(|(_, x)| *x == c)
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{} (public); {} (private)",
            of(Channel::Public),
            of(Channel::Private)
        )
    }
}

impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Channel::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown channel `{name}`; use one of: {}",
                Channel::names_help()
            ))
        })
    }
}

/// Why a draft's channel is what it is, for `--explain-matches`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// Given: by the draft's library field, the command line or the
    /// configuration.
    Given,
    /// Not given, and the draft reads as an e-mail: private.
    ReadsAsEmail,
    /// Not given, and not an e-mail: public.
    Default,
}

/// The channel of a draft: `given`, or else what the text reads as.
pub fn decide(given: Option<Channel>, text: &str) -> (Channel, Decided) {
    match given {
        Some(c) => (c, Decided::Given),
        None if crate::letter::reads_as_email(text) => (Channel::Private, Decided::ReadsAsEmail),
        None => (Channel::Public, Decided::Default),
    }
}

impl Decided {
    /// A few words for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Decided::Given => "given",
            Decided::ReadsAsEmail => "not given; reads as an e-mail: greeting line and sign-off",
            Decided::Default => "not given; treated as public",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_people_use() {
        for (name, want) in [
            ("email", Channel::Private),
            ("DM", Channel::Private),
            (" ticket ", Channel::Private),
            ("chat", Channel::Private),
            ("tweet", Channel::Public),
            ("X", Channel::Public),
            ("facebook", Channel::Public),
            ("forum", Channel::Public),
            ("review", Channel::Public),
            ("public", Channel::Public),
            ("private", Channel::Private),
        ] {
            assert_eq!(Channel::parse(name), Some(want), "{name}");
        }
        assert_eq!(Channel::parse("carrier pigeon"), None);
    }

    #[test]
    fn configuration_values_use_the_names() {
        #[derive(Deserialize)]
        struct C {
            channel: Channel,
        }
        let c: C = toml::from_str("channel = \"email\"").unwrap();
        assert_eq!(c.channel, Channel::Private);
        let e = toml::from_str::<C>("channel = \"fax\"").err().unwrap();
        assert!(e.message().contains("unknown channel `fax`"), "{e}");
    }

    #[test]
    fn an_e_mail_is_private_unless_told() {
        let mail = "Hi Sam,\n\nWhat's your order number?\n\nBest,\nSupport";
        assert_eq!(
            decide(None, mail),
            (Channel::Private, Decided::ReadsAsEmail)
        );
        assert_eq!(
            decide(Some(Channel::Public), mail),
            (Channel::Public, Decided::Given)
        );
        assert_eq!(
            decide(None, "What's your order number?"),
            (Channel::Public, Decided::Default)
        );
    }
}
