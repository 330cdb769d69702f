use proptest::prelude::*;

use super::*;

fn person(name: &str, email: &str, phone: &str) -> PersonAnswer {
    PersonAnswer { name: name.to_owned(), email: email.to_owned(), phone: phone.to_owned(), role: SoftwareRole::User }
}

fn answers(pairs: Vec<(&str, Answer)>) -> BTreeMap<String, Answer> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

#[test]
fn the_standard_questionnaire_is_a_valid_definition() {
    assert_eq!(check_definition(&standard()), Ok(()));
}

#[test]
fn a_draft_needs_no_required_answer_a_submission_does() {
    let def = standard();
    let draft = answers(vec![("package_version", Answer::Text(" 2026.1 ".to_owned()))]);
    let saved = check_answers(&def, &draft, Saving::Draft).unwrap();
    assert_eq!(saved["package_version"], Answer::Text("2026.1".to_owned()));
    let refused = check_answers(&def, &draft, Saving::Submit).unwrap_err();
    let paths: Vec<&str> = refused.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["people", "administrations", "fiscal_year_start", "server_hosted"]);
    assert!(refused.iter().all(|p| p.code == "required"));
}

#[test]
fn every_answer_is_checked_by_its_kind_and_named_by_its_path() {
    let def = standard();
    let given = answers(vec![
        (
            "people",
            Answer::Persons(vec![
                person("Karin de Boer", "karin@korenschoof.example", "06 1234 5678"),
                person("", "geen adres", "12"),
            ]),
        ),
        ("administrations", Answer::Text("7".to_owned())),
        ("fiscal_year_start", Answer::Text("31-12-2026".to_owned())),
        ("server_hosted", Answer::Text("ja".to_owned())),
        ("it_contact_email", Answer::Text("it@".to_owned())),
        ("nonsense", Answer::YesNo(true)),
    ]);
    let problems = check_answers(&def, &given, Saving::Draft).unwrap_err();
    let found: Vec<(&str, &str)> = problems.iter().map(|p| (p.path.as_str(), p.code)).collect();
    assert_eq!(
        found,
        [
            ("nonsense", "unknown"),
            ("people[1].name", "name"),
            ("people[1].email", "email"),
            ("people[1].phone", "phone"),
            ("administrations", "choice"),
            ("fiscal_year_start", "date"),
            ("server_hosted", "type"),
            ("it_contact_email", "email"),
        ]
    );
    let fixed = answers(vec![
        ("people", Answer::Persons(vec![person("Karin de Boer", "Karin@Korenschoof.example", "06 1234 5678")])),
        ("administrations", Answer::Text("2-5".to_owned())),
        ("fiscal_year_start", Answer::Text("2027-01-01".to_owned())),
        ("server_hosted", Answer::YesNo(false)),
        ("it_contact_phone", Answer::Text("030 234 5678".to_owned())),
    ]);
    let written = check_answers(&def, &fixed, Saving::Submit).unwrap();
    let Answer::Persons(people) = &written["people"] else { panic!("people") };
    assert_eq!(people[0].phone, "+31612345678");
    assert_eq!(written["it_contact_phone"], Answer::Text("+31302345678".to_owned()));
}

#[test]
fn definitions_are_checked_as_a_whole() {
    let mut def = standard();
    def[1].questions[0].key = "people".to_owned();
    assert_eq!(check_definition(&def).unwrap_err().path, "sections[1].questions[0].key");
    let mut def = standard();
    def[1].questions[0].kind = QuestionKind::Choice { options: vec!["a".to_owned(), "a".to_owned()] };
    assert_eq!(check_definition(&def).unwrap_err().path, "sections[1].questions[0].options");
    let mut def = standard();
    def[2].title_en = " ".to_owned();
    assert_eq!(check_definition(&def).unwrap_err().path, "sections[2].title");
    assert!(check_definition(&[]).is_err());
}

#[test]
fn answers_travel_as_json_of_three_shapes() {
    let json = r#"{"server_hosted": true, "administrations": "1", "people": [{"name": "A", "email": "a@b.nl", "phone": "0612345678", "role": "administrator"}]}"#;
    let parsed: BTreeMap<String, Answer> = serde_json::from_str(json).unwrap();
    assert_eq!(parsed["server_hosted"], Answer::YesNo(true));
    assert_eq!(parsed["administrations"], Answer::Text("1".to_owned()));
    assert!(matches!(&parsed["people"], Answer::Persons(p) if p[0].role == SoftwareRole::Administrator));
}

proptest! {
    /// What a check writes passes the check again unchanged.
    #[test]
    fn written_answers_are_fixed_points(
        text in "[ a-zA-Z0-9]{0,20}",
        flag: bool,
        day in 1u32..28,
        choice in 0usize..3,
    ) {
        let def = standard();
        let options = ["1", "2-5", "6 of meer"];
        let given = answers(vec![
            ("package_version", Answer::Text(text)),
            ("server_hosted", Answer::YesNo(flag)),
            ("fiscal_year_start", Answer::Text(format!("2027-03-{day:02}"))),
            ("administrations", Answer::Text(options[choice].to_owned())),
        ]);
        let written = check_answers(&def, &given, Saving::Draft).unwrap();
        prop_assert_eq!(check_answers(&def, &written, Saving::Draft).unwrap(), written);
    }
}
