//! Finds the article files of a corpus directory (all at once, [`scan`], or
//! one directory at a time, [`walk`]) and reads them safely, so
//! the rest of the pipeline only ever sees bounded bytes from inside the
//! corpus: symlinks that leave the corpus are refused, symlinked directories
//! are followed once (no loops), names that are not UTF-8 are reported, and
//! a size limit is checked before and while reading.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tally_model::Diagnostic;

/// Environment variable overriding the default size limit (bytes).
pub const MAX_FILE_BYTES_ENV: &str = "TALLY_MAX_FILE_BYTES";

/// Limits applied when reading a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    /// 16 MiB, or `TALLY_MAX_FILE_BYTES` when set to a number.
    fn default() -> Self {
        let max_file_bytes = std::env::var(MAX_FILE_BYTES_ENV)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(16 * 1024 * 1024);
        Limits { max_file_bytes }
    }
}

/// One file of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CorpusFile {
    /// Path relative to the corpus directory, `/`-separated: the article's `source.path`.
    pub rel_path: String,
    /// The directory `rel_path` is relative to, shared by every file of a
    /// scan: a corpus of many files keeps one copy of it, not one per file.
    pub dir: Arc<Path>,
}

impl CorpusFile {
    /// A file named by a path of its own (relative to the working directory, or absolute).
    pub fn standalone(path: String) -> CorpusFile {
        CorpusFile { rel_path: path, dir: Arc::from(Path::new("")) }
    }

    /// Where to read it.
    pub fn path(&self) -> PathBuf {
        self.dir.join(&self.rel_path)
    }
}

/// What a scan of a corpus directory found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Readable candidate files, sorted by relative path.
    pub files: Vec<CorpusFile>,
    /// Entries refused (a symlink leaving the corpus, a name that is not
    /// UTF-8, an unreadable directory), one diagnostic each, sorted.
    pub rejected: Vec<Diagnostic>,
}

/// Every article file under `dir`, sorted by relative path, or every error
/// found. Hidden files and directories (starting with `.`) are ignored.
pub fn discover(dir: &Path) -> Result<Vec<CorpusFile>, Vec<Diagnostic>> {
    let scan = scan(dir)?;
    if scan.rejected.is_empty() {
        Ok(scan.files)
    } else {
        Err(scan.rejected)
    }
}

/// Scans `dir`, keeping the good files and the refused entries apart so a
/// run can report every problem at once. `Err` only when the directory itself
/// is unusable (missing, not a directory, empty).
pub fn scan(dir: &Path) -> Result<Scan, Vec<Diagnostic>> {
    let mut walk = walk(dir)?;
    let files = walk.by_ref().collect();
    let rejected = walk.finish()?;
    Ok(Scan { files, rejected })
}

/// Starts a [`Walk`] of `dir`; `Err` when the directory is missing, not a
/// directory or cannot be resolved.
pub fn walk(dir: &Path) -> Result<Walk, Vec<Diagnostic>> {
    let name = dir.display().to_string();
    let meta = std::fs::metadata(dir).map_err(|e| {
        let what = if e.kind() == std::io::ErrorKind::NotFound {
            "corpus directory does not exist".to_string()
        } else {
            format!("cannot open the corpus directory: {e}")
        };
        vec![Diagnostic::error(&name, what)]
    })?;
    if !meta.is_dir() {
        return Err(vec![Diagnostic::error(&name, "corpus path is not a directory")]);
    }
    let root = dir
        .canonicalize()
        .map_err(|e| vec![Diagnostic::error(&name, format!("cannot resolve the corpus directory: {e}"))])?;
    let mut walk = Walk {
        dir: Arc::from(dir),
        visited: HashSet::from([root.clone()]),
        root,
        open: Vec::new(),
        rejected: Vec::new(),
        found: 0,
    };
    let top = walk.list(dir, "");
    walk.open.push(top);
    Ok(walk)
}

/// The files of a corpus directory in path order (by relative path, as
/// [`scan`] sorts them), read one directory at a time: memory holds the
/// listings of the directories on the way down, not the whole corpus.
/// Hidden entries are skipped; refused entries are kept for [`Walk::finish`].
pub struct Walk {
    /// The corpus directory as given, shared by every file.
    dir: Arc<Path>,
    /// The corpus directory resolved, which no symlink may leave.
    root: PathBuf,
    /// Directories entered (resolved): each once, so symlink loops end.
    visited: HashSet<PathBuf>,
    /// The listings being walked, innermost last, each in reverse path order.
    open: Vec<Vec<Entry>>,
    rejected: Vec<Diagnostic>,
    found: usize,
}

/// One accepted entry of a directory listing.
enum Entry {
    File(String),
    Dir { rel: String, path: PathBuf, target: PathBuf },
}

impl Entry {
    /// Its place in the walk: a directory sorts as its name followed by `/`,
    /// so taking the entries in this order, depth first, yields files in the
    /// order of their whole relative paths (`a.md` before `a/x.md`, since
    /// `.` sorts before `/`).
    fn key(&self) -> impl Iterator<Item = u8> + '_ {
        let (rel, slash) = match self {
            Entry::File(rel) => (rel, None),
            Entry::Dir { rel, .. } => (rel, Some(b'/')),
        };
        rel.bytes().chain(slash)
    }
}

impl Iterator for Walk {
    type Item = CorpusFile;

    fn next(&mut self) -> Option<CorpusFile> {
        loop {
            let Some(entry) = self.open.last_mut()?.pop() else {
                self.open.pop();
                continue;
            };
            match entry {
                Entry::File(rel_path) => {
                    self.found += 1;
                    return Some(CorpusFile { rel_path, dir: self.dir.clone() });
                }
                // Each directory once, reached by its first path in order.
                Entry::Dir { rel, path, target } => {
                    if self.visited.insert(target) {
                        let listing = self.list(&path, &rel);
                        self.open.push(listing);
                    }
                }
            }
        }
    }
}

impl Walk {
    /// The entries refused, sorted, once every file has been taken (any not
    /// taken yet are skipped); `Err` when the corpus held nothing at all.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        self.by_ref().for_each(drop);
        self.rejected.sort();
        if self.found == 0 && self.rejected.is_empty() {
            let name = self.dir.display().to_string();
            return Err(vec![Diagnostic::error(name, "corpus directory holds no article files")]);
        }
        Ok(self.rejected)
    }

    /// The accepted entries of the directory `current` (at `rel_dir` in the
    /// corpus), in reverse walk order; refused ones go to `rejected`.
    fn list(&mut self, current: &Path, rel_dir: &str) -> Vec<Entry> {
        let mut listing = Vec::new();
        let entries = match std::fs::read_dir(current) {
            Ok(e) => e,
            Err(e) => {
                self.rejected.push(Diagnostic::error(
                    current.display().to_string(),
                    format!("cannot read directory: {e}"),
                ));
                return listing;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.rejected.push(Diagnostic::error(
                        current.display().to_string(),
                        format!("cannot read directory entry: {e}"),
                    ));
                    continue;
                }
            };
            let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
                self.rejected.push(Diagnostic::error(
                    entry.path().to_string_lossy().to_string(),
                    "file name is not valid UTF-8; rename the file",
                ));
                continue;
            };
            if file_name.starts_with('.') {
                continue;
            }
            let rel = if rel_dir.is_empty() { file_name } else { format!("{rel_dir}/{file_name}") };
            let file_type = entry.file_type().ok();
            if file_type.is_some_and(|t| t.is_file()) {
                // A regular file (not a symlink) in a directory already inside
                // the corpus: nothing to resolve. Resolving every file cost
                // about ten system calls each, on a single thread.
                listing.push(Entry::File(rel));
                continue;
            }
            let is_link = file_type.is_some_and(|t| t.is_symlink());
            let path = entry.path();
            let target = match path.canonicalize() {
                Ok(t) => t,
                Err(e) => {
                    let what = if is_link {
                        format!("symlink is broken: {e}")
                    } else {
                        format!("cannot resolve: {e}")
                    };
                    self.rejected.push(Diagnostic::error(&rel, what));
                    continue;
                }
            };
            if is_link && !target.starts_with(&self.root) {
                self.rejected.push(Diagnostic::error(
                    &rel,
                    format!("symlink leaves the corpus directory (points to {})", target.display()),
                ));
                continue;
            }
            if target.is_dir() {
                // A symlink to a directory the walk reaches under its own
                // path is not followed: its files are listed once, there.
                if !(is_link && walked_in_place(&target, &self.root)) {
                    listing.push(Entry::Dir { rel, path, target });
                }
            } else if target.is_file() {
                listing.push(Entry::File(rel));
            }
        }
        listing.sort_unstable_by(|a, b| b.key().cmp(a.key()));
        listing
    }
}

/// Whether the walk reaches the directory `target` (resolved) by its own
/// path: it is inside the corpus `root` and no part of that path is hidden.
fn walked_in_place(target: &Path, root: &Path) -> bool {
    target
        .strip_prefix(root)
        .is_ok_and(|rel| !rel.components().any(|c| c.as_os_str().as_encoded_bytes().starts_with(b".")))
}

/// A corpus file opened ahead of its read by [`open_ahead`]: the open
/// descriptor and the size it had then.
#[derive(Debug)]
pub struct Opened {
    handle: std::fs::File,
    size: u64,
}

impl Opened {
    /// The file's size when it was opened (0 when the system would not say).
    pub fn size(&self) -> u64 {
        self.size
    }
}

/// Opens `file` ahead of its read, notes its size and, unless its start is
/// cached already, asks the operating system to start reading it into its
/// cache, so that [`read_opened`] later finds it there: an archive is often cold on disk, and this lets the reads
/// of the next files overlap the work on these. Keeping the descriptor saves
/// the read a second open (and a stat) of the path: on a warm cache those
/// system calls cost about as much as the read itself. `None` when the file
/// cannot be opened; the read then opens it again and reports why.
pub fn open_ahead(file: &CorpusFile) -> Option<Opened> {
    let handle = std::fs::File::open(file.path()).ok()?;
    let size = handle.metadata().map_or(0, |m| m.len());
    #[cfg(target_os = "linux")]
    if size > 0 && !starts_in_cache(&handle) {
        use std::os::fd::AsRawFd;
        // SAFETY: `handle` is an open descriptor for the whole call; the call
        // only gives the kernel a read-ahead hint and touches no memory.
        unsafe { libc::posix_fadvise(handle.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED) };
    }
    Some(Opened { handle, size })
}

/// Whether the first byte of `handle` is in the page cache: a one-byte read
/// that fails rather than wait for the disk. The hint is given only for
/// files that are not: on a warm cache it costs several times this probe
/// (about 9 µs a file, 3.5% of a 1-thread build of small files), and buys
/// nothing. Where the probe is not available, every file is hinted.
#[cfg(target_os = "linux")]
fn starts_in_cache(handle: &std::fs::File) -> bool {
    #[cfg(target_env = "gnu")]
    {
        use std::os::fd::AsRawFd;
        let mut byte = 0u8;
        let mut slice = libc::iovec { iov_base: (&raw mut byte).cast(), iov_len: 1 };
        // SAFETY: one iovec of one byte, pointing at `byte`, which outlives
        // the call; `handle` is an open descriptor.
        let read = unsafe { libc::preadv2(handle.as_raw_fd(), &raw mut slice, 1, 0, libc::RWF_NOWAIT) };
        read > 0
    }
    #[cfg(not(target_env = "gnu"))]
    {
        let _ = handle;
        false
    }
}

/// Reads one file within the limits: the size is checked from the metadata
/// first, and at most `limit + 1` bytes are read in case the file grows.
pub fn read(file: &CorpusFile, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
    read_opened(file, None, limits)
}

/// [`read`], from the descriptor [`open_ahead`] gave when there is one.
pub fn read_opened(
    file: &CorpusFile,
    opened: Option<Opened>,
    limits: &Limits,
) -> Result<Vec<u8>, Diagnostic> {
    let too_big = |size: u64| {
        Diagnostic::error(
            file.rel_path.clone(),
            format!(
                "file is {size} bytes, over the limit of {} (set {MAX_FILE_BYTES_ENV} or --max-file-bytes to raise it)",
                limits.max_file_bytes
            ),
        )
    };
    let Opened { handle, size } = match opened {
        Some(opened) => opened,
        None => {
            let handle = std::fs::File::open(file.path())
                .map_err(|e| Diagnostic::error(file.rel_path.clone(), format!("cannot read: {e}")))?;
            let size = handle.metadata().map_or(0, |m| m.len());
            Opened { handle, size }
        }
    };
    if size > limits.max_file_bytes {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    handle
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::error(file.rel_path.clone(), format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn files_are_sorted_relative_and_hidden_ones_skipped() {
        let d = dir();
        std::fs::create_dir(d.path().join("sub dir")).unwrap();
        std::fs::write(d.path().join("b.txt"), "b").unwrap();
        std::fs::write(d.path().join("sub dir/ä é.md"), "a").unwrap();
        std::fs::write(d.path().join(".hidden"), "h").unwrap();
        let files = discover(d.path()).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(names, vec!["b.txt", "sub dir/ä é.md"]);
    }

    #[test]
    fn the_walk_yields_files_in_the_order_of_their_whole_paths() {
        let d = dir();
        // `.` and `-` sort before `/`, `0` after it: a directory's files can
        // come before or after its neighbours' depending on the next byte.
        let names =
            ["a.md", "a/x.md", "a/b/c.md", "a/b.md", "a/b-c/d.md", "a-b.md", "a0.md", "b.md", "a/b/z/y.md"];
        for name in names {
            let path = d.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, name).unwrap();
        }
        let walked: Vec<String> = walk(d.path()).unwrap().map(|f| f.rel_path).collect();
        let mut sorted: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        sorted.sort();
        assert_eq!(walked, sorted);
        assert!(walk(d.path()).unwrap().finish().unwrap().is_empty());
    }

    #[test]
    fn missing_and_empty_directories_are_errors_naming_them() {
        let d = dir();
        let missing = d.path().join("nope");
        let e = discover(&missing).unwrap_err();
        assert!(e[0].to_string().contains("nope") && e[0].message.contains("does not exist"));
        let e = discover(d.path()).unwrap_err();
        assert!(e[0].message.contains("no article files"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leaving_the_corpus_are_refused_and_loops_end() {
        let outside = dir();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let d = dir();
        std::fs::write(d.path().join("a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), d.path().join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(d.path(), d.path().join("loop")).unwrap();
        std::os::unix::fs::symlink(d.path().join("a.txt"), d.path().join("inside.txt")).unwrap();
        let s = scan(d.path()).unwrap();
        assert_eq!(s.rejected.len(), 1);
        assert!(s.rejected[0].to_string().starts_with("leak.txt: error: symlink leaves the corpus"));
        let names: Vec<_> = s.files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(names, vec!["a.txt", "inside.txt"]);
        assert!(discover(d.path()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_directories_give_each_file_once() {
        let d = dir();
        let link =
            |target: &str, name: &str| std::os::unix::fs::symlink(d.path().join(target), d.path().join(name));
        std::fs::create_dir_all(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("sub/a.md"), "a").unwrap();
        std::fs::create_dir_all(d.path().join(".store")).unwrap();
        std::fs::write(d.path().join(".store/b.md"), "b").unwrap();
        // An alias of a directory walked anyway, sorting before it: not followed.
        link("sub", "alias").unwrap();
        // The only way into a hidden directory: followed, once, even through a loop.
        link(".store", "store").unwrap();
        link(".store", ".store/again").unwrap();
        let names: Vec<String> = walk(d.path()).unwrap().map(|f| f.rel_path).collect();
        assert_eq!(names, vec!["store/b.md", "sub/a.md"]);
    }

    #[test]
    fn the_size_limit_is_enforced_with_a_clear_message() {
        let d = dir();
        std::fs::write(d.path().join("big.txt"), vec![b'a'; 100]).unwrap();
        let f = CorpusFile { rel_path: "big.txt".into(), dir: Arc::from(d.path()) };
        let e = read(&f, &Limits { max_file_bytes: 99 }).unwrap_err();
        assert!(e.to_string().starts_with("big.txt: error: file is 100 bytes, over the limit of 99"));
        assert_eq!(read(&f, &Limits { max_file_bytes: 100 }).unwrap().len(), 100);
    }

    #[test]
    fn a_file_opened_ahead_reads_as_one_read_by_path() {
        let d = dir();
        std::fs::write(d.path().join("a.txt"), "text").unwrap();
        let present = CorpusFile { rel_path: "a.txt".into(), dir: Arc::from(d.path()) };
        let gone = CorpusFile { rel_path: "gone.txt".into(), dir: Arc::from(d.path()) };
        let opened = open_ahead(&present).unwrap();
        assert_eq!(opened.size(), 4);
        assert_eq!(read_opened(&present, Some(opened), &Limits::default()).unwrap(), b"text");
        // A file that cannot be opened ahead gives the error a plain read gives.
        assert!(open_ahead(&gone).is_none());
        let error = read_opened(&gone, None, &Limits::default()).unwrap_err().to_string();
        assert!(error.starts_with("gone.txt: error: cannot read"), "{error}");
        assert_eq!(error, read(&gone, &Limits::default()).unwrap_err().to_string());
    }

    #[test]
    fn a_file_that_grows_after_it_is_opened_ahead_is_still_held_to_the_limit() {
        let d = dir();
        let path = d.path().join("grows.txt");
        std::fs::write(&path, vec![b'a'; 10]).unwrap();
        let file = CorpusFile { rel_path: "grows.txt".into(), dir: Arc::from(d.path()) };
        let opened = open_ahead(&file).unwrap();
        std::fs::write(&path, vec![b'a'; 100]).unwrap();
        let e = read_opened(&file, Some(opened), &Limits { max_file_bytes: 50 }).unwrap_err();
        assert!(e.to_string().contains("over the limit of 50"), "{e}");
        // and one already over it is refused from its size, before reading
        let opened = open_ahead(&file).unwrap();
        let e = read_opened(&file, Some(opened), &Limits { max_file_bytes: 99 }).unwrap_err();
        assert!(e.to_string().starts_with("grows.txt: error: file is 100 bytes"), "{e}");
    }
}
