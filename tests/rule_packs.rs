//! The rule packs in every setting: for each rule a call that breaks it (the rule, its
//! severity, its citation) and a near miss that does not; state law from the shipped state file;
//! the practice standards in first-party and commercial calls; the validator's help; and a
//! property test that no rule reports outside the settings and states its pack covers.

use proptest::prelude::*;
use rightparty::call::CallResult;
use rightparty::call::compliance::Packs;
use rightparty::call::explore::analyze;
use rightparty::call::rules;
use rightparty::call::score::QaStatus;
use rightparty::call::{Compiled, Violation};
use rightparty::content::diagnostic::Findings;
use rightparty::model::{
    Act, FileFlag, MarkedViolation, Party, Revelation, RulePack, Scenario, Setting, Severity,
};

use crate::callkit::*;
use crate::util::{load, options};
use Act::*;
use Revelation::*;

fn in_setting(setting: Setting) -> Scenario {
    let mut s = base();
    s.setting = setting;
    s
}

fn the<'a>(r: &'a CallResult, id: &str) -> &'a Violation {
    r.violations
        .iter()
        .find(|v| v.rule == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", r.violations))
}

fn qa<'a>(r: &'a CallResult, section: &str) -> &'a rightparty::call::score::QaItem {
    r.qa.iter().find(|q| q.section == section).unwrap()
}

/// Greets, asks for the account holder, then the given steps.
fn after_hello(more: &[Step]) -> Vec<Step> {
    with(vec![step(&[Greet, AskForDebtor])], more)
}

// ---- HIPAA -------------------------------------------------------------------------------

#[test]
fn hipaa_a_sister_hears_the_balance_and_the_diagnosis() {
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Relative,
        &after_hello(&[step(&[DiscloseDebt, DiscloseClinicalDetails])]),
    );
    let r = play(s);
    assert_eq!(
        found(&r),
        [
            ("hipaa.family_disclosure", Severity::Major),
            ("hipaa.minimum_necessary", Severity::Major),
        ]
    );
    assert!(
        the(&r, "hipaa.family_disclosure")
            .citation
            .contains("164.510(b)")
    );
    assert!(
        the(&r, "hipaa.minimum_necessary")
            .citation
            .contains("164.502(b)")
    );
    assert!(!r.passed, "compliance 50 is under the pass mark");
    // The debrief does not say the debt was not discussed.
    let v = qa(&r, "Verification");
    assert_eq!(v.status, QaStatus::Missed, "{v:?}");
    assert!(r.qa.iter().all(|q| q.note != "the debt was not discussed"));
}

#[test]
fn hipaa_the_patients_agreement_or_a_role_in_paying_allows_the_balance() {
    // The patient, on the line, agrees that her sister may hear about the bill.
    let agreed = after_hello(&[
        says(&[], &[AskPatientAgreement]),
        says(&[PatientAgrees], &[DiscloseDebt, StateBalance]),
    ]);
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Relative,
        &agreed,
    );
    assert!(rules(s).is_empty());
    // The sister says she pays her bills: the balance may be shared by professional judgment.
    let pays = after_hello(&[says(&[InvolvedInPayment], &[StateBalance])]);
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Relative,
        &pays,
    );
    assert!(rules(s).is_empty());
    // But never the diagnosis, agreement or not.
    let more = with(agreed, &[step(&[DiscloseClinicalDetails])]);
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Relative,
        &more,
    );
    assert_eq!(rules(s), ["hipaa.minimum_necessary"]);
    // An objection takes the agreement back.
    let objected = after_hello(&[
        says(&[PatientAgrees], &[AskPatientAgreement]),
        says(&[PatientObjects], &[StateBalance]),
    ]);
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Relative,
        &objected,
    );
    let r = play(s);
    assert_eq!(found(&r), [("hipaa.family_disclosure", Severity::Major)]);
    assert!(
        the(&r, "hipaa.family_disclosure")
            .reason
            .contains("objected")
    );
}

#[test]
fn hipaa_the_verified_patient_may_hear_everything_but_only_once_verified() {
    let verified = after_hello(&[step(&[
        VerifyIdentity,
        DiscloseDebt,
        DiscloseClinicalDetails,
    ])]);
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Debtor,
        &verified,
    );
    assert!(
        rules(s).is_empty(),
        "minimum necessary does not apply to the patient"
    );
    let unverified = after_hello(&[step(&[StateServiceDetails, VerifyIdentity])]);
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Debtor,
        &unverified,
    );
    let r = play(s);
    assert_eq!(
        found(&r),
        [("hipaa.verify_before_disclosure", Severity::Major)],
        "the HIPAA rule replaces the practice standard"
    );
    assert!(r.violations[0].citation.contains("164.514(h)"));
    // A guardian is a personal representative: verified, they hear it like the patient.
    let s = call(
        in_setting(Setting::HealthcareProvider),
        Party::Guardian,
        &verified,
    );
    assert!(rules(s).is_empty());
}

#[test]
fn hipaa_a_neighbour_or_a_wrong_number_is_never_told() {
    let steps = after_hello(&[step(&[TellThirdPartyAboutDebt])]);
    let r = play(call(
        in_setting(Setting::HealthcareProvider),
        Party::Neighbor,
        &steps,
    ));
    assert_eq!(
        found(&r),
        [("hipaa.impermissible_disclosure", Severity::Critical)]
    );
    assert!(!r.passed);
    // Asking only where to reach the patient reveals nothing.
    let ask = after_hello(&[step(&[AskLocationInfo])]);
    assert!(
        rules(call(
            in_setting(Setting::HealthcareProvider),
            Party::Neighbor,
            &ask
        ))
        .is_empty()
    );
}

#[test]
fn hipaa_and_the_fdcpa_both_bind_a_medical_debt_agency() {
    let steps = after_hello(&[step(&[TellThirdPartyAboutDebt])]);
    let r = play(call(
        in_setting(Setting::MedicalDebtAgency),
        Party::Neighbor,
        &steps,
    ));
    assert_eq!(
        found(&r),
        [
            ("fdcpa.third_party_disclosure", Severity::Critical),
            ("hipaa.impermissible_disclosure", Severity::Critical),
        ]
    );
    // The FDCPA lets the spouse hear it (1692c(d)); HIPAA treats her as family, who needs the
    // patient's agreement or a part in paying.
    let spouse = after_hello(&[step(&[VerifyIdentity, DisclosureFull, DiscloseDebt])]);
    let r = play(call(
        in_setting(Setting::MedicalDebtAgency),
        Party::Spouse,
        &spouse,
    ));
    assert_eq!(found(&r), [("hipaa.family_disclosure", Severity::Major)]);
    let paying = after_hello(&[says(
        &[InvolvedInPayment],
        &[VerifyIdentity, DisclosureFull, DiscloseDebt],
    )]);
    assert!(
        rules(call(
            in_setting(Setting::MedicalDebtAgency),
            Party::Spouse,
            &paying
        ))
        .is_empty()
    );
}

// ---- Financial assistance ----------------------------------------------------------------

fn hospital() -> Scenario {
    let mut s = in_setting(Setting::HealthcareProvider);
    s.account.tax_exempt_hospital = true;
    s
}

#[test]
fn fap_a_patient_with_a_hardship_hears_about_financial_assistance() {
    let silent = after_hello(&[
        step(&[VerifyIdentity, DiscloseDebt]),
        says(&[DescribesHardship], &[AskForPayment, CloseCall]),
    ]);
    let r = play(call(hospital(), Party::Debtor, &silent));
    assert_eq!(found(&r), [("fap.assistance_not_offered", Severity::Minor)]);
    let v = the(&r, "fap.assistance_not_offered");
    assert!(v.citation.contains("501(r)"));
    assert!(
        v.reason.contains("check your hospital's policy"),
        "day counts are not scored"
    );
    let told = after_hello(&[
        step(&[VerifyIdentity, DiscloseDebt]),
        says(
            &[DescribesHardship],
            &[ExplainFinancialAssistance, CloseCall],
        ),
    ]);
    let r = play(call(hospital(), Party::Debtor, &told));
    assert!(r.violations.is_empty());
    assert!(
        r.disclosures
            .iter()
            .any(|d| d.name.contains("Financial assistance") && d.given)
    );
    // A hospital that is not tax-exempt is not bound by 501(r).
    let mut private = hospital();
    private.account.tax_exempt_hospital = false;
    assert!(rules(call(private, Party::Debtor, &silent)).is_empty());
}

#[test]
fn fap_no_credit_reporting_threat_while_an_application_is_pending() {
    let mut s = hospital();
    s.account.flags_on_file = vec![FileFlag::FinancialAssistanceApplication];
    let steps = after_hello(&[step(&[VerifyIdentity, DiscloseDebt, CreditReport])]);
    let r = play(call(s.clone(), Party::Debtor, &steps));
    assert_eq!(found(&r), [("fap.eca_while_pending", Severity::Major)]);
    // Waiting for the decision is the right call.
    let wait = after_hello(&[step(&[VerifyIdentity, DiscloseDebt, CloseCall])]);
    assert!(rules(call(s, Party::Debtor, &wait)).is_empty());
    // Without an application on file the same words break no 501(r) rule.
    assert!(rules(call(hospital(), Party::Debtor, &steps)).is_empty());
}

// ---- SCRA --------------------------------------------------------------------------------

fn servicemember() -> Scenario {
    let mut s = base();
    s.account.flags_on_file = vec![FileFlag::ScraRateCapRequest];
    s.account.incurred_before_service = true;
    s.account.annual_interest_percent = Some(19.9);
    s
}

#[test]
fn scra_the_rate_cap_is_honoured_after_the_written_request() {
    let asks = with(clean_opening(), &[step(&[StateBalance, AskForPayment])]);
    let r = play(call(servicemember(), Party::Debtor, &asks));
    assert_eq!(found(&r), [("scra.interest_cap", Severity::Major)]);
    assert!(r.violations[0].citation.contains("3937"));
    let capped = with(
        clean_opening(),
        &[step(&[ApplyScraRateCap, StateBalance, AskForPayment])],
    );
    assert!(rules(call(servicemember(), Party::Debtor, &capped)).is_empty());
    // A debt incurred during service, or at 6% or less, is outside the cap.
    let mut later = servicemember();
    later.account.incurred_before_service = false;
    assert!(rules(call(later, Party::Debtor, &asks)).is_empty());
    let mut low = servicemember();
    low.account.annual_interest_percent = Some(6.0);
    assert!(rules(call(low, Party::Debtor, &asks)).is_empty());
}

#[test]
fn scra_no_default_judgment_threat_against_a_servicemember() {
    let threat = with(
        clean_opening(),
        &[says(&[ActiveDutyServicemember], &[WarnOfDefaultJudgment])],
    );
    let r = play(call(base(), Party::Debtor, &threat));
    assert_eq!(found(&r), [("scra.default_judgment", Severity::Major)]);
    assert!(r.violations[0].citation.contains("3931(b)"));
    let civilian = with(clean_opening(), &[step(&[WarnOfDefaultJudgment])]);
    assert!(rules(call(base(), Party::Debtor, &civilian)).is_empty());
}

#[test]
fn scra_an_oral_request_is_answered_with_how_to_invoke_it() {
    let ignored = with(
        clean_opening(),
        &[says(&[RequestsScraRateCap], &[CloseCall])],
    );
    let r = play(call(base(), Party::Debtor, &ignored));
    assert_eq!(found(&r), [("scra.request_not_explained", Severity::Minor)]);
    let answered = with(
        clean_opening(),
        &[says(
            &[RequestsScraRateCap],
            &[ExplainScraRateCap, CloseCall],
        )],
    );
    assert!(rules(call(base(), Party::Debtor, &answered)).is_empty());
}

// ---- Deceased ----------------------------------------------------------------------------

#[test]
fn deceased_only_the_estate_hears_about_the_debt() {
    let son = after_hello(&[says(&[DebtorDeceased], &[DisclosureFull, DiscloseDebt])]);
    let r = play(call(base(), Party::Relative, &son));
    assert_eq!(
        found(&r),
        [("regf.deceased_estate_contact", Severity::Critical)]
    );
    assert!(r.violations[0].citation.contains("1006.6(a)(4)"));
    // The executor, or a son who says he is handling the estate, may hear it.
    let executor = after_hello(&[says(
        &[DebtorDeceased],
        &[VerifyIdentity, DisclosureFull, DiscloseDebt],
    )]);
    assert!(rules(call(base(), Party::Executor, &executor)).is_empty());
    let handling = after_hello(&[says(
        &[DebtorDeceased, AuthorizedForEstate],
        &[VerifyIdentity, DisclosureFull, DiscloseDebt],
    )]);
    assert!(rules(call(base(), Party::Relative, &handling)).is_empty());
    // Asking for the estate's representative reveals nothing.
    let ask = after_hello(&[says(
        &[DebtorDeceased],
        &[Empathize, AskForEstateRepresentative],
    )]);
    assert!(rules(call(base(), Party::Relative, &ask)).is_empty());
}

#[test]
fn deceased_nobody_is_told_to_pay_from_their_own_pocket() {
    let pay = after_hello(&[says(
        &[DebtorDeceased],
        &[
            VerifyIdentity,
            DisclosureFull,
            DiscloseDebt,
            AskToPayPersonally,
        ],
    )]);
    let r = play(call(base(), Party::Executor, &pay));
    assert_eq!(
        found(&r),
        [("fdcpa.deceased_personal_liability", Severity::Critical)]
    );
    assert!(r.violations[0].citation.contains("1692e"));
    // A co-signer does owe it.
    let cosigner = after_hello(&[says(
        &[DebtorDeceased, JointlyLiable],
        &[
            VerifyIdentity,
            DisclosureFull,
            DiscloseDebt,
            AskToPayPersonally,
        ],
    )]);
    assert!(rules(call(base(), Party::Spouse, &cosigner)).is_empty());
    // A first-party creditor breaks the practice standard, cited as such.
    let r = play(call(
        in_setting(Setting::FirstPartyCreditor),
        Party::Executor,
        &pay,
    ));
    assert_eq!(
        found(&r),
        [("practice.deceased_personal_liability", Severity::Critical)]
    );
    assert!(!r.violations[0].citation.contains("USC"));
}

// ---- State law ---------------------------------------------------------------------------

fn california_creditor() -> Scenario {
    let mut s = in_setting(Setting::FirstPartyCreditor);
    s.account.debtor_state = "CA".into();
    s
}

#[test]
fn state_the_california_file_extends_the_fdcpa_to_a_creditor() {
    let mut late = california_creditor();
    late.account.call_local_time = "2026-11-23T22:00:00".parse().unwrap();
    let opening = with(clean_opening(), &[step(&[AskForPayment])]);
    let r = play(call(late.clone(), Party::Debtor, &opening));
    assert_eq!(found(&r), [("fdcpa.inconvenient_time", Severity::Major)]);
    assert_eq!(
        r.violations[0].citation,
        "Cal. Civ. Code 1788.17 (applying 15 USC 1692c(a)(1))"
    );
    assert!(r.violations[0].reason.contains("customer"));
    // The same call to Ohio: no state file, federal law only, and the creditor is no FDCPA
    // debt collector.
    let mut ohio = late;
    ohio.account.debtor_state = "OH".into();
    assert!(rules(call(ohio.clone(), Party::Debtor, &opening)).is_empty());
    let c = Compiled::new(std::sync::Arc::new(ohio)).unwrap();
    assert!(
        c.packs.state_law[0]
            .describe()
            .contains("no rule file for OH")
    );
    // Naming the state in `rule_packs` applies its file too.
    let mut named = in_setting(Setting::FirstPartyCreditor);
    named.account.call_local_time = "2026-11-23T22:00:00".parse().unwrap();
    named.rule_packs = Some(vec![RulePack::BankruptcyStay, RulePack::State("CA".into())]);
    assert_eq!(
        rules(call(named, Party::Debtor, &opening)),
        ["fdcpa.inconvenient_time"]
    );
}

#[test]
fn state_california_keeps_the_exceptions_for_a_creditors_own_staff() {
    // 1692e(11) is excepted: a creditor's own collector need not say "debt collector".
    let plain = after_hello(&[step(&[VerifyIdentity, DiscloseDebt, AskForPayment])]);
    assert!(rules(call(california_creditor(), Party::Debtor, &plain)).is_empty());
    // 1692g is excepted too: no validation-period rule...
    let mut disputed = california_creditor();
    disputed.account.flags_on_file = vec![FileFlag::WrittenDispute];
    assert!(rules(call(disputed, Party::Debtor, &plain)).is_empty());
    // ...but 1692c(b) and 1692e bind: a roommate told of the debt, a false threat.
    let told = after_hello(&[step(&[TellThirdPartyAboutDebt])]);
    let r = play(call(california_creditor(), Party::Roommate, &told));
    assert_eq!(
        found(&r),
        [("fdcpa.third_party_disclosure", Severity::Critical)]
    );
    assert!(
        r.violations[0]
            .citation
            .starts_with("Cal. Civ. Code 1788.17")
    );
    let threat = after_hello(&[step(&[VerifyIdentity, DiscloseDebt, ThreatenSuit])]);
    assert_eq!(
        rules(call(california_creditor(), Party::Debtor, &threat)),
        ["fdcpa.false_threat"]
    );
    // analyze names the state law as the pack.
    let s = call(california_creditor(), Party::Roommate, &told);
    let a = analyze(&Compiled::new(std::sync::Arc::new(s)).unwrap());
    assert_eq!(
        a.rules_by_pack.get("State (Cal. Civ. Code 1788.17)"),
        Some(&vec!["fdcpa.third_party_disclosure".to_string()]),
        "{:?}",
        a.rules_by_pack
    );
}

#[test]
fn state_files_validate_and_bad_ones_are_reported() {
    let set = load(&["rules/states".into()]);
    assert!(!set.has_errors(), "{:?}", set.diagnostics);
    assert_eq!(set.states.len(), rules::state::SHIPPED.len());
    assert_eq!(
        rules::state::shipped().len(),
        rules::state::SHIPPED.len(),
        "every shipped file parses"
    );
    let bad = r#"StateRules(
        state: "ca",
        name: "x",
        reviewed: "2026-11-01",
        sources: ["x"],
        extends: [Extension(from: "1692j", to: "1692b", except: ["1788"], settings: [], citation: "")],
        call_hours: Some(CallHours(earliest: "9am", latest: "21:00", settings: [FirstPartyCreditor], citation: "x")),
    )"#;
    let set = rightparty::content::load_texts([("XX.ron", bad)], &options());
    let codes: Vec<&str> = set.diagnostics.iter().map(|d| d.code).collect();
    for code in ["bad-value", "bad-section", "missing-citation"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(set.diagnostics.iter().all(|d| d.line > 0));
}

#[test]
fn state_hours_from_a_file_replace_eight_to_nine() {
    use rightparty::call::rules::state;
    let mut ca = state::file("CA").unwrap().clone();
    ca.call_hours = Some(rightparty::model::CallHours {
        earliest: "09:00".into(),
        latest: "20:00".into(),
        settings: vec![Setting::FirstPartyCreditor],
        citation: "test".into(),
    });
    assert_eq!(
        state::hours(&[&ca], Setting::FirstPartyCreditor),
        Some((540, 1200, "test"))
    );
    assert_eq!(state::hours(&[&ca], Setting::CommercialB2B), None);
    let e = &ca.extends[0];
    assert!(state::covers(e, "1692c(a)(1)"));
    assert!(state::covers(e, "1692j"));
    assert!(!state::covers(e, "1692e(11)"));
    assert!(state::covers(e, "1692e(10)"));
    assert!(!state::covers(e, "1692g(b)"));
    assert!(!state::covers(e, "1692k"));
}

// ---- Commercial and first-party honesty --------------------------------------------------

fn commercial() -> Scenario {
    let mut s = in_setting(Setting::CommercialB2B);
    s.rule_packs = None;
    s
}

#[test]
fn commercial_the_ap_manager_speaks_for_the_debtor_business() {
    let steps = after_hello(&[
        step(&[VerifyIdentity, DiscloseDebt, StateBalance]),
        step(&[AskForPayment, CloseCall]),
    ]);
    let r = play(call(commercial(), Party::BusinessEmployee, &steps));
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(qa(&r, "Verification").status, QaStatus::Met);
    // Before confirming her authority: a practice finding, in business words.
    let early = after_hello(&[step(&[DiscloseDebt, VerifyIdentity])]);
    let r = play(call(commercial(), Party::BusinessEmployee, &early));
    assert_eq!(
        found(&r),
        [("practice.disclosure_before_verification", Severity::Minor)]
    );
    assert!(r.violations[0].reason.contains("authority"));
}

#[test]
fn commercial_honesty_binds_without_the_fdcpa() {
    let cases: [(&[Act], &str, Severity); 4] = [
        (&[ThreatenSuit], "practice.false_threat", Severity::Critical),
        (
            &[MisstateDebt],
            "practice.false_statement",
            Severity::Critical,
        ),
        (
            &[AbusiveLanguage],
            "practice.abusive_language",
            Severity::Critical,
        ),
        (
            &[AddUnauthorizedFee],
            "practice.unauthorized_fee",
            Severity::Major,
        ),
    ];
    for (acts, id, severity) in cases {
        let mut a = vec![VerifyIdentity, DiscloseDebt];
        a.extend_from_slice(acts);
        let r = play(call(
            commercial(),
            Party::BusinessEmployee,
            &after_hello(&[step(&a)]),
        ));
        assert_eq!(found(&r), [(id, severity)], "{acts:?}");
        let v = &r.violations[0];
        assert!(v.citation.starts_with("practice standard"), "{v:?}");
        assert!(
            !v.citation.contains("USC") && !v.reason.contains("consumer"),
            "{v:?}"
        );
        if severity == Severity::Critical {
            assert!(!r.passed, "{id} fails the call alone");
        }
    }
    // A suit the creditor authorized and intends is no false threat.
    let mut sue = commercial();
    sue.account.legal_action_intended = true;
    let a = after_hello(&[step(&[VerifyIdentity, DiscloseDebt, ThreatenSuit])]);
    assert!(rules(call(sue, Party::BusinessEmployee, &a)).is_empty());
    // Telling another company about the invoice.
    let r = play(call(
        commercial(),
        Party::Neighbor,
        &after_hello(&[step(&[TellThirdPartyAboutDebt])]),
    ));
    assert_eq!(
        found(&r),
        [("practice.third_party_disclosure", Severity::Major)]
    );
    assert!(r.violations[0].reason.contains("debtor business"));
}

#[test]
fn severity_matches_the_law_whatever_the_pass_mark() {
    let mut lenient = base();
    lenient.rubric.compliance = 0.0;
    let on_file = [
        (FileFlag::Attorney, "fdcpa.attorney_represented"),
        (FileFlag::CeaseRequest, "fdcpa.cease_communication"),
        (
            FileFlag::WrittenDispute,
            "fdcpa.collection_during_verification",
        ),
    ];
    for (flag, id) in on_file {
        let mut s = lenient.clone();
        s.account.flags_on_file = vec![flag];
        let r = play(call(
            s,
            Party::Debtor,
            &with(clean_opening(), &[step(&[AskForPayment])]),
        ));
        assert_eq!(the(&r, id).severity, Severity::Critical, "{id}");
        assert!(!r.passed, "{id} fails the call alone");
    }
    for (act, id) in [
        (AbusiveLanguage, "fdcpa.harassment"),
        (MisstateDebt, "fdcpa.false_representation"),
    ] {
        let r = play(call(
            lenient.clone(),
            Party::Debtor,
            &with(clean_opening(), &[step(&[act])]),
        ));
        assert_eq!(the(&r, id).severity, Severity::Critical, "{id}");
        assert!(!r.passed, "{id} fails the call alone");
    }
}

// ---- Validator ---------------------------------------------------------------------------

#[test]
fn validator_names_empty_packs_unread_facts_and_the_rules_that_exist() {
    // A commercial call that names the FDCPA: nothing in it applies.
    let mut s = commercial();
    s.rule_packs = Some(vec![RulePack::Fdcpa, RulePack::BankruptcyStay]);
    let f = check(&s);
    let w =
        f.0.iter()
            .find(|f| f.code == "empty-pack")
            .expect("empty-pack");
    assert_eq!(w.path, "rule_packs.0");
    assert!(w.message.contains("1692a"));
    // A servicemember in a call whose packs leave out SCRA.
    let mut s = base();
    s.rule_packs = Some(vec![RulePack::Fdcpa]);
    s.nodes[0].reveals = vec![ActiveDutyServicemember];
    let f = check(&s);
    assert!(
        f.0.iter()
            .any(|f| f.code == "unread-fact" && f.path == "nodes.0.reveals.0"),
        "{:?}",
        f.0
    );
    // With the default packs SCRA reads it.
    let mut s = base();
    s.nodes[0].reveals = vec![ActiveDutyServicemember];
    assert!(!check(&s).0.iter().any(|f| f.code == "unread-fact"));
    // hipaa.minimum_necessary is a rule now; in a healthcare call it applies.
    let mut s = in_setting(Setting::HealthcareProvider);
    s.nodes[0].choices[0].violations = vec![MarkedViolation {
        rule: "hipaa.minimum_necessary".into(),
        severity: Severity::Major,
    }];
    let mine = |f: &Findings, code: &str| {
        f.0.iter()
            .find(|x| x.code == code && x.path.starts_with("nodes.0.choices.0"))
            .cloned()
    };
    assert!(
        mine(&check(&s), "rule-pack-mismatch").is_none(),
        "{:?}",
        check(&s).0
    );
    assert!(mine(&check(&s), "unknown-rule").is_none());
    // In an agency call it does not, and the warning lists what does.
    s.setting = Setting::ThirdPartyAgency;
    let f = check(&s);
    let w = mine(&f, "rule-pack-mismatch").unwrap();
    assert!(
        w.hint
            .as_deref()
            .unwrap()
            .contains("fdcpa.third_party_disclosure")
    );
    // An unknown rule: the packs and rules of the setting.
    s.nodes[0].choices[0].violations[0].rule = "hipaa.minimum_necesary".into();
    s.setting = Setting::HealthcareProvider;
    let f = check(&s);
    let e = mine(&f, "unknown-rule").unwrap();
    let hint = e.hint.as_deref().unwrap();
    assert!(
        hint.contains("did you mean `hipaa.minimum_necessary`"),
        "{hint}"
    );
    assert!(
        hint.contains("Hipaa: ") && !hint.contains("Fdcpa: "),
        "{hint}"
    );
}

// ---- Properties --------------------------------------------------------------------------

const SETTINGS: [Setting; 5] = Setting::ALL;
const PARTIES: [Party; 8] = [
    Party::Debtor,
    Party::Spouse,
    Party::Relative,
    Party::Roommate,
    Party::Neighbor,
    Party::Executor,
    Party::BusinessEmployee,
    Party::WrongNumber,
];
const REVEALS: [Revelation; 10] = [
    DebtorDeceased,
    PatientAgrees,
    InvolvedInPayment,
    DescribesHardship,
    ActiveDutyServicemember,
    AttorneyRepresents,
    DisputesOrally,
    AuthorizedForEstate,
    RequestsScraRateCap,
    InconvenientTime,
];

fn arb_step() -> impl Strategy<Value = Step> {
    (
        proptest::collection::vec(proptest::sample::select(&Act::ALL[..]), 1..4),
        proptest::collection::vec(proptest::sample::select(&REVEALS[..]), 0..2),
    )
        .prop_map(|(acts, reveals)| Step {
            speaker: None,
            reveals,
            acts,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_rule_reports_outside_its_settings_packs_and_states(
        setting in proptest::sample::select(&SETTINGS[..]),
        party in proptest::sample::select(&PARTIES[..]),
        california in any::<bool>(),
        hospital in any::<bool>(),
        steps in proptest::collection::vec(arb_step(), 1..5),
    ) {
        let mut s = in_setting(setting);
        s.account.tax_exempt_hospital = hospital;
        s.account.debtor_state = if california { "CA" } else { "OH" }.into();
        let s = call(s, party, &steps);
        let packs = Packs::of(&s);
        let named: Vec<rules::Pack> = s.effective_rule_packs().iter().filter_map(rules::Pack::of).collect();
        let r = play(s);
        let state_extended = california && setting == Setting::FirstPartyCreditor;
        let fdcpa_binds = matches!(setting, Setting::ThirdPartyAgency | Setting::MedicalDebtAgency) || state_extended;
        for v in &r.violations {
            let rule = rules::rule(&v.rule).expect("engine rules are in the catalogue");
            let by_pack = rule.pack == rules::Pack::Practice || named.contains(&rule.pack);
            let by_state = state_extended && rule.pack == rules::Pack::Fdcpa;
            prop_assert!(by_pack || by_state, "{} reported in {setting:?} (CA {california})", v.rule);
            prop_assert!(rule.settings.contains(&setting) || by_state, "{} in {setting:?}", v.rule);
            prop_assert!(packs.applies(&v.rule));
            if !fdcpa_binds {
                prop_assert!(!v.citation.contains("1692"), "{v:?} in {setting:?}");
                prop_assert!(!v.reason.contains("consumer"), "{v:?} in {setting:?}");
            }
        }
        let disclosure_finding = r.violations.iter().any(|v| {
            rules::rule(&v.rule).is_some_and(|r| ["third_party", "phi_disclosure", "verification", "minimum_necessary"].contains(&r.ground))
        });
        if disclosure_finding {
            prop_assert!(r.qa.iter().all(|q| q.note != "the debt was not discussed"), "{:?}", r.qa);
        }
    }
}

// ---- Documentation -----------------------------------------------------------------------

#[test]
fn the_catalogue_in_the_authoring_guide_matches_the_engine() {
    let guide = std::fs::read_to_string("docs/authoring.md").unwrap();
    let scoring = std::fs::read_to_string("docs/scoring.md").unwrap();
    for r in rules::all() {
        let row = guide
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", r.id)))
            .unwrap_or_else(|| panic!("{} is not in the catalogue", r.id));
        let cells: Vec<&str> = row.split(" | ").collect();
        assert_eq!(cells[1], format!("{:?}", r.severity), "{}", r.id);
        assert_eq!(cells[2], r.pack.label(), "{}", r.id);
        assert!(
            row.ends_with(&format!("| {} |", r.citation)),
            "{}: {row}",
            r.id
        );
        assert!(
            scoring.contains(&format!("`{}`", r.id)),
            "{} is not in docs/scoring.md",
            r.id
        );
    }
}

#[test]
fn the_examples_for_other_settings_are_judged_by_their_packs() {
    let set = load(&["docs/examples".into()]);
    let by_id = |id: &str| {
        let s = set.scenarios.iter().find(|s| s.item.id == id).unwrap();
        assert!(s.usable());
        analyze(&Compiled::new(std::sync::Arc::new(s.item.clone())).unwrap())
    };
    let hospital = by_id("example-hospital-sister-answers");
    assert!(hospital.best.as_ref().unwrap().passed);
    let packs: Vec<&str> = hospital.rules_by_pack.keys().map(String::as_str).collect();
    assert_eq!(packs, ["FinancialAssistance", "Hipaa"]);
    assert_eq!(
        hospital.rules_by_pack["Hipaa"],
        [
            "hipaa.family_disclosure",
            "hipaa.minimum_necessary",
            "hipaa.verify_before_disclosure"
        ]
    );
    let b2b = by_id("example-commercial-ap-manager");
    assert!(b2b.best.as_ref().unwrap().passed);
    assert_eq!(
        b2b.rules_by_pack
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["Practice"]
    );
    assert!(b2b.rules_by_pack["Practice"].contains(&"practice.false_threat".to_string()));
}

#[test]
fn hipaa_the_estate_and_a_patient_who_does_not_object() {
    // Someone authorized for a deceased patient's estate is a personal representative.
    let estate = after_hello(&[says(
        &[DebtorDeceased, AuthorizedForEstate],
        &[VerifyIdentity, StateBalance],
    )]);
    assert!(
        rules(call(
            in_setting(Setting::HealthcareProvider),
            Party::Relative,
            &estate
        ))
        .is_empty()
    );
    // A family member the patient was asked about, who did not object, may hear the balance
    // (164.510(b)(2)(ii)).
    let asked = after_hello(&[step(&[AskPatientAgreement]), step(&[StateBalance])]);
    assert!(
        rules(call(
            in_setting(Setting::HealthcareProvider),
            Party::Relative,
            &asked
        ))
        .is_empty()
    );
}

#[test]
fn the_tracker_cites_the_law_that_binds_and_owes_verification_done_late() {
    // Verified after the debt came up: the verification item is not given.
    let late = after_hello(&[step(&[DiscloseDebt, VerifyIdentity])]);
    let r = play(call(commercial(), Party::BusinessEmployee, &late));
    let v = &r.disclosures[0];
    assert!(v.required && !v.given, "{v:?}");
    // A California creditor: the findings cite the Rosenthal Act; the tracker cites no bare
    // FDCPA section.
    let r = play(call(
        california_creditor(),
        Party::Debtor,
        &with(clean_opening(), &[says(&[DisputesOrally], &[CloseCall])]),
    ));
    assert!(
        r.disclosures
            .iter()
            .all(|d| !d.citation.starts_with("15 USC")),
        "{:?}",
        r.disclosures
    );
}

#[test]
fn an_agreement_for_one_person_does_not_cover_the_next() {
    // The patient agrees that her sister may hear about the bill; the sister then hands the
    // phone to a neighbour, who may not.
    let steps = after_hello(&[
        says(&[PatientAgrees], &[AskPatientAgreement]),
        Step {
            speaker: Some(Party::Relative),
            acts: vec![StateBalance],
            ..Step::default()
        },
        Step {
            speaker: Some(Party::Neighbor),
            acts: vec![StateBalance],
            ..Step::default()
        },
    ]);
    let r = play(call(
        in_setting(Setting::HealthcareProvider),
        Party::Debtor,
        &steps,
    ));
    assert_eq!(
        found(&r),
        [("hipaa.impermissible_disclosure", Severity::Critical)]
    );
    assert_eq!(r.violations[0].turn, 4);
}
