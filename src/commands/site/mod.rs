//! `voiperr site --out DIR`: the catalog as a static site. A page per
//! reason (and per alias, pointing to it), endpoint, resource and HTTP code,
//! each in HTML and Markdown; an index with typo-tolerant search; `llms.txt`
//! for agents. Same data and wording as the CLI; no external requests; the
//! same bytes on every run.

mod doc;
mod pages;
mod search_index;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::Outcome;
use crate::catalog::Catalog;
use crate::cli::SiteArgs;
use crate::output::{Ui, write_json};
use crate::server_index;
use doc::{Inline, Page, link, text};

const STYLE: &str = include_str!("assets/style.css");
const SEARCH: &str = include_str!("assets/search.js");

/// Every page of the site, in a fixed order.
fn all_pages() -> Vec<Page> {
    let catalog = Catalog::get();
    let mut pages = vec![pages::index()];
    for reason in catalog.reasons() {
        pages.push(pages::reason(reason));
        for alias in reason.aliases() {
            pages.push(pages::alias(alias, reason));
        }
    }
    pages.push(pages::listing(
        "resources/index",
        "Resources",
        pages::resource_items(),
    ));
    pages.extend(catalog.sections().iter().map(pages::resource));
    pages.push(pages::listing(
        "codes/index",
        "HTTP codes",
        pages::code_items(),
    ));
    pages.extend(pages::http_codes().into_iter().map(pages::http_code));
    pages.push(pages::listing(
        "endpoints/index",
        "Endpoints",
        pages::endpoint_items(),
    ));
    pages.extend(
        pages::endpoints()
            .iter()
            .map(|(method, path)| pages::endpoint(method.as_deref(), path)),
    );
    pages
}

/// What every page's footer says: where the catalog comes from, and credit.
fn footer() -> Vec<Inline> {
    let source = Catalog::get().source();
    vec![
        text(format!(
            "Made by voiperr {} from VoIPbin's error reason page ({}) and the server's code at {} (VoIPbin, {}). ",
            env!("CARGO_PKG_VERSION"),
            source.page_date(),
            server_index::commit(),
            source.license()
        )),
        link("All reasons", "index#reasons"),
    ]
}

/// The search index as JSON (`search-index.json`, for any tool) and as the
/// script the index page loads (`search-index.js`: a page opened from
/// `file://` may not fetch JSON).
fn search_index() -> io::Result<(String, String)> {
    let mut json = Vec::new();
    write_json(&mut json, &search_index::build(), false)?;
    let json = String::from_utf8_lossy(&json).into_owned();
    Ok((
        format!("window.VOIPERR_INDEX = {json};\n"),
        format!("{json}\n"),
    ))
}

/// `llms.txt` (llmstxt.org): what the site is, and its Markdown pages.
fn llms_txt(pages: &[Page]) -> String {
    let mut out = String::from(
        "# voiperr: VoIPbin API error reasons\n\n> Every error reason VoIPbin's REST API answers with (`error.reason`): HTTP code, cause, fix, retry advice, and what the server's code really does. Branch on `reason`, never on `message`.\n\n",
    );
    let sections = [
        ("Reasons", "reasons/"),
        ("Resources", "resources/"),
        ("HTTP codes", "codes/"),
        ("Endpoints", "endpoints/"),
    ];
    for (title, folder) in sections {
        let _ = writeln!(out, "## {title}\n");
        for page in pages.iter().filter(|p| p.path.starts_with(folder)) {
            let _ = writeln!(
                out,
                "- [{}]({}.md): {}",
                page.title, page.path, page.summary
            );
        }
        out.push('\n');
    }
    out
}

/// Where the site goes. Inside it, voiperr writes only files and
/// directories it makes, never through a link someone else put there: a
/// directory inside must be a real one, and a file is written new beside
/// its place and renamed over it (which replaces a link, not its target).
struct Out<'d> {
    dir: &'d Path,
    /// The directories inside `dir` checked or made so far.
    made: HashSet<PathBuf>,
}

impl Out<'_> {
    /// `dir/folder`, a real directory (made when missing).
    fn folder(&mut self, folder: &Path) -> io::Result<()> {
        if folder.as_os_str().is_empty() || self.made.contains(folder) {
            return Ok(());
        }
        if let Some(parent) = folder.parent() {
            self.folder(parent)?;
        }
        let path = self.dir.join(folder);
        match fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let kind = fs::symlink_metadata(&path)?.file_type();
                if kind.is_symlink() || !kind.is_dir() {
                    let what = if kind.is_symlink() {
                        "a symbolic link"
                    } else {
                        "not a directory"
                    };
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!(
                            "{} is {what}, and voiperr writes only into directories it makes: remove it",
                            path.display()
                        ),
                    ));
                }
            }
            Err(e) => return Err(e),
        }
        self.made.insert(folder.to_owned());
        Ok(())
    }

    fn write(&mut self, name: &str, content: &str) -> io::Result<()> {
        let name = Path::new(name);
        self.folder(name.parent().unwrap_or(Path::new("")))?;
        let path = self.dir.join(name);
        let cannot = |e: io::Error| {
            io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
        };
        let file_name = name
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let new = path.with_file_name(format!(".{file_name}.voiperr-{}", std::process::id()));
        // A new file (create_new fails on any file or link already there), then renamed into place.
        let written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&new)
            .and_then(|mut file| file.write_all(content.as_bytes()))
            .and_then(|()| fs::rename(&new, &path));
        if written.is_err() {
            let _ = fs::remove_file(&new);
        }
        written.map_err(cannot)
    }
}

/// Writes the whole site into `dir`; the number of pages.
pub fn build(dir: &Path) -> io::Result<usize> {
    fs::create_dir_all(dir)?;
    let mut out = Out {
        dir,
        made: HashSet::new(),
    };
    let pages = all_pages();
    let footer = footer();
    for page in &pages {
        out.write(&format!("{}.html", page.path), &doc::html(page, &footer))?;
        out.write(&format!("{}.md", page.path), &doc::markdown(page, &footer))?;
    }
    out.write("style.css", STYLE)?;
    out.write("search.js", SEARCH)?;
    let (script, json) = search_index()?;
    out.write("search-index.js", &script)?;
    out.write("search-index.json", &json)?;
    out.write("llms.txt", &llms_txt(&pages))?;
    Ok(pages.len())
}

pub fn run(args: &SiteArgs, ui: &mut Ui) -> io::Result<Outcome> {
    match build(&args.out) {
        Ok(count) => {
            ui.note(&format!(
                "wrote {count} pages (HTML and Markdown), search and llms.txt to {}; open {}",
                args.out.display(),
                args.out.join("index.html").display()
            ))?;
            Ok(Outcome::Found)
        }
        Err(e) => {
            ui.error(&format!(
                "cannot write the site into {}: {e}; choose a directory you can write to",
                args.out.display()
            ))?;
            Ok(Outcome::Failed)
        }
    }
}
