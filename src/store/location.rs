//! Where the data folder is: `--data-dir`, else `RIGHTPARTY_DATA_DIR`, else the folder named in
//! `config.ron` in the OS config folder, else the OS data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The environment variable naming the data folder.
pub const DATA_DIR_ENV: &str = "RIGHTPARTY_DATA_DIR";

/// The config file's name inside the OS config folder.
pub const CONFIG_FILE: &str = "config.ron";

/// The small config file the app's settings screen writes and the CLI reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The data folder, if chosen.
    pub data_dir: Option<PathBuf>,
}

/// Where the data folder was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataDirSource {
    /// The `--data-dir` option.
    Option,
    /// The `RIGHTPARTY_DATA_DIR` variable.
    Env,
    /// The config file at this path.
    Config(PathBuf),
    /// The OS data folder.
    Os,
}

/// The data folder could not be found.
#[derive(Debug, thiserror::Error)]
pub enum LocateError {
    /// The config file exists but cannot be read.
    #[error("cannot read the config file {}: {reason}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// No option, variable or config file, and the OS has no data folder for this user.
    #[error("no data folder: give --data-dir DIR or set {DATA_DIR_ENV}")]
    NoHome,
}

/// The OS folders for rightparty (`None` when the OS has no home folder for this user).
fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "rightparty")
}

/// The config file's path in the OS config folder.
pub fn config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join(CONFIG_FILE))
}

/// Reads a config file; a missing file is the default config.
pub fn read_config(path: &Path) -> Result<Config, LocateError> {
    match std::fs::read_to_string(path) {
        Ok(text) => ron::from_str(&text).map_err(|e| LocateError::Config {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(LocateError::Config {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }),
    }
}

/// The data folder from the option, the environment, the OS config file and the OS data folder,
/// in that order.
pub fn data_dir(option: Option<&Path>) -> Result<(PathBuf, DataDirSource), LocateError> {
    data_dir_from(
        option,
        std::env::var_os(DATA_DIR_ENV).map(PathBuf::from),
        config_path().as_deref(),
        project_dirs().map(|d| d.data_dir().to_path_buf()),
    )
}

/// [`data_dir`] with its inputs given: the option, the variable's value, the config file's
/// path and the OS data folder. Empty values count as not given.
pub fn data_dir_from(
    option: Option<&Path>,
    env: Option<PathBuf>,
    config: Option<&Path>,
    os_data: Option<PathBuf>,
) -> Result<(PathBuf, DataDirSource), LocateError> {
    let given = |p: &Path| !p.as_os_str().is_empty();
    if let Some(p) = option.filter(|p| given(p)) {
        return Ok((p.to_path_buf(), DataDirSource::Option));
    }
    if let Some(p) = env.filter(|p| given(p)) {
        return Ok((p, DataDirSource::Env));
    }
    if let Some(path) = config
        && let Some(p) = read_config(path)?.data_dir.filter(|p| given(p))
    {
        return Ok((p, DataDirSource::Config(path.to_path_buf())));
    }
    os_data
        .map(|p| (p, DataDirSource::Os))
        .ok_or(LocateError::NoHome)
}

/// The config file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the config file {}: {reason}", path.display())]
pub struct WriteConfigError {
    /// The config file.
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

/// Writes `dir` as the data folder into the config file in the OS config folder (what the
/// app's settings screen calls), keeping the file's other settings. Returns the file written.
pub fn write_config_data_dir(dir: &Path) -> Result<PathBuf, WriteConfigError> {
    let path = config_path().ok_or_else(|| WriteConfigError {
        path: PathBuf::from(CONFIG_FILE),
        reason: "this user has no OS config folder".into(),
    })?;
    write_config_data_dir_at(&path, dir)?;
    Ok(path)
}

/// [`write_config_data_dir`] with the config file's path given. The folder is made absolute
/// (relative to the current folder); the file is replaced atomically (written next to it,
/// then renamed), creating its folder if needed.
pub fn write_config_data_dir_at(path: &Path, dir: &Path) -> Result<(), WriteConfigError> {
    let fail = |reason: String| WriteConfigError {
        path: path.to_path_buf(),
        reason,
    };
    if dir.as_os_str().is_empty() {
        return Err(fail("the data folder is empty".into()));
    }
    let dir = std::path::absolute(dir).map_err(|e| fail(e.to_string()))?;
    let mut config = read_config(path).map_err(|e| fail(e.to_string()))?;
    config.data_dir = Some(dir);
    let text = ron::ser::to_string_pretty(&config, ron::ser::PrettyConfig::default())
        .map_err(|e| fail(e.to_string()))?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
    }
    let tmp = path.with_extension("ron.tmp");
    std::fs::write(&tmp, text + "\n").map_err(|e| fail(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e.to_string())
    })
}
