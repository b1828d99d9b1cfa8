//! What a page says of itself: JSON-LD first (publishers write it for search engines,
//! so it is the most careful), then OpenGraph and `meta` names, then the document
//! (`<link rel=canonical>`, `<html lang>`, the first `<time datetime>`, `<title>`).

use std::collections::HashMap;

use dom_query::Document;
use serde_json::Value;

use crate::capture::{FoundMetadata, one_line as clean, partial_date};
use crate::model::source::SourceKind;

/// At most this many JSON-LD blocks and authors are read: a page with more is not
/// describing one article.
const MAX_JSON_LD_BLOCKS: usize = 16;
const MAX_AUTHORS: usize = 32;

pub fn found_metadata(document: &Document) -> FoundMetadata {
    let mut found = FoundMetadata::default();
    for block in document
        .select("script[type='application/ld+json']")
        .iter()
        .take(MAX_JSON_LD_BLOCKS)
    {
        if let Ok(value) = serde_json::from_str::<Value>(block.text().trim()) {
            for item in article_items(&value) {
                read_json_ld(item, &mut found);
            }
        }
    }
    // Every `meta` element read once: property, name or itemprop → its contents in
    // document order. (A selector per name walked the whole page twenty times.)
    let mut metas: HashMap<String, Vec<String>> = HashMap::new();
    for node in document.select("meta[content]").iter() {
        let Some(content) = node
            .attr("content")
            .map(|c| clean(&c))
            .filter(|c| !c.is_empty())
        else {
            continue;
        };
        for key in ["property", "name", "itemprop"] {
            if let Some(name) = node.attr(key) {
                metas
                    .entry(name.to_ascii_lowercase())
                    .or_default()
                    .push(content.clone());
            }
        }
    }
    let meta = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|name| {
            metas
                .get(&name.to_ascii_lowercase())
                .and_then(|values| values.first().cloned())
        })
    };
    fill(&mut found.title, || {
        meta(&[
            "og:title",
            "twitter:title",
            "citation_title",
            "dc.title",
            "headline",
        ])
    });
    fill(&mut found.publisher, || {
        meta(&[
            "og:site_name",
            "citation_publisher",
            "dc.publisher",
            "application-name",
        ])
    });
    fill(&mut found.published, || {
        meta(&[
            "article:published_time",
            "datePublished",
            "citation_publication_date",
            "dc.date",
            "date",
            "pubdate",
            "parsely-pub-date",
            "sailthru.date",
        ])
        .and_then(|date| partial_date(&date))
    });
    fill(&mut found.modified, || {
        meta(&["article:modified_time", "og:updated_time", "dateModified"])
            .and_then(|date| partial_date(&date))
    });
    fill(&mut found.canonical_url, || {
        document
            .select("link[rel='canonical']")
            .iter()
            .find_map(|node| {
                node.attr("href")
                    .map(|h| clean(&h))
                    .filter(|h| h.starts_with("http"))
            })
            .or_else(|| meta(&["og:url"]))
    });
    fill(&mut found.language, || {
        document
            .select("html")
            .iter()
            .find_map(|node| {
                node.attr("lang")
                    .map(|l| clean(&l))
                    .filter(|l| !l.is_empty())
            })
            .or_else(|| meta(&["og:locale", "language", "dc.language"]))
    });
    if found.authors.is_empty() {
        for name in [
            "author",
            "article:author",
            "citation_author",
            "dc.creator",
            "parsely-author",
        ] {
            for content in metas.get(name).into_iter().flatten() {
                push_author(&mut found.authors, content);
            }
            if !found.authors.is_empty() {
                break;
            }
        }
    }
    fill_kind(&mut found.kind, || {
        (meta(&["og:type"]).as_deref() == Some("article")).then_some(SourceKind::Article)
    });
    fill(&mut found.published, || {
        document
            .select("time[datetime]")
            .iter()
            .find_map(|node| node.attr("datetime").and_then(|d| partial_date(&d)))
    });
    let site = found.publisher.clone();
    fill(&mut found.title, || {
        let title = document
            .select("title")
            .iter()
            .next()
            .map(|node| clean(&node.text()))?;
        let title = match &site {
            Some(site) => without_site_name(&title, site),
            None => title,
        };
        (!title.is_empty()).then_some(title)
    });
    found
}

/// `Headline | Site` (or `Headline - Site`, `Headline — Site`) without the site's name:
/// `<title>` carries it, the headline does not.
fn without_site_name(title: &str, site: &str) -> String {
    for separator in [" | ", " - ", " — ", " – ", " :: "] {
        if let Some(headline) = title
            .strip_suffix(site)
            .and_then(|rest| rest.strip_suffix(separator))
            && !headline.trim().is_empty()
        {
            return headline.trim().to_owned();
        }
    }
    title.to_owned()
}

/// The source type a schema.org type names, for the types articles are published as.
fn kind_of_schema_type(kind: &str) -> Option<SourceKind> {
    match kind {
        "BlogPosting" | "SocialMediaPosting" | "DiscussionForumPosting" => Some(SourceKind::Post),
        "Report" => Some(SourceKind::Report),
        "Dataset" => Some(SourceKind::Dataset),
        "Book" => Some(SourceKind::Book),
        kind if kind.ends_with("Article") => Some(SourceKind::Article),
        _ => None,
    }
}

fn fill_kind(slot: &mut Option<SourceKind>, value: impl FnOnce() -> Option<SourceKind>) {
    if slot.is_none() {
        *slot = value();
    }
}

fn fill(slot: &mut Option<String>, value: impl FnOnce() -> Option<String>) {
    if slot.is_none() {
        *slot = value();
    }
}

/// The JSON-LD objects that describe an article, whether the block is one object, a
/// list, or a `@graph`.
fn article_items(value: &Value) -> Vec<&Value> {
    let candidates: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(object) => match object.get("@graph") {
            Some(Value::Array(items)) => items.iter().collect(),
            _ => vec![value],
        },
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .filter(|item| {
            let is_article = |kind: &str| {
                kind.ends_with("Article")
                    || matches!(
                        kind,
                        "Report" | "BlogPosting" | "WebPage" | "ScholarlyArticle"
                    )
            };
            match item.get("@type") {
                Some(Value::String(kind)) => is_article(kind),
                Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).any(is_article),
                _ => false,
            }
        })
        .collect()
}

fn read_json_ld(item: &Value, found: &mut FoundMetadata) {
    fill_kind(&mut found.kind, || {
        let kinds: Vec<&str> = match item.get("@type") {
            Some(Value::String(kind)) => vec![kind.as_str()],
            Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        kinds.into_iter().find_map(kind_of_schema_type)
    });
    let text = |key: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .map(clean)
            .filter(|t| !t.is_empty())
    };
    fill(&mut found.title, || {
        text("headline").or_else(|| text("name"))
    });
    fill(&mut found.published, || {
        text("datePublished").and_then(|d| partial_date(&d))
    });
    fill(&mut found.modified, || {
        text("dateModified").and_then(|d| partial_date(&d))
    });
    fill(&mut found.language, || text("inLanguage"));
    fill(&mut found.canonical_url, || {
        text("url")
            .filter(|url| url.starts_with("http"))
            .or_else(|| {
                item.get("mainEntityOfPage")
                    .and_then(|page| page.get("@id").or(Some(page)))
                    .and_then(Value::as_str)
                    .map(clean)
                    .filter(|url| url.starts_with("http"))
            })
    });
    fill(&mut found.publisher, || {
        item.get("publisher").and_then(|publisher| match publisher {
            Value::String(name) => Some(clean(name)),
            other => other.get("name").and_then(Value::as_str).map(clean),
        })
    });
    if found.authors.is_empty() {
        let authors = match item.get("author") {
            Some(Value::Array(list)) => list.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for author in authors {
            match author {
                Value::String(name) => push_author(&mut found.authors, name),
                other => {
                    if let Some(name) = other.get("name").and_then(Value::as_str) {
                        push_author(&mut found.authors, name);
                    }
                }
            }
        }
    }
}

/// Adds a person's name as written, without a leading "By" and without URLs
/// (`article:author` is often a profile link), once.
fn push_author(authors: &mut Vec<String>, name: &str) {
    let name = clean(name);
    let name = name
        .strip_prefix("By ")
        .or_else(|| name.strip_prefix("by "))
        .unwrap_or(&name)
        .trim()
        .to_owned();
    if name.is_empty()
        || name.contains("://")
        || authors.len() >= MAX_AUTHORS
        || authors.contains(&name)
    {
        return;
    }
    authors.push(name);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_comes_first_then_opengraph_then_the_document() {
        let html = r#"<html lang="en"><head><title>Page title | Site</title>
            <meta property="og:site_name" content="The Site">
            <meta property="og:title" content="OG title">
            <meta property="article:published_time" content="2020-12-03T10:00:00Z">
            <link rel="canonical" href="https://example.com/a">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"ignored"},
              {"@type":"NewsArticle","headline":"LD headline","author":[{"@type":"Person","name":"Ann Lee"},{"name":"By Bo Ma"}],
               "dateModified":"2020-12-04T08:00:00+02:00","publisher":{"name":"LD Publisher"}}]}</script>
            </head><body><p>x</p></body></html>"#;
        let found = found_metadata(&Document::from(html));
        assert_eq!(found.title.as_deref(), Some("LD headline"));
        assert_eq!(found.publisher.as_deref(), Some("LD Publisher"));
        assert_eq!(found.authors, ["Ann Lee", "Bo Ma"]);
        assert_eq!(found.published.as_deref(), Some("2020-12-03"));
        assert_eq!(found.modified.as_deref(), Some("2020-12-04"));
        assert_eq!(
            found.canonical_url.as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(found.language.as_deref(), Some("en"));
        assert_eq!(found.kind, Some(SourceKind::Article));
    }

    #[test]
    fn a_bare_page_gives_its_title_and_time() {
        let html = "<title> A\n page </title><body><time datetime='2019-11-20'>Nov 20</time>\
                    <meta name='author' content='https://x.com/me'><meta name='author' content='Jo Ng'></body>";
        let found = found_metadata(&Document::from(html));
        assert_eq!(found.title.as_deref(), Some("A page"));
        let with_site =
            "<title>Rockets hit base | Wire</title><meta property='og:site_name' content='Wire'>";
        assert_eq!(
            found_metadata(&Document::from(with_site)).title.as_deref(),
            Some("Rockets hit base")
        );
        assert_eq!(found.published.as_deref(), Some("2019-11-20"));
        assert_eq!(found.authors, ["Jo Ng"]);
    }
}
