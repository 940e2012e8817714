//! A page of the site as data (headings, labelled fields, lists, tables),
//! and its two renderings: HTML for people, Markdown for agents. One model,
//! so the two never say different things.

use std::fmt::Write as _;

use crate::output::markup_text as escape;

/// A piece of text, or a link to another page of the site (its path without
/// extension, from the site's root: `reasons/CALL_NOT_FOUND`, `#anchor` allowed).
#[derive(Clone, Debug)]
pub enum Inline {
    Text(String),
    Code(String),
    Link { text: String, to: String },
}

pub fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

pub fn link(text: impl Into<String>, to: impl Into<String>) -> Inline {
    Inline::Link {
        text: text.into(),
        to: to.into(),
    }
}

#[derive(Debug)]
pub enum Block {
    /// A section heading (level 2), with the anchor it can be linked by.
    Heading(String, String),
    Paragraph(Vec<Inline>),
    /// `Label  value`, as the CLI's cards show it.
    Field(&'static str, Vec<Inline>),
    /// A field whose value is several lines.
    Items(&'static str, Vec<Vec<Inline>>),
    /// A field that says where the server differs from the page.
    Marked(&'static str, Vec<Inline>),
    Table(Vec<&'static str>, Vec<Vec<Vec<Inline>>>),
    /// Places a link may point at (`id` attributes), such as an alias.
    Anchors(Vec<String>),
    /// The search box (the index page's).
    Search,
}

pub struct Page {
    /// Where it lives, without extension: `reasons/CALL_NOT_FOUND`.
    pub path: String,
    pub title: String,
    /// One line: the page's `<meta name="description">` and its `llms.txt` entry.
    pub summary: String,
    pub blocks: Vec<Block>,
}

/// The way from one page up to the site's root: `../` per folder.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// `to` as a link from the page at `from`, with the given extension.
pub fn href(from: &str, to: &str, extension: &str) -> String {
    match to.split_once('#') {
        Some(("", anchor)) => format!("#{anchor}"),
        Some((page, anchor)) => format!("{}{page}.{extension}#{anchor}", root_of(from)),
        None => format!("{}{to}.{extension}", root_of(from)),
    }
}

fn inline_html(out: &mut String, from: &str, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(t) => {
                let _ = write!(out, "<code>{}</code>", escape(t));
            }
            Inline::Link { text, to } => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    escape(&href(from, to, "html")),
                    escape(text)
                );
            }
        }
    }
}

/// The page as a whole HTML document, in the site's layout.
pub fn html(page: &Page, footer: &[Inline]) -> String {
    let root = root_of(&page.path);
    let mut body = String::new();
    let mut in_fields = false;
    for block in &page.blocks {
        let field = matches!(
            block,
            Block::Field(..) | Block::Items(..) | Block::Marked(..)
        );
        if field && !in_fields {
            body.push_str("<dl>\n");
        } else if !field && in_fields {
            body.push_str("</dl>\n");
        }
        in_fields = field;
        match block {
            Block::Heading(title, id) => {
                let _ = writeln!(body, "<h2 id=\"{}\">{}</h2>", escape(id), escape(title));
            }
            Block::Paragraph(inlines) => {
                body.push_str("<p>");
                inline_html(&mut body, &page.path, inlines);
                body.push_str("</p>\n");
            }
            Block::Field(label, inlines) | Block::Marked(label, inlines) => {
                let class = if matches!(block, Block::Marked(..)) {
                    " class=\"server\""
                } else {
                    ""
                };
                let _ = write!(body, "<dt{class}>{}</dt><dd{class}>", escape(label));
                inline_html(&mut body, &page.path, inlines);
                body.push_str("</dd>\n");
            }
            Block::Items(label, items) => {
                let _ = write!(body, "<dt>{}</dt><dd><ul>", escape(label));
                for item in items {
                    body.push_str("<li>");
                    inline_html(&mut body, &page.path, item);
                    body.push_str("</li>");
                }
                body.push_str("</ul></dd>\n");
            }
            Block::Table(head, rows) => {
                body.push_str("<div class=\"table\"><table>\n<thead><tr>");
                for h in head {
                    let _ = write!(body, "<th scope=\"col\">{}</th>", escape(h));
                }
                body.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row {
                        body.push_str("<td>");
                        inline_html(&mut body, &page.path, cell);
                        body.push_str("</td>");
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</tbody></table></div>\n");
            }
            Block::Anchors(ids) => {
                for id in ids {
                    let _ = writeln!(body, "<span id=\"{}\"></span>", escape(id));
                }
            }
            Block::Search => {
                let _ = write!(
                    body,
                    "<form role=\"search\" action=\"#\"><label for=\"search\">Search reasons (typos are fine)</label>
<input id=\"search\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"CALL_ALREADY_ENDED, balance, 409\">
</form>
<p id=\"search-status\" role=\"status\" aria-live=\"polite\"></p>
<ol id=\"results\"></ol>
<script src=\"{root}search-index.js\"></script>
<script src=\"{root}search.js\"></script>
"
                );
            }
        }
    }
    if in_fields {
        body.push_str("</dl>\n");
    }
    let mut foot = String::new();
    inline_html(&mut foot, &page.path, footer);
    format!(
        "<!doctype html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta name=\"color-scheme\" content=\"light dark\">
<title>{title} · voiperr</title>
<meta name=\"description\" content=\"{summary}\">
<link rel=\"stylesheet\" href=\"{root}style.css\">
<link rel=\"alternate\" type=\"text/markdown\" href=\"{markdown}\">
</head>
<body>
<a class=\"skip\" href=\"#main\">Skip to content</a>
<header><nav aria-label=\"Site\"><a class=\"home\" href=\"{root}index.html\">voiperr</a> <a href=\"{root}index.html#reasons\">Reasons</a> <a href=\"{root}resources/index.html\">Resources</a> <a href=\"{root}codes/index.html\">HTTP codes</a> <a href=\"{root}endpoints/index.html\">Endpoints</a></nav></header>
<main id=\"main\">
<h1>{title}</h1>
{body}</main>
<footer><p>{foot} · <a href=\"{markdown}\">Markdown</a></p></footer>
</body>
</html>
",
        title = escape(&page.title),
        summary = escape(&page.summary),
        markdown = escape(&href(&page.path, &page.path, "md")),
    )
}

fn inline_markdown(out: &mut String, from: &str, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Code(t) => {
                let _ = write!(out, "`{t}`");
            }
            Inline::Link { text, to } => {
                let _ = write!(out, "[{text}]({})", href(from, to, "md"));
            }
        }
    }
}

/// The page as Markdown: the same blocks, for agents and plain readers.
pub fn markdown(page: &Page, footer: &[Inline]) -> String {
    let mut out = format!("# {}\n\n", page.title);
    let line = |out: &mut String, inlines: &[Inline]| {
        let mut text = String::new();
        inline_markdown(&mut text, &page.path, inlines);
        out.push_str(&text.replace('|', "\\|"));
    };
    for block in &page.blocks {
        match block {
            Block::Heading(title, _) => {
                let _ = write!(out, "## {title}\n\n");
            }
            Block::Paragraph(inlines) => {
                inline_markdown(&mut out, &page.path, inlines);
                out.push_str("\n\n");
            }
            Block::Field(label, inlines) | Block::Marked(label, inlines) => {
                let _ = write!(out, "**{label}**: ");
                inline_markdown(&mut out, &page.path, inlines);
                out.push_str("\n\n");
            }
            Block::Items(label, items) => {
                let _ = writeln!(out, "**{label}**:\n");
                for item in items {
                    out.push_str("- ");
                    inline_markdown(&mut out, &page.path, item);
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(head, rows) => {
                let _ = writeln!(out, "| {} |", head.join(" | "));
                let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
                for row in rows {
                    out.push('|');
                    for cell in row {
                        out.push(' ');
                        line(&mut out, cell);
                        out.push_str(" |");
                    }
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Anchors(_) => {}
            Block::Search => out.push_str(
                "Search from a terminal: `voiperr explain NAME` (typo-tolerant) or `voiperr search WORDS`.\n\n",
            ),
        }
    }
    out.push_str("---\n\n");
    inline_markdown(&mut out, &page.path, footer);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        assert_eq!(href("index", "reasons/A", "html"), "reasons/A.html");
        assert_eq!(href("reasons/A", "codes/404", "md"), "../codes/404.md");
        assert_eq!(
            href("reasons/A", "reasons/B#x", "html"),
            "../reasons/B.html#x"
        );
        assert_eq!(href("reasons/A", "#x", "html"), "#x");
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
