//! `apigw-vtl.toml`: which rules are turned off.
//!
//! ```toml
//! [lint]
//! allow = ["foreach-over-payload", "unquoted-input-path"]
//! ```

use std::collections::BTreeSet;

/// The linter's settings: the rules turned off.
///
/// # Examples
/// ```
/// use apigw_vtl::lint::Config;
/// let config = Config::parse("[lint]\nallow = [\"unknown-variable\"]\n")?;
/// assert!(!config.enabled("unknown-variable"));
/// assert!(config.enabled("unknown-util-method"));
/// assert!(Config::parse("[lint]\nallow = [\"no-such-rule\"]").is_err());
/// # Ok::<(), apigw_vtl::lint::ConfigError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    allowed: BTreeSet<String>,
}

/// Why a config file cannot be used, with the line and column when TOML says.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    message: String,
}

impl Config {
    /// Reads the text of an `apigw-vtl.toml`.
    ///
    /// # Errors
    /// Not TOML, `lint.allow` not a list of strings, or a rule id that does not exist.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError {
            message: e.to_string().trim_end().to_string(),
        })?;
        let mut config = Config::default();
        let Some(lint) = table.get("lint") else {
            return Ok(config);
        };
        let bad = |message: &str| ConfigError {
            message: message.to_string(),
        };
        let lint = lint
            .as_table()
            .ok_or_else(|| bad("`lint` must be a table (`[lint]`)"))?;
        for key in lint.keys() {
            if key != "allow" {
                return Err(bad(&format!("unknown key `lint.{key}`; expected `allow`")));
            }
        }
        if let Some(allow) = lint.get("allow") {
            let items = allow
                .as_array()
                .ok_or_else(|| bad("`lint.allow` must be a list of rule ids"))?;
            for item in items {
                let id = item
                    .as_str()
                    .ok_or_else(|| bad("`lint.allow` must be a list of rule ids"))?;
                config = config.allow(id)?;
            }
        }
        Ok(config)
    }

    /// The same config with rule `id` turned off.
    ///
    /// # Errors
    /// No rule has that id (the message suggests the closest).
    pub fn allow(mut self, id: &str) -> Result<Config, ConfigError> {
        if super::rule(id).is_none() {
            let hint = super::names::did_you_mean(id, super::rules().iter().map(|r| r.id))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return Err(ConfigError {
                message: format!("no rule `{id}` (`apigw-vtl rules` lists them){hint}"),
            });
        }
        self.allowed.insert(id.to_string());
        Ok(self)
    }

    /// Whether rule `id` is on.
    pub fn enabled(&self, id: &str) -> bool {
        !self.allowed.contains(id)
    }
}
