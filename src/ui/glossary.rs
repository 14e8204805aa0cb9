//! The glossary of collections terms and the short first-run walkthrough.

use eframe::egui::{self, RichText};

/// One glossary entry: the term, what it means, and where the rule comes from (empty for
/// industry words that no law defines).
pub struct Term {
    /// The term.
    pub term: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// The section, or "industry practice".
    pub source: &'static str,
}

/// The glossary, alphabetical.
pub const GLOSSARY: &[Term] = &[
    Term {
        term: "Cease communication",
        meaning: "When a consumer notifies the collector in writing that they refuse to pay or want \
                  communication to stop, the collector must stop, except to say that efforts are \
                  ending or that a specified remedy may be or will be used. An oral \"stop \
                  calling\" is a request about that medium or time, not a written cease.",
        source: "15 USC 1692c(c); 12 CFR 1006.14(h)",
    },
    Term {
        term: "Convenient time",
        meaning: "Without other knowledge, a call is presumed convenient after 8:00 a.m. and before \
                  9:00 p.m. local time at the consumer's location. A time the consumer says is \
                  inconvenient is off limits even inside that window.",
        source: "15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)",
    },
    Term {
        term: "Dispute",
        meaning: "The consumer says the debt, or part of it, is not owed. A written dispute within \
                  the validation period stops collection of the disputed part until verification \
                  is mailed; a known dispute must be reported as disputed.",
        source: "15 USC 1692g(b), 1692e(8)",
    },
    Term {
        term: "Location information",
        meaning: "A consumer's home address and phone number, or place of employment: all a \
                  collector may seek from a third party, without saying the consumer owes a debt.",
        source: "15 USC 1692a(7), 1692b",
    },
    Term {
        term: "Mini-Miranda",
        meaning: "The disclosure that the caller is a debt collector. In the initial communication: \
                  that this is an attempt to collect a debt and any information obtained will be \
                  used for that purpose; in later ones: that the communication is from a debt \
                  collector. Give it only after right-party verification.",
        source: "15 USC 1692e(11); 12 CFR 1006.18(e)",
    },
    Term {
        term: "Promise to pay (PTP)",
        meaning: "The debtor's commitment to pay an amount on a date. A promise the debtor cannot \
                  keep helps no one; a smaller plan that holds is worth more.",
        source: "industry practice",
    },
    Term {
        term: "Right-party contact (RPC)",
        meaning: "Confirming that you are speaking with the consumer (or someone who counts as the \
                  consumer: a spouse, the parent of a minor, a guardian, an executor or \
                  administrator) before saying anything that reveals the debt.",
        source: "15 USC 1692c(b), 1692c(d); industry practice",
    },
    Term {
        term: "Third-party disclosure",
        meaning: "Telling someone who is not the consumer that the consumer owes a debt, or more \
                  than location information. Prohibited without the consumer's consent.",
        source: "15 USC 1692b, 1692c(b)",
    },
    Term {
        term: "Time-barred debt",
        meaning: "A debt past the statute of limitations for a suit. A collector must not sue or \
                  threaten to sue on it.",
        source: "12 CFR 1006.26(b)",
    },
    Term {
        term: "Validation notice",
        meaning: "The written notice of the debt (amount, creditor, and the consumer's right to \
                  dispute within 30 days of receipt), sent with or within five days after the \
                  initial communication.",
        source: "15 USC 1692g(a); 12 CFR 1006.34",
    },
];

/// Draws the glossary window; `open` turns false when it is closed.
pub fn window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Glossary")
        .open(open)
        .default_width(520.0)
        .default_height(480.0)
        .show(ctx, |ui| {
            ui.label(RichText::new(crate::DISCLAIMER).small().weak());
            egui::ScrollArea::vertical().show(ui, |ui| {
                for t in GLOSSARY {
                    ui.label(RichText::new(t.term).strong());
                    ui.label(t.meaning);
                    ui.label(RichText::new(t.source).small().weak());
                    ui.add_space(6.0);
                }
            });
        });
}

/// The walkthrough's pages: a title and the words.
pub const WALKTHROUGH: &[(&str, &str)] = &[
    (
        "1. Pick a trainee",
        "On Home, type your name and press Start. Every call and exam you finish is kept under \
         that name in the records on this computer.",
    ),
    (
        "2. Play a practice call",
        "In the Library, pick a scenario. Coached mode shows the debtor's mood, your scores and \
         the disclosures still owed as you go; assessment mode shows nothing until the debrief. \
         Choose with the keys 1–9.",
    ),
    (
        "3. Read the debrief",
        "After the call, every decision is explained: why it scored as it did, the better choice \
         and the law behind it. Replay from any decision to try another way.",
    ),
    (
        "4. Prepare for a certification",
        "Practice exams are modeled on collections credentials (not those exams, and not endorsed \
         by their bodies). They are timed like a test center: flag questions, review, submit. \
         Progress shows your weakest domains.",
    ),
];

/// What the walkthrough asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkthroughStep {
    /// Show page `n`.
    Go(usize),
    /// Close it.
    Done,
}

/// Draws walkthrough page `step`.
pub fn walkthrough(ctx: &egui::Context, step: usize) -> Option<WalkthroughStep> {
    let step = step.min(WALKTHROUGH.len() - 1);
    let (title, text) = WALKTHROUGH[step];
    let mut out = None;
    egui::Window::new("Getting started")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.label(RichText::new(title).strong());
            ui.label(text);
            ui.add_space(6.0);
            ui.label(RichText::new(crate::DISCLAIMER).small().weak());
            ui.horizontal(|ui| {
                if step > 0 && ui.button("Back").clicked() {
                    out = Some(WalkthroughStep::Go(step - 1));
                }
                let last = step + 1 == WALKTHROUGH.len();
                if last {
                    if ui.button("Got it").clicked() {
                        out = Some(WalkthroughStep::Done);
                    }
                } else {
                    if ui.button("Next").clicked() {
                        out = Some(WalkthroughStep::Go(step + 1));
                    }
                    if ui.button("Skip").clicked() {
                        out = Some(WalkthroughStep::Done);
                    }
                }
            });
        });
    out
}
