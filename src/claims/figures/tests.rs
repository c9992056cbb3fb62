use super::*;

fn found(text: &str) -> Vec<(&str, bool)> {
    scan(text)
        .into_iter()
        .map(|f| (&text[f.span], f.dose))
        .collect()
}

#[track_caller]
fn check(cases: &[(&str, &[(&str, bool)])]) {
    for (text, expected) in cases {
        assert_eq!(found(text), expected.to_vec(), "{text}");
    }
}

#[test]
fn finds_percentages_folds_and_doses() {
    check(&[
        ("about a 49% higher odds", &[("49%", false)]),
        (
            "ran as low as 7.7% to 14.37% against 99%",
            &[("7.7%", false), ("14.37%", false), ("99%", false)],
        ),
        ("roughly 29% to 39% so", &[("29%", false), ("39%", false)]),
        ("ten percent", &[]),
        ("a 65 percent rise", &[("65 percent", false)]),
        (
            "roughly 1.5- to 2-fold more potent",
            &[("1.5- to 2-fold", false)],
        ),
        ("a 3 fold rise", &[("3 fold", false)]),
        (
            "start of 0.04 to 0.08 mg per kilogram twice",
            &[("0.04 to 0.08 mg per kilogram", true)],
        ),
        ("maximum of 0.12 mg/kg twice", &[("0.12 mg/kg", true)]),
        ("0.04–0.08 mg/kg twice daily", &[("0.04–0.08 mg/kg", true)]),
        ("100 mcg/day", &[("100 mcg/day", true)]),
        (
            "5 IU and 2 mL and 50 µg",
            &[("5 IU", true), ("2 mL", true), ("50 µg", true)],
        ),
    ]);
}

/// Guards the forms health writers use for a dose: spelled out, any letter case, attached
/// or hyphenated, `cc`, ranges, per body weight and per time in words or symbols.
#[test]
fn finds_doses_as_writers_write_them() {
    check(&[
        ("250 micrograms a day", &[("250 micrograms a day", true)]),
        ("a 0.25-mg starting dose", &[("0.25-mg", true)]),
        ("a 250-mcg vial", &[("250-mcg", true)]),
        ("250mcg", &[("250mcg", true)]),
        ("250 MCG daily", &[("250 MCG daily", true)]),
        ("2 Mg and 3 ML", &[("2 Mg", true), ("3 ML", true)]),
        ("inject 0.5 cc", &[("0.5 cc", true)]),
        (
            "2 milligrams per kilogram",
            &[("2 milligrams per kilogram", true)],
        ),
        ("5 milligrams.", &[("5 milligrams", true)]),
        (
            "1 gram, 2 grams, 3 g",
            &[("1 gram", true), ("2 grams", true), ("3 g", true)],
        ),
        ("10 nanograms", &[("10 nanograms", true)]),
        (
            "400 international units",
            &[("400 international units", true)],
        ),
        (
            "2 millilitres or 2 milliliters",
            &[("2 millilitres", true), ("2 milliliters", true)],
        ),
        ("0.04-0.08 mg", &[("0.04-0.08 mg", true)]),
        ("1.5 mg/kg a day", &[("1.5 mg/kg a day", true)]),
        ("2 mg/kg/day", &[("2 mg/kg/day", true)]),
        ("2.4 mg per week", &[("2.4 mg per week", true)]),
        ("2.4 mg/week", &[("2.4 mg/week", true)]),
        ("10 units of insulin", &[("10 units", true)]),
    ]);
}

/// Guards lab values: a concentration or a rate is a figure but never a dose, quoted with
/// its whole unit; `mg/kg` stays a dose.
#[test]
fn lab_values_are_figures_not_doses() {
    check(&[
        (
            "a fasting blood sugar above 126 mg/dL",
            &[("126 mg/dL", false)],
        ),
        (
            "eGFR below 30 mL/min/1.73 m².",
            &[("30 mL/min/1.73 m²", false)],
        ),
        ("LDL under 100 mg/dL", &[("100 mg/dL", false)]),
        (
            "5 ng/mL, 20 pg/mL, 3 µg/L, 5.5 mmol/L, 13 g/dL, 40 g/L, 30 IU/L",
            &[
                ("5 ng/mL", false),
                ("20 pg/mL", false),
                ("3 µg/L", false),
                ("5.5 mmol/L", false),
                ("13 g/dL", false),
                ("40 g/L", false),
                ("30 IU/L", false),
            ],
        ),
        ("90 mL/min", &[("90 mL/min", false)]),
        (
            "126 milligrams per decilitre",
            &[("126 milligrams per decilitre", false)],
        ),
        ("0.1 mg/kg", &[("0.1 mg/kg", true)]),
    ]);
}

/// Guards the other ways of writing a figure.
#[test]
fn finds_figures_in_other_words() {
    check(&[
        ("49 per cent of users", &[("49 per cent", false)]),
        ("a 2x rise and a 2× rise", &[("2x", false), ("2×", false)]),
        ("3 times as likely", &[("3 times", false)]),
        ("4 times higher", &[("4 times", false)]),
        ("1 in 3 adults", &[("1 in 3", false)]),
        ("1 in 1,000 users", &[("1 in 1,000", false)]),
    ]);
}

#[test]
fn ignores_numbers_that_are_not_figures() {
    for text in [
        "IGF-1 LR3 in children aged two and older",
        "the 75th with the 25th percentile",
        "PMID 8708565 and PMC11582493",
        "in 2004, a study",
        "1 growth factor",
        "doi:10.1000/xyz123",
        "age ≥2",
        "type 2 diabetes in Phase 3 trials",
        "5G networks",
        "took it 3 times a week",
        "aged 12 in 2019",
        "GLP-1 mimics; COVID-19",
        "0x1F and 3x3",
    ] {
        assert_eq!(found(text), vec![], "{text}");
    }
}

/// Guards dose columns: the header's unit makes each bare number in the column a dose.
#[test]
fn a_dose_column_makes_bare_numbers_doses() {
    for (header, unit) in [
        ("Strength (mg)", Some("mg")),
        ("Dose, mcg", Some("mcg")),
        ("mg", Some("mg")),
        ("Dose (mg/kg)", Some("mg/kg")),
        ("Glucose (mg/dL)", None),
        ("Product", None),
        ("G", None),
    ] {
        assert_eq!(column_unit(header).as_deref(), unit, "{header}");
    }
    let cell = scan_cell("0.25 or 1–2", Some("mg"));
    let quoted: Vec<String> = cell.iter().map(|f| f.quote("0.25 or 1–2")).collect();
    assert_eq!(quoted, ["0.25 mg", "1–2 mg"]);
    assert!(cell.iter().all(|f| f.dose));
    assert!(!scan_cell("49%", Some("mg"))[0].dose);
}
