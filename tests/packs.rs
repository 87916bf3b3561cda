//! Rule packs through the binary: `copydesk rules --test` on every built-in pack and on the example
//! pack in the README, and pack errors pointing into the TOML.

use std::path::PathBuf;
mod common;

use common::bin;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn builtin_packs_pass_rules_test() {
    let o = bin()
        .args(["rules", "--test"])
        .current_dir(root())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    // Each built-in pack file is tested explicitly as well.
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let o = bin().args(["rules", "--test"]).arg(&path).output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&o.stdout)
        );
    }
}

fn readme_pack() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- example-pack:start -->")
        .expect("README has the example pack");
    let end = readme.find("<!-- example-pack:end -->").unwrap();
    let block = &readme[start..end];
    let body = block.split("```toml\n").nth(1).unwrap();
    body.split("```").next().unwrap().to_string()
}

#[test]
fn readme_example_pack_passes_and_is_used_by_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("house")).unwrap();
    std::fs::write(dir.path().join("house/style.toml"), readme_pack()).unwrap();
    let o = bin()
        .args(["rules", "--test", "house/style.toml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("4 passed, 0 failed"));

    std::fs::write(
        dir.path().join("copydesk.toml"),
        "rule-packs = [\"house/style.toml\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("story.txt"), "Prices rose 3 per cent.\n").unwrap();
    let o = bin()
        .args(["check", "--format", "concise", "story.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(
            "warning[house/spelled-out-percent] house style writes `percent`, not `per cent`"
        ),
        "{out}"
    );
    let o = bin()
        .args(["check", "--fix", "story.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        "Prices rose 3 percent.\n"
    );
}

/// Runs `copydesk rules --test` on the README pack with one edit applied.
fn test_edited_pack(from: &str, to: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), readme_pack().replace(from, to)).unwrap();
    common::run(&["rules", "--test", "p.toml"], dir.path())
}

#[test]
fn failing_example_fails_rules_test() {
    let o = test_edited_pack(
        "clean = \"Prices rose 3 percent in May.\"",
        "clean = \"Prices rose 3 per cent in May.\"",
    );
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("FAIL house/spelled-out-percent"), "{out}");
}

#[test]
fn pack_errors_point_into_the_toml() {
    let o = test_edited_pack("kind = \"occurrence\"", "kind = \"occurence\"");
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown rule kind `occurence`"), "{err}");
    assert!(err.contains("p.toml:"), "{err}");
    assert!(err.contains("did you mean `occurrence`?"), "{err}");
}

/// The text of each finding of rule `id` in `text`, in order.
fn spans_of<'t>(id: &str, text: &'t str) -> Vec<&'t str> {
    let (diags, _) = copydesk::Linter::default()
        .diagnose("a.txt", text.as_bytes())
        .expect("checked");
    diags
        .iter()
        .filter(|d| d.rule == id)
        .map(|d| &text[d.span.clone()])
        .collect()
}

/// `text` with every fix applied, unsafe ones included.
fn fixed_unsafely(text: &str) -> String {
    use copydesk::diagnostic::Applicability;
    let fixed =
        copydesk::Linter::default().fix_bytes("a.txt", text.as_bytes(), Applicability::Unsafe);
    String::from_utf8(fixed.output).expect("fixes keep UTF-8")
}

#[test]
fn calque_fixes_fit_their_context() {
    let text = "Gunmen ultimated a guard on Friday. The ministry ultimated the details of the \
                plan, and the last details were ultimated on Monday. The mayor condemned the \
                occurred; the occurred events shocked the town. The informations were \
                confirmed, and the responsibles of the firm resigned. New equipments were \
                sent. An important police presence met an important snowfall.\n";
    assert_eq!(
        fixed_unsafely(text),
        "Gunmen killed a guard on Friday. The ministry finalized the details of the plan, and \
         the last details were finalized on Monday. The mayor condemned what happened; the \
         events shocked the town. The information was confirmed, and the officials of the \
         firm resigned. New equipment was sent. A heavy police presence met a heavy \
         snowfall.\n"
    );
}

#[test]
fn shares_calque_keeps_the_company_and_the_figure() {
    let text = "The actions fell 4% in Paris. The actions of its partner Nissan fell 3.5 percent, \
                and its titles rose by 2%. The actions of the board fell short.\n";
    assert_eq!(
        fixed_unsafely(text),
        "The shares fell 4% in Paris. The shares of its partner Nissan fell 3.5 percent, and \
         its shares rose by 2%. The actions of the board fell short.\n"
    );
}

#[test]
fn generic_article_reports_the_phrase_without_its_context() {
    let text = "She was the queen of the tennis, and the war against the terrorism was long. \
                The king of the pop was in Lima; the king of the tennis club was not.\n";
    let spans = spans_of("mt/generic-article", text);
    // The comma, `was` and `in` that show the noun ends its phrase are not part of the finding.
    assert_eq!(
        spans,
        [
            "queen of the tennis",
            "war against the terrorism",
            "king of the pop"
        ]
    );
    assert_eq!(
        fixed_unsafely(text),
        "She was the queen of tennis, and the war against terrorism was long. \
         The king of pop was in Lima; the king of the tennis club was not.\n"
    );
}

#[test]
fn age_calque_fix_gives_the_age_between_commas_and_keeps_the_verb() {
    let text = "A man of 45 years died on Monday. The driver, a woman of 32 years, was hurt, \
                and a boy of 12 years old who saw it ran. A man of 45 years of age was not, \
                nor the chairman of 30 years who retired, nor a worker of 20 years.\n";
    let spans = spans_of("mt/age-calque", text);
    assert_eq!(
        spans,
        [
            "man of 45 years died",
            "woman of 32 years, was",
            "boy of 12 years old who"
        ]
    );
    assert_eq!(
        fixed_unsafely(text),
        "A man, 45, died on Monday. The driver, a woman, 32, was hurt, \
         and a boy, 12, who saw it ran. A man of 45 years of age was not, \
         nor the chairman of 30 years who retired, nor a worker of 20 years.\n"
    );
}

#[test]
fn crime_and_traffic_calques_are_fixed_in_place() {
    let text = "The victim presented wounds and died by impact of bullet; another had an impact \
                of bullet in the leg. A van overturned at the height of kilometre 12, and \
                neighbours of the area helped. His handy was seized in the frame of the \
                operation, as the course of the barrel fell.\n";
    assert_eq!(
        spans_of("mt/false-friend", text),
        [
            "presented wounds",
            "by impact of bullet",
            "an impact of bullet",
            "at the height of kilometre",
            "neighbours of the area",
            "His handy was",
            "in the frame of the operation",
            "course of the barrel"
        ]
    );
    assert_eq!(
        fixed_unsafely(text),
        "The victim had wounds and died from a gunshot wound; another had a gunshot wound in \
         the leg. A van overturned near kilometre 12, and residents of the area helped. His \
         mobile phone was seized as part of the operation, as the price of a barrel fell.\n"
    );
}

#[test]
fn closing_attribution_replaces_the_verb_and_leaves_quotations_to_the_speech_verb_rule() {
    let text = "The suspect was detained, police informed. The talks will resume, he assured. \
                \"We will pay\", she assured. Police informed his family; the public was \
                informed.\n";
    assert_eq!(
        spans_of("mt/closing-attribution", text),
        ["informed", "assured"]
    );
    assert_eq!(spans_of("mt/speech-verb-calque", text), ["assured"]);
    assert_eq!(
        fixed_unsafely(text),
        "The suspect was detained, police said. The talks will resume, he said. \
         \"We will pay\", she said. Police informed his family; the public was informed.\n"
    );
}

#[test]
fn clock_hours_fix_removes_only_the_word_after_the_time() {
    let text = "The fire broke out at 15:30 hours. The road was closed from 08:00 hrs until \
                22:00h, and she finished in 2:30 hours; the 4:15 hour flight left at 09:10; \
                troops moved at 1530 hours.\n";
    assert_eq!(spans_of("mt/clock-hours", text), [" hours", " hrs", "h"]);
    assert_eq!(
        fixed_unsafely(text),
        "The fire broke out at 15:30. The road was closed from 08:00 until 22:00, and she \
         finished in 2:30 hours; the 4:15 hour flight left at 09:10; troops moved at 1530 \
         hours.\n"
    );
}

#[test]
fn the_also_takes_in_the_title_and_leaves_other_alsos() {
    let text = "The also former president spoke; the also minister of finance and the also \
                singer came. The also-rans trailed, the also excellent film won, and the \
                minister also spoke.\n";
    assert_eq!(
        spans_of("mt/the-also", text),
        ["The also former", "the also minister", "the also singer"]
    );
}

#[test]
fn vaccine_against_brand_ends_at_the_brand() {
    let text = "The vaccines against Moderna were delayed. Guatemala bought vaccines against \
                Sputnik V to immunize nurses, and a vaccine against the Sputnik-V shot. Vaccines \
                against Pfizer's rivals came later.\n";
    let spans = spans_of("mt/vaccine-against-brand", text);
    assert_eq!(
        spans,
        [
            "vaccines against Moderna",
            "vaccines against Sputnik V",
            "vaccine against the Sputnik-V",
            "Vaccines against Pfizer",
        ]
    );
}

#[test]
fn day_of_month_and_time_of_day_are_fixed_without_their_context() {
    let text = "Talks opened on the 15 of March, ended the past 3 of May. and resume on the 1 of \
                June. The envoy left in the afternoon of yesterday and returns on the morning of \
                tomorrow. On the 15th of March, the 2 of us met; on the morning of the vote, \
                two of May's goals counted.\n";
    assert_eq!(
        spans_of("mt/day-of-month", text),
        ["the 15 of March", "the past 3 of May", "the 1 of June"]
    );
    assert_eq!(
        spans_of("mt/time-of-day", text),
        [
            "in the afternoon of yesterday",
            "on the morning of tomorrow"
        ]
    );
    assert_eq!(
        fixed_unsafely(text),
        "Talks opened on March 15, ended May 3. and resume on June 1. The envoy left \
         yesterday afternoon and returns tomorrow morning. On the 15th of March, the 2 of us \
         met; on the morning of the vote, two of May's goals counted.\n"
    );
}

#[test]
fn country_epithets_and_inverted_attributions() {
    let text = "The Aztec country will host it, and the Hebrew state objected. According to \
                informed the ministry, the transalpine government agreed, as indicated the \
                spokesman. The Aztec empire fell; according to informed sources, as the \
                spokesman said.\n";
    assert_eq!(
        spans_of("mt/country-epithet", text),
        [
            "The Aztec country",
            "the Hebrew state",
            "the transalpine government"
        ]
    );
    assert_eq!(
        spans_of("mt/inverted-attribution", text),
        [
            "According to informed the ministry",
            "as indicated the spokesman"
        ]
    );
    assert!(fixed_unsafely(text).starts_with(
        "Mexico will host it, and Israel objected. According to informed the ministry, the \
         Italian government agreed"
    ));
}

#[test]
fn millions_of_after_a_figure_becomes_million() {
    let text = "The fund lent 2,3 billions of dollars and Five millions of euros; 40 millions of \
                people voted. Millions of euros, tens of millions of dollars, 2 million of the \
                residents; in 2020 millions of people moved.\n";
    assert_eq!(
        spans_of("mt/millions-of", text),
        ["2,3 billions of", "Five millions of", "40 millions of"]
    );
    assert_eq!(
        fixed_unsafely(text),
        "The fund lent 2,3 billion dollars and Five million euros; 40 million people voted. \
         Millions of euros, tens of millions of dollars, 2 million of the residents; in 2020 \
         millions of people moved.\n"
    );
}
