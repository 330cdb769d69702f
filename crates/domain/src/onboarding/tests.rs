use std::collections::BTreeSet;

use super::*;

fn data<'a>(keys: &[&'a str]) -> BTreeSet<&'a str> {
    keys.iter().copied().collect()
}

#[test]
fn an_install_request_goes_from_submitted_to_completed() {
    let flow = install_flow().unwrap();
    assert_eq!(flow.first().key, "submitted");
    let path = [
        ("submitted", "returned", Party::Helpdesk, data(&[])),
        ("returned", "submitted", Party::Partner, data(&["amendment"])),
        ("submitted", "questionnaire", Party::Helpdesk, data(&[])),
        ("questionnaire", "contracts", Party::Client, data(&["questionnaire"])),
        ("contracts", "instructions", Party::Helpdesk, data(&["contracts"])),
        ("instructions", "installing", Party::Software, data(&["release", "installation_token"])),
        ("installing", "completed", Party::Software, data(&["registration", "successful_upload"])),
    ];
    for (from, to, by, present) in path {
        let moved = flow.advance(from, to, by, &present).unwrap();
        assert_eq!((moved.from.key, moved.to.key), (from, to));
        assert!(moved.notify.contains(&Party::Partner), "the partner is told of every move ({to})");
    }
    assert!(flow.step("completed").unwrap().is_end());
    assert!(flow.step("rejected").unwrap().is_end());
}

#[test]
fn a_move_that_is_not_allowed_names_the_allowed_ones() {
    let flow = install_flow().unwrap();
    let refused = flow.advance("submitted", "completed", Party::Helpdesk, &data(&[])).unwrap_err();
    assert_eq!(
        refused,
        MoveRefused::NotAllowed {
            from: "submitted",
            to: "completed".to_owned(),
            allowed: &["returned", "rejected", "questionnaire"]
        }
    );
    assert_eq!(
        flow.advance("rejected", "submitted", Party::Helpdesk, &data(&[])),
        Err(MoveRefused::NotAllowed { from: "rejected", to: "submitted".to_owned(), allowed: &[] }),
        "an end is an end"
    );
    assert_eq!(
        flow.advance("nowhere", "submitted", Party::Helpdesk, &data(&[])),
        Err(MoveRefused::UnknownStep("nowhere".to_owned()))
    );
}

#[test]
fn only_the_owner_moves_a_step_on_and_only_with_its_data() {
    let flow = install_flow().unwrap();
    assert_eq!(
        flow.advance("submitted", "questionnaire", Party::Partner, &data(&[])),
        Err(MoveRefused::NotOwner { step: "submitted", owner: Party::Helpdesk }),
        "a partner cannot accept its own request"
    );
    assert_eq!(
        flow.advance("instructions", "installing", Party::Software, &data(&["release"])),
        Err(MoveRefused::MissingData { step: "instructions", missing: vec!["installation_token"] })
    );
    assert_eq!(
        flow.advance("instructions", "installing", Party::Helpdesk, &data(&["release", "installation_token"])),
        Err(MoveRefused::NotOwner { step: "instructions", owner: Party::Software }),
        "only the installed software, by exchanging its code, moves the case to installing"
    );
}

#[test]
fn definitions_are_checked() {
    let step = |key, next| Step { key, owner: Party::Vendor, requires: &[], next, notifies: &[] };
    assert_eq!(Flow::new("empty", vec![]), Err(FlowError::Empty));
    assert_eq!(Flow::new("twice", vec![step("a", &[]), step("a", &[])]), Err(FlowError::Duplicate("a")));
    assert_eq!(Flow::new("dangling", vec![step("a", &["b"])]), Err(FlowError::UnknownTarget { from: "a", to: "b" }));
    assert_eq!(Flow::new("island", vec![step("a", &[]), step("b", &[])]), Err(FlowError::Unreachable("b")));
}

/// Seed 001, the accountancy signup: the client signs up on the accountant's site, the
/// accountant checks and registers it, the vendor sets it up, the payer's signed order
/// confirmation arrives, the vendor releases, the accountant activates by sending the
/// login. The same engine carries it, defined here and nowhere in the engine.
#[test]
fn the_accountancy_signup_is_a_second_flow_of_the_same_engine() {
    use Party::*;
    let signup = Flow::new(
        "signup",
        vec![
            Step {
                key: "signed_up",
                owner: Accountant,
                requires: &["client_details"],
                next: &["registered"],
                notifies: &[Accountant],
            },
            Step { key: "registered", owner: Vendor, requires: &[], next: &["set_up"], notifies: &[Vendor] },
            Step {
                key: "set_up",
                owner: Payer,
                requires: &["signed_order_confirmation"],
                next: &["confirmed"],
                notifies: &[Payer],
            },
            Step { key: "confirmed", owner: Vendor, requires: &[], next: &["released"], notifies: &[Vendor] },
            Step {
                key: "released",
                owner: Accountant,
                requires: &["login_sent"],
                next: &["active"],
                notifies: &[Accountant],
            },
            Step { key: "active", owner: Client, requires: &[], next: &[], notifies: &[Client, Accountant] },
        ],
    )
    .unwrap();
    let all = data(&["client_details", "signed_order_confirmation", "login_sent"]);
    let mut at = signup.first().key;
    for (to, by) in [
        ("registered", Accountant),
        ("set_up", Vendor),
        ("confirmed", Payer),
        ("released", Vendor),
        ("active", Accountant),
    ] {
        at = signup.advance(at, to, by, &all).unwrap().to.key;
    }
    assert_eq!(at, "active");
    // Release waits for the payer's signed confirmation.
    assert_eq!(
        signup.advance("set_up", "confirmed", Payer, &data(&[])),
        Err(MoveRefused::MissingData { step: "set_up", missing: vec!["signed_order_confirmation"] })
    );
    assert_eq!(
        signup.advance("registered", "released", Vendor, &all).unwrap_err(),
        MoveRefused::NotAllowed { from: "registered", to: "released".to_owned(), allowed: &["set_up"] }
    );
}

#[test]
fn the_api_names_every_step_of_the_install_flow() {
    let flow = install_flow().unwrap();
    let keys: Vec<&str> = flow.steps().iter().map(|s| s.key).collect();
    let named: Vec<&str> = InstallStep::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(keys, named);
    for step in InstallStep::ALL {
        assert_eq!(InstallStep::parse(step.as_str()), Some(step));
        assert_eq!(step.is_end(), flow.step(step.as_str()).unwrap().is_end(), "{step:?}");
    }
    assert_eq!(request_number(2026, 7), "A-2026-000007");
    assert!(regex::Regex::new(NUMBER_PATTERN).unwrap().is_match(&request_number(2026, 1_234_567)));
}
