//! `--junit FILE`: the run as JUnit XML, the form GitLab and Jenkins read: one `<testsuite>` per
//! case file, one `<testcase>` per case (`classname` the file, `name` the case), a `<failure>`
//! with the difference for a changed snapshot, an `<error>` for a case that cannot run, and
//! `<skipped>` for a new snapshot awaiting review (a `<failure>` on CI, where it fails the run).

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{Outcome, Status};
use crate::testing::{Case, Verdict, display_path};

pub(super) fn report(outcomes: &[(Case, Outcome)], ci: bool) -> String {
    let mut report = Report::new("apigw-vtl test");
    let mut suites: Vec<TestSuite> = Vec::new();
    let mut total = std::time::Duration::ZERO;
    for (case, outcome) in outcomes {
        let file = display_path(case.file());
        if suites.last().is_none_or(|s| s.name.as_str() != file) {
            suites.push(TestSuite::new(file.clone()));
        }
        let status = match (&outcome.verdict, outcome.status) {
            (_, Status::Passed | Status::Updated) => TestCaseStatus::success(),
            (Verdict::Changed { diff }, _) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message("the output differs from the snapshot")
                    .set_type("snapshot mismatch")
                    .set_description(diff.clone());
                status
            }
            (Verdict::Error(error), _) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status.set_message(error.to_string()).set_type("case error");
                status
            }
            (_, Status::Pending) if ci => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message("new snapshot, not reviewed (pending snapshots fail on CI)")
                    .set_type("pending snapshot");
                status
            }
            _ => {
                let mut status = TestCaseStatus::skipped();
                status.set_message("new snapshot, not yet reviewed");
                status
            }
        };
        let name = if case.name().is_empty() {
            file.clone()
        } else {
            case.name().to_string()
        };
        let mut test_case = TestCase::new(name, status);
        test_case.set_classname(file).set_time(outcome.time);
        if !outcome.run.trace.is_empty() {
            test_case.set_system_out(outcome.run.trace.join("\n"));
        }
        total += outcome.time;
        if let Some(suite) = suites.last_mut() {
            suite.time = Some(suite.time.unwrap_or_default() + outcome.time);
            suite.add_test_case(test_case);
        }
    }
    report.set_time(total);
    report.add_test_suites(suites);
    report.to_string().unwrap_or_default()
}
