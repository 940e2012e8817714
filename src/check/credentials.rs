//! The access key and API base, found as VoIPbin's `vn` CLI finds them:
//! `VN_ACCESS_KEY`, else the profile's `access_key` in `~/.vn/config.yaml`
//! (`current_profile`, or `--profile NAME`); the base from `--api-url`, else
//! the profile's `api_url`, else the default. voiperr has no flag that takes
//! a key: it would show in `ps` and in shell history.

use std::fmt;
use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, Yaml};

use super::base::{ApiBase, DEFAULT_BASE};

/// An access key: never printed (no `Display`; `Debug` masks it).
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey(String);

impl AccessKey {
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// How the key could come back in an answer or a message: as it is, and
    /// percent-encoded as the query carries it (see [`spellings`]).
    pub fn spellings(&self) -> Vec<String> {
        spellings([self.0.as_str()])
    }
}

/// Keys shorter than this are not looked for in output: so short a key
/// (never one VoIPbin issues) would mask ordinary words.
const CONCEALED_FROM: usize = 8;

/// The spellings of `keys` to mask in whatever `--check` says ([`super::conceal`]).
fn spellings<'k>(keys: impl IntoIterator<Item = &'k str>) -> Vec<String> {
    keys.into_iter()
        .filter(|key| key.len() >= CONCEALED_FROM)
        .flat_map(|key| [key.to_owned(), query_value(key)])
        .collect()
}

/// Percent-encodes a query value: everything but RFC 3986's unreserved characters.
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessKey(***)")
    }
}

/// What a check needs, or why it cannot be made.
#[derive(Debug)]
pub struct Setup {
    pub base: ApiBase,
    /// None: no key anywhere (checks are skipped with a note).
    pub key: Option<AccessKey>,
    /// Where the key came from, for messages: `VN_ACCESS_KEY`, `profile 'staging'`.
    pub key_from: String,
}

/// One profile of the file.
#[derive(Debug, Default, PartialEq, Eq)]
struct Profile {
    access_key: Option<String>,
    api_url: Option<String>,
}

/// The profile file as `vn` writes it; None when there is none.
#[derive(Debug, PartialEq, Eq)]
struct ConfigFile {
    current_profile: Option<String>,
    profiles: Vec<(String, Profile)>,
}

/// `~/.vn/config.yaml` (`vn` reads `$HOME`, as Go's `os.UserHomeDir` does).
pub fn config_path(home: Option<&Path>) -> Option<PathBuf> {
    home.map(|h| h.join(".vn").join("config.yaml"))
}

fn parse_config(text: &str, shown: &str) -> Result<ConfigFile, String> {
    let malformed = |why: String| {
        format!(
            "{shown} is not a vn profile file ({why}); fix it, run 'vn login' again, or set VN_ACCESS_KEY"
        )
    };
    let docs = Yaml::load_from_str(text).map_err(|e| {
        let at = e.marker();
        malformed(format!(
            "YAML error at line {}, column {}",
            at.line(),
            at.col() + 1
        ))
    })?;
    let Some(doc) = docs.first() else {
        return Ok(ConfigFile {
            current_profile: None,
            profiles: Vec::new(),
        });
    };
    if doc.is_null() {
        return Ok(ConfigFile {
            current_profile: None,
            profiles: Vec::new(),
        });
    }
    if !doc.is_mapping() {
        return Err(malformed("its top level is not a mapping".to_owned()));
    }
    let text_of = |node: Option<&Yaml>, key: &str| -> Result<Option<String>, String> {
        match node {
            None => Ok(None),
            Some(n) if n.is_null() => Ok(None),
            Some(n) => n
                .as_str()
                .map(|s| Some(s.to_owned()))
                .ok_or_else(|| malformed(format!("{key} is not text"))),
        }
    };
    let current_profile = text_of(doc.as_mapping_get("current_profile"), "current_profile")?;
    let mut profiles = Vec::new();
    match doc.as_mapping_get("profiles") {
        None => {}
        Some(node) if node.is_null() => {}
        Some(node) => {
            let map = node
                .as_mapping()
                .ok_or_else(|| malformed("profiles is not a mapping".to_owned()))?;
            for (name, profile) in map {
                let name = name
                    .as_str()
                    .ok_or_else(|| malformed("a profile's name is not text".to_owned()))?;
                if !profile.is_mapping() && !profile.is_null() {
                    return Err(malformed(format!("profile '{name}' is not a mapping")));
                }
                profiles.push((
                    name.to_owned(),
                    Profile {
                        access_key: text_of(profile.as_mapping_get("access_key"), "access_key")?
                            .filter(|k| !k.is_empty()),
                        api_url: text_of(profile.as_mapping_get("api_url"), "api_url")?
                            .filter(|u| !u.is_empty()),
                    },
                ));
            }
        }
    }
    Ok(ConfigFile {
        current_profile,
        profiles,
    })
}

/// Finds the key and base. `env` reads the environment, `home` is `$HOME`.
/// An error is one sentence (exit 2); a missing key is not an error.
pub fn resolve(
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
    profile: Option<&str>,
    api_url: Option<&str>,
) -> Result<Setup, String> {
    let env_key = env("VN_ACCESS_KEY").filter(|k| !k.trim().is_empty());
    // A base given on the command line is checked before the file is read;
    // a message quoting a setting never shows a key (one pasted in the wrong place).
    let flag_base = api_url
        .map(|url| ApiBase::parse(url, "--api-url"))
        .transpose()
        .map_err(|e| super::conceal(&e, &spellings(env_key.as_deref())).into_owned())?;
    // The file is read only when something still comes from it.
    let needs_file = profile.is_some() || env_key.is_none() || flag_base.is_none();
    let path = config_path(home);
    let shown = "~/.vn/config.yaml";
    let file = match (&path, needs_file) {
        (Some(path), true) => match std::fs::read_to_string(path) {
            Ok(text) => Some(parse_config(&text, shown)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(format!(
                    "cannot read {shown}: {e}; fix its permissions or set VN_ACCESS_KEY"
                ));
            }
        },
        _ => None,
    };
    let keys = spellings(
        env_key
            .as_deref()
            .into_iter()
            .chain(file.iter().flat_map(|f| {
                f.profiles
                    .iter()
                    .filter_map(|(_, p)| p.access_key.as_deref())
            })),
    );
    let hide = |sentence: String| super::conceal(&sentence, &keys).into_owned();
    // As vn: the named profile, else current_profile, else "default".
    let name = profile
        .map(str::to_owned)
        .or_else(|| file.as_ref().and_then(|f| f.current_profile.clone()))
        .unwrap_or_else(|| "default".to_owned());
    let chosen = file
        .as_ref()
        .and_then(|f| f.profiles.iter().find(|(n, _)| *n == name))
        .map(|(_, p)| p);
    if profile.is_some() && chosen.is_none() {
        let known: Vec<&str> = file
            .iter()
            .flat_map(|f| f.profiles.iter().map(|(n, _)| n.as_str()))
            .collect();
        let listed = if known.is_empty() {
            format!("{shown} has no profiles")
        } else {
            format!("its profiles: {}", known.join(", "))
        };
        return Err(hide(format!(
            "--profile '{}': no such profile in {shown} ({listed}); create it with 'vn login --profile NAME'",
            crate::untrusted::Untrusted::new(&name)
        )));
    }
    let base = match flag_base {
        Some(base) => base,
        None => match chosen.and_then(|p| p.api_url.as_deref()) {
            Some(url) => {
                ApiBase::parse(url, &format!("the api_url of profile '{name}'")).map_err(hide)?
            }
            None => ApiBase::parse(DEFAULT_BASE, "the default base")?,
        },
    };
    let (key, key_from) = match env_key {
        Some(key) => (Some(AccessKey(key)), "VN_ACCESS_KEY".to_owned()),
        None => (
            chosen.and_then(|p| p.access_key.clone()).map(AccessKey),
            format!("profile '{name}' of {shown}"),
        ),
    };
    Ok(Setup {
        base,
        key,
        key_from,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn home_with(config: &str) -> tempfile::TempDir {
        let home = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(home.path().join(".vn")).expect("mkdir");
        std::fs::write(home.path().join(".vn/config.yaml"), config).expect("write");
        home
    }

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    // As `vn login --profile staging --api-url …` writes it (yaml.v3, Config struct).
    const VN_CONFIG: &str = "current_profile: production\nprofiles:\n    production:\n        access_key: key-prod\n    staging:\n        access_key: key-staging\n        api_url: https://staging-api.voipbin.net/v1.0\n";

    #[test]
    fn the_current_profile_gives_the_key_and_the_default_base() {
        let home = home_with(VN_CONFIG);
        let setup = resolve(&env(&[]), Some(home.path()), None, None).expect("ok");
        assert_eq!(setup.key.as_ref().map(AccessKey::expose), Some("key-prod"));
        assert_eq!(setup.base.url, DEFAULT_BASE);
        assert!(setup.key_from.contains("production"));
    }

    #[test]
    fn profile_picks_another_and_its_api_url() {
        let home = home_with(VN_CONFIG);
        let setup = resolve(&env(&[]), Some(home.path()), Some("staging"), None).expect("ok");
        assert_eq!(
            setup.key.as_ref().map(AccessKey::expose),
            Some("key-staging")
        );
        assert_eq!(setup.base.host, "staging-api.voipbin.net");
    }

    #[test]
    fn the_environment_key_wins_and_the_profile_still_gives_the_base() {
        let home = home_with(VN_CONFIG);
        let setup = resolve(
            &env(&[("VN_ACCESS_KEY", "key-env")]),
            Some(home.path()),
            Some("staging"),
            None,
        )
        .expect("ok");
        assert_eq!(setup.key.as_ref().map(AccessKey::expose), Some("key-env"));
        assert_eq!(setup.base.host, "staging-api.voipbin.net");
        let flag = resolve(
            &env(&[("VN_ACCESS_KEY", "key-env")]),
            Some(home.path()),
            None,
            Some("http://127.0.0.1:9/v1.0"),
        )
        .expect("ok");
        assert_eq!(flag.base.url, "http://127.0.0.1:9/v1.0");
    }

    #[test]
    fn no_file_and_no_variable_is_no_key_not_an_error() {
        let home = tempfile::tempdir().expect("temp dir");
        let setup = resolve(&env(&[]), Some(home.path()), None, None).expect("ok");
        assert!(setup.key.is_none());
    }

    #[test]
    fn a_missing_profile_or_a_broken_file_is_one_sentence_without_the_key() {
        let home = home_with(VN_CONFIG);
        let error = resolve(&env(&[]), Some(home.path()), Some("qa"), None).expect_err("no qa");
        assert!(error.contains("production, staging"), "{error}");
        let broken = home_with("current_profile: [\nprofiles: key-secret-123\n");
        let error = resolve(&env(&[]), Some(broken.path()), None, None).expect_err("broken");
        assert!(error.contains("line"), "{error}");
        let wrong = home_with("profiles:\n  a: key-secret-123\n");
        let error = resolve(&env(&[]), Some(wrong.path()), Some("a"), None).expect_err("wrong");
        assert!(!error.contains("key-secret-123"), "{error}");
        let http = home_with(
            "current_profile: a\nprofiles:\n  a:\n    access_key: k\n    api_url: http://api.example.invalid/v1.0\n",
        );
        let error = resolve(&env(&[]), Some(http.path()), None, None).expect_err("http");
        assert!(error.starts_with("the api_url of profile 'a'"), "{error}");
    }

    #[test]
    fn the_key_never_shows_in_debug() {
        assert_eq!(
            format!("{:?}", AccessKey("s3cret".to_owned())),
            "AccessKey(***)"
        );
    }
}
