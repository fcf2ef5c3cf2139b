//! The real UI, driven through egui_kittest: find widgets by label, click,
//! press keys, and check the model and what is shown. One test binary; the
//! tests are grouped by topic in the modules below, the helpers in `common`.

#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)] // tests may unwrap; Cargo.toml warns elsewhere

mod annotate;
mod common;
mod compare;
mod desk;
mod documents;
mod find;
mod house;
mod import_export;
mod judgements;
mod keyboard;
mod labels;
mod layout;
mod rtl;
mod save;
mod suggest;
