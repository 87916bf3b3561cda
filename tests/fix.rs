//! `--fix` never loses data: atomic writes, permissions kept, unchanged files untouched, refusals
//! for read-only files, files changed on disk, bad encodings and binaries.

mod common;

use common::run;

#[cfg(unix)]
#[test]
fn permissions_are_kept_and_unchanged_files_are_not_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "The the end.\n").unwrap();
    std::fs::set_permissions(d.join("a.txt"), std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::write(d.join("clean.txt"), "Fine.\n").unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(d.join("clean.txt"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let o = run(&["check", "--fix", "."], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("a.txt")).unwrap(),
        "The end.\n"
    );
    assert_eq!(
        std::fs::metadata(d.join("a.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o640
    );
    assert_eq!(
        std::fs::metadata(d.join("clean.txt"))
            .unwrap()
            .modified()
            .unwrap(),
        old,
        "an unchanged file is never written"
    );
    let leftovers: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".copydesk-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files are left behind");
}

#[test]
fn read_only_file_is_an_error_and_the_others_are_still_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "The the end.\n").unwrap();
    std::fs::write(d.join("b.txt"), "The the end.\n").unwrap();
    let mut p = std::fs::metadata(d.join("a.txt")).unwrap().permissions();
    p.set_readonly(true);
    std::fs::set_permissions(d.join("a.txt"), p).unwrap();
    let o = run(&["check", "--fix", "."], d);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("error: a.txt: not fixed: the file is read-only; the original is unchanged"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("a.txt")).unwrap(),
        "The the end.\n"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("b.txt")).unwrap(),
        "The end.\n"
    );
}

#[test]
fn a_file_changed_on_disk_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "Edited meanwhile.\n").unwrap();
    let err = copydesk::fix::write_atomic(&p, b"The the end.\n", b"The end.\n").unwrap_err();
    assert!(matches!(err, copydesk::fix::WriteError::Changed));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "Edited meanwhile.\n");
}

#[test]
fn a_failed_write_leaves_the_original() {
    // Writing into a directory that no longer exists fails before anything is renamed.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gone/a.txt");
    let err = copydesk::fix::write_atomic(&p, b"x", b"y").unwrap_err();
    assert!(matches!(err, copydesk::fix::WriteError::Io(_)));
}

#[test]
fn invalid_utf8_is_only_changed_by_encoding_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A stray Windows-1252 byte in UTF-8 text, plus a repeated word.
    let bytes = b"S\xe3o Paulo said the the plan was fine.\n";
    std::fs::write(d.join("a.txt"), bytes).unwrap();
    let o = run(&["check", "--fix", "a.txt"], d);
    assert_eq!(
        std::fs::read(d.join("a.txt")).unwrap(),
        bytes,
        "safe --fix leaves a file with bad bytes alone: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    run(&["check", "--fix", "--unsafe-fixes", "a.txt"], d);
    assert_eq!(
        std::fs::read_to_string(d.join("a.txt")).unwrap(),
        "São Paulo said the the plan was fine.\n",
        "only the encoding fix"
    );
    // Now that the file is valid UTF-8, the repeat can be fixed.
    run(&["check", "--fix", "a.txt"], d);
    assert_eq!(
        std::fs::read_to_string(d.join("a.txt")).unwrap(),
        "São Paulo said the plan was fine.\n"
    );
}

#[test]
fn a_full_disk_leaves_the_original_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "The the end.\n").unwrap();
    let err = copydesk::fix::write_atomic_with(&p, b"The the end.\n", b"The end.\n", |f, data| {
        use std::io::Write;
        f.write_all(&data[..3])?;
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    })
    .unwrap_err();
    assert!(matches!(err, copydesk::fix::WriteError::Io(_)));
    assert!(
        err.to_string().ends_with("the original is unchanged"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "The the end.\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "the temporary file is gone"
    );
}
