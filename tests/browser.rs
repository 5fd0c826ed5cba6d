//! The drafting page in a real browser: headless Chromium (Debian's
//! `chromium`) loads the page from a running `replylint serve`, a draft is
//! typed into it, and the test checks what a person would see: the words
//! underlined, the text shown on hover, a fix applied with one click, the
//! keyboard path, and a phone-width layout without sideways scrolling.
//!
//! Without Chromium the test says so loudly and passes, unless
//! `REPLYLINT_BROWSER_TEST=require` (what `.ci/run` sets once it has
//! installed Chromium), where a missing browser fails it.
//!
//! Screenshots for docs/serve.md are written to docs/images/ by
//! `REPLYLINT_SCREENSHOTS=1 cargo test --test browser`; otherwise to
//! target/screenshots/ (looked at, not compared: fonts differ by machine).

#[path = "support/cdp.rs"]
mod cdp;
#[path = "support/server.rs"]
mod server;

use cdp::Browser;
use std::path::PathBuf;

const CONTEXT: &str = "My order arrived broken and nobody answered my emails for a week.";
const DRAFT: &str =
    "Calm down. You should have read the FAQ before ordering. We will look into it.";

fn screenshot_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = if std::env::var_os("REPLYLINT_SCREENSHOTS").is_some() {
        root.join("docs/images")
    } else {
        root.join("target/screenshots")
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_page_underlines_explains_and_fixes_a_draft() {
    let Some(chromium) = cdp::find_chromium() else {
        let required = std::env::var("REPLYLINT_BROWSER_TEST").is_ok_and(|v| v == "require");
        assert!(
            !required,
            "REPLYLINT_BROWSER_TEST=require but no Chromium was found"
        );
        eprintln!(
            "\n\n==========\nWARNING: the browser test did NOT run: Chromium is not installed \
             (apt-get install chromium)\n==========\n"
        );
        return;
    };
    let server = server::Server::start(&["--no-config"], None);
    let mut b = Browser::launch(&chromium, 1280, 860);
    b.goto(&server.url("/"));
    let config = b.wait_for(
        "(() => { const t = document.getElementById('config').textContent; \
           return t !== 'loading…' && t; })()",
        "the configuration's name",
    );
    assert_eq!(config, "none (built-in defaults)");

    // The customer's message, then the reply, typed a character at a time.
    b.eval("document.getElementById('context').focus()");
    b.type_text(CONTEXT);
    b.eval("document.getElementById('draft').focus()");
    b.type_text(DRAFT);
    let summary = b.wait_for(
        &format!(
            "document.getElementById('draft').value === {DRAFT:?} && \
             document.querySelectorAll('#findings .finding').length === 7 && \
             document.getElementById('summary').textContent"
        ),
        "the findings of the whole draft",
    );
    let summary = summary.as_str().unwrap();
    // The customer's message shows high impact (a week without an
    // answer), which raises the missing apology and acknowledgment.
    assert!(
        summary.starts_with("4 errors, 2 warnings, 1 info · checked in"),
        "{summary}"
    );
    // How hot the draft reads, and what the customer complains about.
    let reading = b.eval("document.getElementById('reading').textContent");
    let reading = reading.as_str().unwrap();
    assert!(reading.starts_with("Heat "), "{reading}");
    assert!(reading.contains("Customer: "), "{reading}");

    // The underlined words, and how: each severity has its own style.
    let marks = b.eval(
        "[...document.querySelectorAll('#backdrop mark')].map(m => [m.textContent, m.className, \
           getComputedStyle(m).textDecorationStyle])",
    );
    let marks: Vec<(String, String, String)> = serde_json::from_value(marks).unwrap();
    let words: Vec<&str> = marks.iter().map(|m| m.0.as_str()).collect();
    assert!(words.contains(&"Calm down"), "{marks:?}");
    assert!(words.contains(&"You should have"), "{marks:?}");
    let calm = marks.iter().find(|m| m.0 == "Calm down").unwrap();
    assert_eq!((calm.1.as_str(), calm.2.as_str()), ("sev-error", "wavy"));
    // Findings about the whole reply are listed, not underlined.
    let listed =
        b.eval("[...document.querySelectorAll('#findings .finding')].map(f => f.dataset.rule)");
    let listed: Vec<String> = serde_json::from_value(listed).unwrap();
    assert!(
        listed.contains(&"missing-apology".to_string()),
        "{listed:?}"
    );
    assert!(!words.iter().any(|w| w.len() > 30), "{words:?}");

    // Hovering the underlined words shows the message, the help and what
    // the rule is about.
    let (x, y) = b.centre(
        "[...document.querySelectorAll('#backdrop mark')].find(m => m.textContent === 'Calm down')",
    );
    b.hover(x, y);
    let tip = b.wait_for(
        "!document.getElementById('tip').hidden && document.getElementById('tip').textContent",
        "the hover text",
    );
    let tip = tip.as_str().unwrap();
    assert!(tip.contains("dismissive"), "{tip}");
    assert!(
        tip.contains("this dismisses the customer's feelings"),
        "{tip}"
    );
    assert!(tip.contains("Acknowledge the feeling first"), "{tip}");
    let round_trip: f64 = b
        .eval("document.body.dataset.roundTripMs")
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    eprintln!("page round trip of the last check: {round_trip:.1} ms");
    let shots = screenshot_dir();
    std::fs::write(shots.join("serve-desktop.png"), b.screenshot()).unwrap();

    // A click on the underlined words opens their finding's explanation.
    b.click(x, y);
    b.wait_for(
        "[...document.querySelectorAll('#findings .finding.current')].some(f => \
           f.dataset.rule === 'dismissive' && f.querySelector('details').open)",
        "the clicked finding to open",
    );

    // The keyboard path: a finding's "Show" button selects its words.
    b.eval(
        "[...document.querySelectorAll('#findings .finding')].find(f => f.dataset.rule === 'blame')\
           .querySelector('button.show').focus()",
    );
    b.press("Enter", 13);
    let selected = b.wait_for(
        "document.activeElement.id === 'draft' && document.getElementById('draft').value\
           .slice(document.getElementById('draft').selectionStart, document.getElementById('draft').selectionEnd)",
        "the words of the finding to be selected",
    );
    assert_eq!(selected, "You should have");
    // With the caret in the words, the line under the reply says what is
    // wrong there (the hover text of keyboard users).
    let at_cursor = b.wait_for(
        "(document.getElementById('draft').setSelectionRange(13, 13), \
          document.getElementById('draft').dispatchEvent(new KeyboardEvent('keyup')), \
          document.getElementById('at-cursor').textContent)",
        "the line about the words at the cursor",
    );
    assert_eq!(
        at_cursor,
        "At the cursor: error blame: this puts the fault on the customer"
    );

    // One click applies the fix: "Calm down." goes, and so does its finding.
    let (fx, fy) = b.centre(
        "[...document.querySelectorAll('#findings .finding')].find(f => f.dataset.rule === 'dismissive')\
           .querySelector('button.fix')",
    );
    b.click(fx, fy);
    let fixed = b.wait_for(
        "!document.getElementById('draft').value.includes('Calm down') && \
         !document.querySelector('#findings [data-rule=\"dismissive\"]') && \
         document.querySelectorAll('#findings .finding').length === 6 && \
         document.getElementById('draft').value",
        "the fix to apply and the draft to be checked again",
    );
    assert_eq!(
        fixed,
        "You should have read the FAQ before ordering. We will look into it."
    );
    // Ctrl-Z would bring it back: the fix went through the editing commands.
    assert_eq!(
        b.eval(
            "document.execCommand('undo') && document.getElementById('draft').value.startsWith('Calm down')"
        ),
        true
    );
    b.wait_for(
        "document.querySelectorAll('#findings .finding').length === 7",
        "the undone draft to be checked again",
    );
    b.eval("document.getElementById('draft').blur()");

    // Phone width: one column, nothing wider than the screen.
    b.viewport(390, 844, true);
    b.eval("window.scrollTo(0, 0)");
    let overflow = b.eval("document.documentElement.scrollWidth - window.innerWidth");
    assert_eq!(overflow, 0, "the page scrolls sideways at phone width");
    let columns = b.eval(
        "getComputedStyle(document.querySelector('.panes')).gridTemplateColumns.split(' ').length",
    );
    assert_eq!(columns, 1);
    std::fs::write(shots.join("serve-phone.png"), b.screenshot()).unwrap();

    assert!(
        b.page_errors.is_empty(),
        "the page reported errors: {:?}",
        b.page_errors
    );
    // The server logged each request without the draft's words.
    let log = server.log.lock().unwrap().join("\n");
    assert!(log.contains("POST /v1/check 200"), "{log}");
    assert!(!log.contains("Calm down") && !log.contains("FAQ"), "{log}");
}
