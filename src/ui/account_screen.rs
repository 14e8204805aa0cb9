//! The account screen beside the call: what a collector sees before dialling (never the
//! hidden facts), including the history on file the engine judges the call against.

use eframe::egui::{self, Color32, RichText};

use crate::call::Compiled;
use crate::model::Account;

/// Dollars with thousands separators, e.g. `$2,326.40`.
pub(crate) fn money(v: f64) -> String {
    let cents = (v * 100.0).round() as i64;
    let (sign, cents) = if cents < 0 {
        ("-", -cents)
    } else {
        ("", cents)
    };
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

/// The account screen: what a collector sees before dialling (never the hidden facts).
pub(crate) fn show(ui: &mut egui::Ui, c: &Compiled) {
    let s = &c.scenario;
    let a: &Account = &s.account;
    ui.heading("Account");
    egui::Grid::new("player_account_grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |k: &str, v: String| {
                ui.label(RichText::new(k).weak());
                ui.label(v);
                ui.end_row();
            };
            row("Account holder", s.debtor.name.clone());
            row("Creditor", a.creditor.clone());
            if let Some(o) = &a.original_creditor {
                row("Original creditor", o.clone());
            }
            row("Account number", a.account_number.clone());
            row("Days delinquent", a.days_delinquent.to_string());
            if let Some(p) = &a.last_payment {
                row("Last payment", format!("{} on {}", money(p.amount), p.date));
            }
            row("Setting", s.setting.label().to_string());
            row("Call", a.direction.label().to_string());
            if !a.call_history.is_empty() {
                let (placed, after) = crate::call::context::call_frequency(a);
                let mut v = format!("{placed} in the last 7 days, this one included");
                if after {
                    v.push_str("; a conversation in the last 7 days");
                }
                row("Calls placed", v);
            }
            if let Some(r) = a.annual_interest_percent {
                row("Interest rate", format!("{r}% a year"));
            }
        });
    ui.add_space(6.0);
    ui.label(RichText::new("Balance").strong());
    egui::Grid::new("player_balance_grid")
        .num_columns(2)
        .show(ui, |ui| {
            for (k, v) in [
                ("Principal", a.balance.principal),
                ("Interest", a.balance.interest),
                ("Fees", a.balance.fees),
            ] {
                ui.label(RichText::new(k).weak());
                ui.label(money(v));
                ui.end_row();
            }
            ui.label(RichText::new("Total").strong());
            ui.label(RichText::new(money(a.balance.total())).strong());
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.label(RichText::new("Debtor's location and time").strong());
    // Key above value, not a grid: the times are long, a grid cell does not wrap, and a wide
    // cell would widen the whole panel.
    let mut row = |k: &str, v: String| {
        ui.label(RichText::new(k).weak());
        ui.label(v);
    };
    row("State", a.debtor_state.clone());
    let (address, phone) = a.local_times();
    row("Local time (address)", address);
    if let Some(phone) = phone {
        row("Local time (phone)", phone);
    }
    ui.add_space(6.0);
    ui.label(RichText::new("On file").strong());
    if a.flags_on_file.is_empty() {
        ui.label("No flags on file");
    }
    for f in &a.flags_on_file {
        ui.colored_label(Color32::from_rgb(0xd0, 0x3a, 0x2f), f.label());
    }
    ui.label(if a.is_initial() {
        "No prior communication: this is the initial communication"
    } else {
        "Prior communication on record"
    });
    ui.label(if a.legal_action_intended {
        "Legal action: authorized by the client"
    } else {
        "Legal action: not authorized"
    });
    if a.time_barred {
        ui.colored_label(
            Color32::from_rgb(0xd9, 0x8e, 0x04),
            "Statute of limitations: expired (time-barred)",
        );
    }
    let history = crate::call::context::history_lines(a);
    if !history.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("History on file").strong());
        for (k, v) in history {
            ui.label(RichText::new(k).weak());
            ui.label(v);
        }
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Prior notes").strong());
    if a.prior_notes.is_empty() {
        ui.label("None");
    }
    for n in &a.prior_notes {
        ui.label(n);
        ui.add_space(4.0);
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_groups_thousands_and_keeps_cents() {
        assert_eq!(money(2326.4), "$2,326.40");
        assert_eq!(money(0.0), "$0.00");
        assert_eq!(money(1_234_567.891), "$1,234,567.89");
        assert_eq!(money(-85.0), "-$85.00");
        assert_eq!(money(999.995), "$1,000.00");
    }
}
